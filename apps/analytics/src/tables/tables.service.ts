import { Inject, Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
import { assertRegionAccess, Principal } from '@icjims/auth';
import { FieldProblem, InvalidInputError, NotFoundError } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { readsSideBySide, readsTogether } from '@icjims/persistence';
import { JURISDICTION } from '@icjims/platform';
import { protect } from '../disclosure/disclosure-control';
import { DisclosureSettings } from '../disclosure/disclosure-policy';
import { Breakdown, familyOf, findIndicator, IndicatorDefinition, isCounted } from '../indicators/indicator-catalogue';
import { Revisions, revisionsOf } from '../revisions/revisions';
import { breakdownLabel, textsIn, titled } from '../i18n/texts';
import { packCategories } from './breakdown-categories';
import { PeriodSpan, TableAsk } from './indicator-family';
import { TableQuery } from './dto/table-query.dto';
import {
  dateRange, Granularity, isCalendarDate, isPeriod, MAX_PERIODS, MAX_RANGE_DAYS, monthsOf, nextPeriod, PERIOD_FORMATS, periodOfMonth, periodsBack, periodsBetween,
} from './periods';
import { ExactTable, StatisticalTable, TableDimension, TOTAL } from './statistical-table';
import { isStatementTimeout, TABLE_TIME_LIMIT, TableTimeLimitError } from './table-time-limit';
import { DISCLOSURE_SETTINGS } from './tables.constants';

/** How many periods a table spans when the query does not say. */
const DEFAULT_SPAN: Readonly<Record<Granularity, number>> = { month: 12, quarter: 4, year: 3 };

/**
 * An indicator as a statistical table: the period and the breakdowns asked for, every
 * combination a cell (zero where nothing was counted), each breakdown with its total, under
 * disclosure control. One query per table.
 */
@Injectable()
export class TablesService {
  constructor(
    @InjectEntityManager() private readonly manager: EntityManager,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
    @Inject(DISCLOSURE_SETTINGS) private readonly disclosure: DisclosureSettings,
    @Inject(TABLE_TIME_LIMIT) private readonly timeLimitMs: number,
  ) {}

  /**
   * `principal`: the analyst asking; none for the public (open data): then only an indicator
   * marked public is there, any region may be named, and figures are never exact. `exported`:
   * the table leaves the system as a file (CSV, JSON-stat, SDMX-CSV): protected, whoever asks.
   */
  async table(code: string, query: TableQuery, principal: Principal | undefined, language: string, exported = false): Promise<StatisticalTable> {
    const indicator = findIndicator(code);
    if (!indicator || (!principal && !indicator.public)) {
      throw new NotFoundError(`indicator "${code.slice(0, 64)}" does not exist${principal ? '' : ' among the public ones'}; GET /api/v1/${principal ? '' : 'open-data/'}indicators lists them`);
    }
    if (principal && query.region !== undefined) assertRegionAccess(principal, query.region);
    const { periods, spans, by, asOf } = this.checked(indicator, query);
    const ask: TableAsk = { indicator, periods, spans, granularity: query.period ?? 'month', by, region: query.region ?? principal?.region, asOf, language };
    const exact = await this.computed(ask);
    const { minCellSize, minDenominator, exactForNational } = this.disclosure;
    return protect({ ...exact, indicator: titled(exact.indicator, language) }, { minCellSize, minDenominator, exact: exactForNational && !exported && principal !== undefined && principal.region === undefined });
  }

  /**
   * The family's exact table, read in one message that opens a read-only transaction, runs the
   * family's queries and commits (`readsTogether`), each query ended by the database after the time
   * limit: a table too heavy to compute is a 503, and never holds a connection for long.
   */
  private async computed(ask: TableAsk): Promise<ExactTable> {
    try {
      return await familyOf(ask.indicator.code).table(ask, {
        manager: readsTogether(this.manager, this.timeLimitMs),
        sideBySide: readsSideBySide(this.manager, this.timeLimitMs),
        jurisdiction: this.jurisdiction,
        timeZone: this.jurisdiction.timeZone,
        dimensions: (keys, order = ask.by) => [this.periodDimension(ask.periods, ask.language), ...order.map((breakdown, i) => this.dimension(breakdown, keys.map((key) => key[i + 1]), ask.region, ask.language))],
      });
    } catch (error) {
      if (!isStatementTimeout(error)) throw error;
      throw new TableTimeLimitError(`The table took longer than ${this.timeLimitMs} ms to compute: ask for fewer periods or breakdowns, or try again later`);
    }
  }

  /**
   * The revision of a table: the figures as they stood at the query's asOf against the same
   * figures now, both as published. asOf is required.
   */
  async revisions(code: string, query: TableQuery, principal: Principal, language: string): Promise<Revisions> {
    if (query.asOf === undefined) throw new InvalidInputError('The request has 1 invalid field', [{ field: 'asOf', reason: 'a revision compares the figures as of a date with the current ones: asOf is required' }]);
    const before = await this.table(code, query, principal, language);
    return revisionsOf(before, await this.table(code, { ...query, asOf: undefined }, principal, language));
  }

  private periodDimension(periods: readonly string[], language: string): TableDimension {
    return { code: 'period', label: textsIn(language).table.period, categories: periods.map((period) => ({ code: period, label: period })) };
  }

  /** The periods and breakdowns asked for, or a 400 naming every field that is wrong. */
  private checked(indicator: IndicatorDefinition, query: TableQuery): { periods: string[]; spans: PeriodSpan[]; by: Breakdown[]; asOf?: Date } {
    const problems: FieldProblem[] = [];
    const granularity = query.period ?? 'month';
    const allowed: readonly Breakdown[] = indicator.breakdowns.filter((breakdown) => breakdown !== 'month');
    const by = (query.by?.split(',') ?? []) as Breakdown[];
    for (const breakdown of by) {
      if (!allowed.includes(breakdown)) problems.push({ field: 'by', reason: `indicator ${indicator.code} is not broken down by ${breakdown} (only by ${allowed.join(', ')})` });
    }
    if (new Set(by).size !== by.length) problems.push({ field: 'by', reason: 'by names a breakdown twice' });
    if (query.region !== undefined && !this.jurisdiction.region(query.region)) {
      problems.push({ field: 'region', reason: `${query.region} is not a region of the ${this.jurisdiction.code} jurisdiction pack` });
    }
    const { periods, spans } = granularity === 'range' ? this.range(indicator, query, problems) : this.periods(granularity, query, problems);
    const asOf = query.asOf === undefined ? undefined : new Date(query.asOf);
    if (asOf && isCounted(indicator.code)) problems.push({ field: 'asOf', reason: `indicator ${indicator.code} is kept as running counts: it has no figures as of a date` });
    if (asOf && asOf.getTime() > Date.now()) problems.push({ field: 'asOf', reason: 'asOf must not be in the future' });
    if (problems.length) throw new InvalidInputError(`The request has ${problems.length} invalid field${problems.length === 1 ? '' : 's'}`, problems);
    return { periods, spans, by, asOf };
  }

  /** Months, quarters or years from `from` to `to` (default: the latest few up to the current one). */
  private periods(granularity: Granularity, query: TableQuery, problems: FieldProblem[]): { periods: string[]; spans: PeriodSpan[] } {
    try {
      const to = query.to ?? periodOfMonth(this.jurisdiction.localMonth(new Date()), granularity);
      const from = query.from ?? periodsBack(to, DEFAULT_SPAN[granularity], granularity);
      const periods = periodsBetween(from, to, granularity);
      if (!periods.length) problems.push({ field: 'to', reason: 'to must not be before from' });
      if (periods.length > MAX_PERIODS) problems.push({ field: 'from', reason: `a table spans at most ${MAX_PERIODS} periods` });
      const start = (code: string) => this.jurisdiction.zonedInstant(`${monthsOf(code, granularity).first}-01T00:00`);
      return { periods, spans: periods.map((code) => ({ code, starts: start(code), ends: start(nextPeriod(code, granularity)) })) };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const field = query.from !== undefined && !isPeriod(query.from, granularity) ? 'from' : 'to';
      problems.push({ field, reason: `${field} must be a ${granularity}, written ${PERIOD_FORMATS[granularity]}` });
      return { periods: [], spans: [] };
    }
  }

  /** One period: the days from `from` to `to`, both included, in the jurisdiction's calendar. */
  private range(indicator: IndicatorDefinition, query: TableQuery, problems: FieldProblem[]): { periods: string[]; spans: PeriodSpan[] } {
    if (isCounted(indicator.code)) {
      problems.push({ field: 'period', reason: `indicator ${indicator.code} is kept as running counts by month: its periods are months, quarters or years, not a range of days` });
    }
    for (const field of ['from', 'to'] as const) {
      const day = query[field];
      if (day === undefined || !isCalendarDate(day)) problems.push({ field, reason: `${field} must be a date, written YYYY-MM-DD: period=range covers the days from from to to, both included` });
    }
    if (problems.some((problem) => problem.field === 'from' || problem.field === 'to')) return { periods: [], spans: [] };
    const range = dateRange(query.from as string, query.to as string);
    if (range.days < 1) problems.push({ field: 'to', reason: 'to must not be before from' });
    if (range.days > MAX_RANGE_DAYS) problems.push({ field: 'to', reason: `a range covers at most ${MAX_RANGE_DAYS} days` });
    const span = { code: range.code, starts: this.jurisdiction.zonedInstant(`${range.first}T00:00`), ends: this.jurisdiction.zonedInstant(`${range.next}T00:00`) };
    return { periods: [range.code], spans: [span] };
  }

  /** A breakdown's categories: the pack's (every region, every citizenship group …) and any others counted, then the total. */
  private dimension(breakdown: Breakdown, counted: readonly string[], region: string | undefined, language: string): TableDimension {
    const known = packCategories(this.jurisdiction, breakdown, region, language);
    const others = [...new Set(counted)].filter((code) => !known.has(code)).sort();
    const codes = region !== undefined && breakdown === 'region' ? [region] : [...known.keys(), ...others];
    const categories = codes.map((code) => ({ code, label: known.get(code) ?? code }));
    // A regional caller's one region has no total: it would be the same figure.
    const total = region !== undefined && breakdown === 'region' ? [] : [{ code: TOTAL, label: textsIn(language).table.total }];
    return { code: breakdown, label: breakdownLabel(breakdown, language), categories: [...categories, ...total] };
  }
}
