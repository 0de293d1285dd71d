import { Controller, Get, Headers, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@icjims/auth';
import { AccessTo, RequestLanguage } from '@icjims/platform';
import { TABLE_CONTENT_TYPES } from '../formats/negotiate';
import { sendTable, TABLE_PATHS, tableFormatOf } from '../formats/table-response';
import { IndicatorDto } from '../indicators/dto/indicator.dto';
import { catalogueEntry } from '../indicators/catalogue-entry';
import { INDICATOR_CATALOGUE } from '../indicators/indicator-catalogue';
import { StatisticalTableDto } from '../tables/dto/statistical-table.dto';
import { TableQuery } from '../tables/dto/table-query.dto';
import { TablesService } from '../tables/tables.service';
import { makeCacheable, OPEN_DATA_MAX_AGE } from './open-data-cache';
import { CACHE_HEADERS, OpenDataResponses } from './open-data.openapi';

const PUBLIC_CODES = INDICATOR_CATALOGUE.filter((indicator) => indicator.public).map((indicator) => indicator.code);

/**
 * The open-data interface: the indicators marked public, as disclosure-controlled tables, to
 * anyone without a token (civil-society monitors, journalists). Nothing here depends on who
 * asks — a token, if one is sent, is ignored — so every answer may be cached by anyone:
 * `Cache-Control: public`, a strong ETag, 304 on a matching If-None-Match. The per-address
 * rate limit applies as to every /api/v1 request; the access entries name no caller.
 */
@ApiTags('open data')
@Public()
@Controller('open-data/indicators')
export class OpenDataController {
  constructor(
    private readonly tables: TablesService,
    @Inject(OPEN_DATA_MAX_AGE) private readonly maxAge: number,
  ) {}

  @Get()
  @AccessTo({ action: 'list', resourceType: 'indicator', anonymous: true })
  @ApiOperation({
    summary: 'The public indicators: each one’s code, definition, formula, unit and breakdowns (no token needed)',
    description: 'The entries of the analysts’ catalogue (GET /api/v1/indicators) marked `public`. Cacheable by anyone (Cache-Control, ETag).',
    security: [],
  })
  @ApiOkResponse({ type: [IndicatorDto], headers: CACHE_HEADERS })
  @OpenDataResponses(400)
  catalogue(@RequestLanguage() language: string, @Res({ passthrough: true }) response: Response): string {
    const body = JSON.stringify(INDICATOR_CATALOGUE.filter((indicator) => indicator.public).map((indicator) => catalogueEntry(indicator, language)));
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    makeCacheable(response, body, this.maxAge);
    return body;
  }

  @Get(':code/:table')
  @AccessTo({ action: 'read', resourceType: 'indicator', resourceIdParam: 'code', anonymous: true })
  @ApiOperation({
    summary: 'A public indicator as a statistical table, always under disclosure control (no token needed)',
    description:
      'The table of GET /api/v1/indicators/{code}/table for an indicator marked public, for any region or the whole country, whoever asks: ' +
      'never exact — counts of people between 1 and the minimum cell size are withheld, and so is whatever would give them away (secondary), whatever the installation lets national analysts see. ' +
      'Any other indicator is a 404. Formats as for analysts (JSON, CSV, JSON-stat 2.0, SDMX-CSV 2.0), by the path’s extension or by Accept; none acceptable is a 406. ' +
      'The JSON-stat form carries no `updated` (but an as-of table its asOf), so that the same figures are the same bytes under the same ETag. ' +
      'Cacheable by anyone: Cache-Control `public, max-age`, a strong ETag, 304 for a matching If-None-Match, Vary: Accept, Accept-Language.',
    security: [],
  })
  @ApiParam({ name: 'code', enum: PUBLIC_CODES, description: 'A public indicator’s code, from GET /api/v1/open-data/indicators' })
  @ApiParam({ name: 'table', enum: TABLE_PATHS, description: 'The table, with the extension of a format or without' })
  @ApiProduces(...TABLE_CONTENT_TYPES)
  @ApiOkResponse({ type: StatisticalTableDto, headers: CACHE_HEADERS, description: 'The table; as JSON this schema, in the other formats as their specifications say' })
  @OpenDataResponses(400, 404, 406, 503)
  async table(
    @Param('code') code: string,
    @Param('table') path: string,
    @Query() query: TableQuery,
    @RequestLanguage() language: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const format = tableFormatOf(path, accept, '/api/v1/open-data/indicators/{code}/table');
    // No principal, ever: the public tables (TablesService) — public indicators only, never exact.
    const table = await this.tables.table(code, query, undefined, language);
    const body = sendTable(response, table, format, { labels: query.labels === 'true' });
    makeCacheable(response, body, this.maxAge);
    return body;
  }
}
