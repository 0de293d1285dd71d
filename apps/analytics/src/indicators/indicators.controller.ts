import { Controller, Get, Header, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, RequestLanguage } from '@icjims/platform';
import { IndicatorDto, IndicatorValuesDto } from './dto/indicator.dto';
import { IndicatorQuery } from './dto/indicator-query.dto';
import { categoryBreakdownOf, INDICATOR_CODES } from './indicator-catalogue';
import { indicatorRowsToCsv } from './indicator-csv';
import { IndicatorsService } from './indicators.service';
import { RevisionsDto } from '../revisions/dto/revisions.dto';
import type { Revisions } from '../revisions/revisions';
import { StatisticalTableDto } from '../tables/dto/statistical-table.dto';
import { TableQuery } from '../tables/dto/table-query.dto';
import { TABLE_CONTENT_TYPES } from '../formats/negotiate';
import { sendTable, TABLE_PATHS, tableFormatOf } from '../formats/table-response';
import { TablesService } from '../tables/tables.service';

const CODE_PARAM = { name: 'code', enum: [...INDICATOR_CODES], description: 'An indicator code from GET /api/v1/indicators' };

/**
 * Performance indicators for analysts. The CSV form of an indicator is its own path,
 * `/indicators/{code}.csv`, so that it can be opened or downloaded from a plain link.
 * (Its route is declared before `/indicators/{code}`, which would otherwise take it.)
 */
@ApiTags('indicators')
@Controller('indicators')
@Roles('analyst', 'admin')
export class IndicatorsController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly tables: TablesService,
  ) {}

  @Get()
  @AccessTo({ action: 'list', resourceType: 'indicator' })
  @ApiOperation({ summary: 'The indicator catalogue: each indicator’s code, definition, formula, unit and breakdowns' })
  @ApiOkResponse({ type: [IndicatorDto] })
  @ApiProblems()
  catalogue(@RequestLanguage() language: string): IndicatorDto[] {
    return this.indicators.catalogue(language);
  }

  @Get(':code.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @AccessTo({ action: 'read', resourceType: 'indicator', resourceIdParam: 'code' })
  @ApiOperation({
    summary: 'An indicator’s values as CSV',
    description:
      'The rows of GET /indicators/{code} as RFC 4180 CSV with a header line: region, period, [category,] value, suppressed. A suppressed value is empty; categories are codes (no names).',
  })
  @ApiParam(CODE_PARAM)
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'CSV with a header line',
    content: { 'text/csv': { schema: { type: 'string' }, example: 'region,period,value,suppressed\r\nKG-GB,2026-11,42,false\r\n' } },
  })
  @ApiProblems(400, 404)
  async csv(@Param('code') code: string, @Query() query: IndicatorQuery, @CurrentPrincipal() principal: Principal): Promise<string> {
    const { indicator, rows } = await this.indicators.values(code, query, principal, 'en');
    return indicatorRowsToCsv(rows, categoryBreakdownOf(indicator) !== undefined);
  }

  @Get(':code/revisions')
  @AccessTo({ action: 'read', resourceType: 'indicator', resourceIdParam: 'code' })
  @ApiOperation({
    summary: 'The revisions of an indicator’s table since a date: the cells whose published figure changed',
    description:
      'The table asked for (the same query as GET /indicators/{code}/table) as it stood at `asOf` — only what was recorded by then, corrections made by then applied — compared cell by cell with the same table now, both as published under disclosure control. ' +
      'Lists each cell whose figure, or whether it is withheld, differs, with the change when both figures are published. `asOf` is required; indicators kept as running counts have no figures as of a date (400).',
  })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: RevisionsDto })
  @ApiProblems(400, 404, 503)
  revisions(@Param('code') code: string, @Query() query: TableQuery, @CurrentPrincipal() principal: Principal, @RequestLanguage() language: string): Promise<Revisions> {
    return this.tables.revisions(code, query, principal, language);
  }

  @Get(':code/:table')
  @AccessTo({ action: 'read', resourceType: 'indicator', resourceIdParam: 'code' })
  @ApiOperation({
    summary: 'An indicator as a statistical table: by period (month, quarter or year) and the breakdowns asked for',
    description:
      'Every combination of the periods and the categories of each breakdown is a cell — zero where nothing was counted, never a gap — and each breakdown ends with its total (`_T`). ' +
      'Regional callers see their own region only. Cells are published under disclosure control (exact figures, where the installation gives them to national analysts, in the JSON form only: the CSV, JSON-stat and SDMX-CSV files are always protected): a withheld cell has `value: null` and a `suppression` reason (primary: a count of people between 1 and the minimum cell size; secondary: withheld so that a primary one cannot be recovered from the totals). ' +
      'Labels follow Accept-Language; codes do not. ' +
      'Formats (docs/api-guide.md, Formats): JSON, CSV (RFC 4180), JSON-stat 2.0 and SDMX-CSV 2.0, chosen by the path (`table`, `table.json`, `table.csv`, `table.jsonstat`, `table.sdmx.csv`) or, for `table`, by Accept; none acceptable is a 406.',
  })
  @ApiParam(CODE_PARAM)
  @ApiParam({ name: 'table', enum: TABLE_PATHS, description: 'The table, with the extension of a format or without' })
  @ApiProduces(...TABLE_CONTENT_TYPES)
  @ApiOkResponse({ type: StatisticalTableDto, description: 'The table; as JSON this schema, in the other formats as their specifications say' })
  @ApiProblems(400, 404, 406, 503)
  async table(
    @Param('code') code: string,
    @Param('table') path: string,
    @Query() query: TableQuery,
    @CurrentPrincipal() principal: Principal,
    @RequestLanguage() language: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const format = tableFormatOf(path, accept, '/indicators/{code}/table');
    // Exact figures (where the policy gives them) are for viewing here; a file leaving the system is protected.
    const table = await this.tables.table(code, query, principal, language, format !== 'json');
    return sendTable(response, table, format, { labels: query.labels === 'true', updated: new Date().toISOString() });
  }

  @Get(':code')
  @AccessTo({ action: 'read', resourceType: 'indicator', resourceIdParam: 'code' })
  @ApiOperation({
    summary: 'An indicator’s values by region, month (and category)',
    description:
      'Regional callers see their own region only. Person-based cells between 1 and the minimum cell size are suppressed. Categories the jurisdiction pack labels (citizenship groups) carry their name in the language of Accept-Language.',
  })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: IndicatorValuesDto })
  @ApiProblems(400, 404)
  values(
    @Param('code') code: string,
    @Query() query: IndicatorQuery,
    @CurrentPrincipal() principal: Principal,
    @RequestLanguage() language: string,
  ): Promise<IndicatorValuesDto> {
    return this.indicators.values(code, query, principal, language);
  }
}
