import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { assertRegionAccess, Principal } from '@icjims/auth';
import { AGE_BANDS, FieldProblem, InvalidInputError, NotFoundError, SEXES } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { JURISDICTION } from '@icjims/platform';
import type { Labels } from '@icjims/jurisdiction';
import { ActivityCount } from '../counting/activity-count.entity';
import { protect } from '../disclosure/disclosure-control';
import { DisclosureSettings } from '../disclosure/disclosure-policy';
import { caseDurations } from '../flow/case-durations';
import { CASE_AGES, caseFlow, CaseBreakdown, PeriodSpan } from '../flow/case-flow';
import {
  Breakdown, durationMetricOf, findIndicator, flowMetricOf, IndicatorDefinition, isBreachIndicator, isCounted, isOutcomeIndicator, personPositionOf,
} from '../indicators/indicator-catalogue';
import { terminations } from '../outcomes/terminations';
import { deadlineBreaches } from '../liberty/deadline-breaches';
import { personCounts, PersonBreakdown, PersonPosition } from '../people/person-counts';
import { CountRow, countTable } from './count-table';
import { TableQuery } from './dto/table-query.dto';
import { Granularity, MAX_PERIODS, monthsOf, nextPeriod, PERIOD_FORMATS, periodOfMonth, periodsBack, periodsBetween } from './periods';
import { cellKeys, ExactTable, StatisticalTable, TableDimension, TableIndicator, TOTAL } from './statistical-table';
import { DISCLOSURE_SETTINGS } from './tables.constants';

/** How many periods a table spans when the query does not say. */
const DEFAULT_SPAN: Readonly<Record<Granularity, number>> = { month: 12, quarter: 4, year: 3 };

interface CountedRow {
  region: string;
  period: string;
  category: string;
  value: number;
}

/**
 * An indicator as a statistical table: the period and the breakdowns asked for, every
 * combination a cell (zero where nothing was counted), each breakdown with its total, under
 * disclosure control. One query per table.
 */
@Injectable()
export class TablesService {
  constructor(
    @InjectRepository(ActivityCount) private readonly counts: Repository<ActivityCount>,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
    @Inject(DISCLOSURE_SETTINGS) private readonly disclosure: DisclosureSettings,
  ) {}

  /**
   * `principal`: the analyst asking; none for the public (open data): then only an indicator
   * marked public is there, any region may be named, and figures are never exact.
   */
  async table(code: string, query: TableQuery, principal: Principal | undefined, language: string): Promise<StatisticalTable> {
    const indicator = findIndicator(code);
    if (!indicator || (!principal && !indicator.public)) {
      throw new NotFoundError(`indicator "${code.slice(0, 64)}" does not exist${principal ? '' : ' among the public ones'}; GET /api/v1/${principal ? '' : 'open-data/'}indicators lists them`);
    }
    if (principal && query.region !== undefined) assertRegionAccess(principal, query.region);
    const { periods, by, asOf } = this.checked(indicator, query);
    const ask: TableAsk = { indicator, periods, granularity: query.period ?? 'month', by, region: query.region ?? principal?.region, asOf, language };
    const exact = flowMetricOf(indicator.code)
      ? await this.flowTable(ask)
      : durationMetricOf(indicator.code)
        ? await this.durationTable(ask)
        : personPositionOf(indicator.code) || PERSON_SHARES[indicator.code]
          ? await this.peopleTable(ask)
          : isBreachIndicator(indicator.code)
            ? await this.breachTable(ask)
            : isOutcomeIndicator(indicator.code)
              ? await this.terminationTable(ask)
              : await this.countedTable(ask);
    const { minCellSize, minDenominator, exactForNational } = this.disclosure;
    return protect(exact, { minCellSize, minDenominator, exact: exactForNational && principal !== undefined && principal.region === undefined });
  }

  /** An indicator kept as running counts by region and month (and its category). */
  private async countedTable(ask: TableAsk): Promise<ExactTable> {
    const { indicator, periods, granularity, by, region, language } = ask;
    const rows: CountedRow[] = await this.counts.manager.query(
      `SELECT region, period, category, sum(value)::int AS value FROM activity_counts
        WHERE indicator = $1 AND period >= $2 AND period <= $3 AND ($4::text IS NULL OR region = $4)
        GROUP BY region, period, category`,
      [indicator.code, monthsOf(periods[0], granularity).first, monthsOf(periods.at(-1) as string, granularity).last, region ?? null],
    );
    const categoryOf = (row: CountedRow, breakdown: Breakdown) => (breakdown === 'region' ? row.region : row.category);
    const dimensions = [this.periodDimension(periods), ...by.map((breakdown) => this.dimension(breakdown, rows.map((row) => categoryOf(row, breakdown)), region, language))];
    const counted: CountRow[] = rows.map((row) => ({ key: [periodOfMonth(row.period, granularity), ...by.map((breakdown) => categoryOf(row, breakdown))], value: row.value }));
    // A step-type breakdown mixes case-level and person-level steps: counted as people throughout, so that no small cell of a person-level step shows.
    const personBased = indicator.personBased || indicator.personLevelCategories;
    return countTable({ indicator: tableIndicator(indicator, personBased), dimensions, language }, counted);
  }

  /** A figure of the flow of cases through a stage, from the facts, as they stood at asOf. */
  private async flowTable(ask: TableAsk): Promise<ExactTable> {
    const { indicator, periods, granularity, region, asOf, language } = ask;
    const { stage, metric } = flowMetricOf(indicator.code) as NonNullable<ReturnType<typeof flowMetricOf>>;
    // The age band is a category of the period's end, computed last; the others are the case's.
    const byAge = ask.by.includes('caseAge');
    const by = ask.by.filter((breakdown) => breakdown !== 'caseAge') as CaseBreakdown[];
    const spans = this.spansOf(periods, granularity);
    const rows = await caseFlow(this.counts.manager, { stage, periods: spans, by, region, asOf, ...(byAge && { byAge: { timeZone: this.jurisdiction.timeZone } }) });
    const order = [...by, ...(byAge ? (['caseAge'] as const) : [])];
    const dimensions = [this.periodDimension(periods), ...order.map((breakdown, i) => this.dimension(breakdown, rows.map((row) => row.key[i + 1]), region, language))];
    const spec = { indicator: tableIndicator(indicator, false), dimensions, ...(asOf && { asOf: asOf.toISOString() }), language };
    const tableOf = (figure: 'incoming' | 'resolved' | 'pending') => countTable(spec, rows.map((row) => ({ key: row.key, value: row[figure] })));
    if (metric !== 'clearance_rate' && metric !== 'disposition_time') return tableOf(metric);
    const days = new Map(spans.map((span) => [span.code, Math.round((span.ends.getTime() - span.starts.getTime()) / 86_400_000)]));
    return metric === 'clearance_rate'
      ? ratioTable(tableOf('resolved'), tableOf('incoming'), () => 100)
      : ratioTable(tableOf('pending'), tableOf('resolved'), (key) => days.get(key[0]) as number);
  }

  /** A quantile of the time cases took between two milestones; each total is its own quantile, not a sum. */
  private async durationTable(ask: TableAsk): Promise<ExactTable> {
    const { indicator, periods, granularity, region, asOf, language } = ask;
    const { span, quantile } = durationMetricOf(indicator.code) as NonNullable<ReturnType<typeof durationMetricOf>>;
    const by = ask.by as CaseBreakdown[];
    const rows = await caseDurations(this.counts.manager, { span, quantile, periods: this.spansOf(periods, granularity), by, region, asOf });
    const dimensions = [this.periodDimension(periods), ...by.map((breakdown, i) => this.dimension(breakdown, rows.map((row) => row.key[i + 1]).filter((code) => code !== TOTAL), region, language))];
    const byKey = new Map(rows.map((row) => [row.key.join('\u0000'), row]));
    // A combination with no case has no duration: withheld (small-denominator), exact or not.
    const cells = cellKeys(dimensions).map((key) => {
      const row = byKey.get(key.join('\u0000'));
      return { key, value: row?.days ?? 0, observations: row?.cases ?? 0 };
    });
    return { indicator: tableIndicator(indicator, false), dimensions, ...(asOf && { asOf: asOf.toISOString() }), language, cells };
  }

  /** Persons reaching a position, by their categories: counts of people (or, for a share, the ratio of two). */
  private async peopleTable(ask: TableAsk): Promise<ExactTable> {
    const { indicator, periods, granularity, region, asOf, language } = ask;
    const by = ask.by as PersonBreakdown[];
    const count = (position: PersonPosition) => personCounts(this.counts.manager, { position, periods: this.spansOf(periods, granularity), by, region, asOf });
    const share = PERSON_SHARES[indicator.code];
    const [rows, denominators] = share ? [await count(share.of), await count(share.among)] : [await count(personPositionOf(indicator.code) as PersonPosition), []];
    const codesAt = (i: number) => [...rows, ...denominators].map((row) => row.key[i + 1]);
    const dimensions = [this.periodDimension(periods), ...by.map((breakdown, i) => this.dimension(breakdown, codesAt(i), region, language))];
    const spec = { indicator: tableIndicator(indicator, true), dimensions, ...(asOf && { asOf: asOf.toISOString() }), language };
    return share ? ratioTable(countTable(spec, rows), countTable(spec, denominators), () => 100) : countTable(spec, rows);
  }

  /** Deadline breaches by rule and region: each concerns a person or a case; counted as people. */
  private async breachTable(ask: TableAsk): Promise<ExactTable> {
    const { indicator, periods, granularity, by, region, asOf, language } = ask;
    const rows = await deadlineBreaches(this.counts.manager, { periods: this.spansOf(periods, granularity), byRegion: by.includes('region'), byRule: by.includes('rule'), region, asOf });
    // The query gives region before rule; the table follows the order asked for.
    const order = (['region', 'rule'] as const).filter((breakdown) => by.includes(breakdown));
    const keyed = rows.map((row) => ({ value: row.value, key: [row.key[0], ...by.map((breakdown) => row.key[1 + order.indexOf(breakdown as 'region')])] }));
    const dimensions = [this.periodDimension(periods), ...by.map((breakdown, i) => this.dimension(breakdown, keyed.map((row) => row.key[i + 1]), region, language))];
    return countTable({ indicator: tableIndicator(indicator, true), dimensions, ...(asOf && { asOf: asOf.toISOString() }), language }, keyed);
  }

  /** Cases terminated by ground and the case's breakdowns: counts of cases. */
  private async terminationTable(ask: TableAsk): Promise<ExactTable> {
    const { indicator, periods, granularity, region, asOf, language } = ask;
    const by = ask.by as (CaseBreakdown | 'ground')[];
    const rows = await terminations(this.counts.manager, { periods: this.spansOf(periods, granularity), by, region, asOf });
    const dimensions = [this.periodDimension(periods), ...by.map((breakdown, i) => this.dimension(breakdown, rows.map((row) => row.key[i + 1]), region, language))];
    return countTable({ indicator: tableIndicator(indicator, false), dimensions, ...(asOf && { asOf: asOf.toISOString() }), language }, rows);
  }

  private spansOf(periods: readonly string[], granularity: Granularity): PeriodSpan[] {
    return periods.map((code) => ({ code, starts: this.periodStart(code, granularity), ends: this.periodStart(nextPeriod(code, granularity), granularity) }));
  }

  /** The first instant of a period in the jurisdiction's zone. */
  private periodStart(code: string, granularity: Granularity): Date {
    return this.jurisdiction.zonedInstant(`${monthsOf(code, granularity).first}-01T00:00`);
  }

  private periodDimension(periods: readonly string[]): TableDimension {
    return { code: 'period', label: 'Period', categories: periods.map((period) => ({ code: period, label: period })) };
  }

  /** The periods and breakdowns asked for, or a 400 naming every field that is wrong. */
  private checked(indicator: IndicatorDefinition, query: TableQuery): { periods: string[]; by: Breakdown[]; asOf?: Date } {
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
    let periods: string[] = [];
    try {
      const to = query.to ?? periodOfMonth(this.jurisdiction.localMonth(new Date()), granularity);
      const from = query.from ?? periodsBack(to, DEFAULT_SPAN[granularity], granularity);
      periods = periodsBetween(from, to, granularity);
      if (!periods.length) problems.push({ field: 'to', reason: 'to must not be before from' });
      if (periods.length > MAX_PERIODS) problems.push({ field: 'from', reason: `a table spans at most ${MAX_PERIODS} periods` });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const field = query.from !== undefined && !isPeriodLike(query.from, granularity) ? 'from' : 'to';
      problems.push({ field, reason: `${field} must be a ${granularity}, written ${PERIOD_FORMATS[granularity]}` });
    }
    const asOf = query.asOf === undefined ? undefined : new Date(query.asOf);
    if (asOf && isCounted(indicator.code)) problems.push({ field: 'asOf', reason: `indicator ${indicator.code} is kept as running counts: it has no figures as of a date` });
    if (asOf && asOf.getTime() > Date.now()) problems.push({ field: 'asOf', reason: 'asOf must not be in the future' });
    if (problems.length) throw new InvalidInputError(`The request has ${problems.length} invalid field${problems.length === 1 ? '' : 's'}`, problems);
    return { periods, by, asOf };
  }

  /** A breakdown's categories: the pack's (every region, every citizenship group …) and any others counted, then the total. */
  private dimension(breakdown: Breakdown, counted: readonly string[], region: string | undefined, language: string): TableDimension {
    const known = this.packCategories(breakdown, region, language);
    const others = [...new Set(counted)].filter((code) => !known.has(code)).sort();
    const codes = region !== undefined && breakdown === 'region' ? [region] : [...known.keys(), ...others];
    const categories = codes.map((code) => ({ code, label: known.get(code) ?? code }));
    // A regional caller's one region has no total: it would be the same figure.
    const total = region !== undefined && breakdown === 'region' ? [] : [{ code: TOTAL, label: 'Total' }];
    return { code: breakdown, label: BREAKDOWN_LABELS[breakdown], categories: [...categories, ...total] };
  }

  /** The categories the pack names for a breakdown (those of `region` for its districts and agencies), labelled in `language`. */
  private packCategories(breakdown: Breakdown, region: string | undefined, language: string): Map<string, string> {
    const pack = this.jurisdiction.pack;
    const label = (labels: Labels) => this.jurisdiction.label(labels, language);
    const regions = pack.regions.filter((candidate) => region === undefined || candidate.code === region);
    switch (breakdown) {
      case 'region':
        return new Map(pack.regions.map((candidate) => [candidate.code, label(candidate.labels)]));
      case 'citizenshipGroup':
        return new Map([...pack.citizenshipGroups.map((group) => [group.code, label(group.labels)] as const), ...(pack.citizenshipGroups.some((group) => group.code === 'unknown') ? [] : [['unknown', 'Unknown'] as const])]);
      case 'district':
        return new Map(regions.flatMap((candidate) => candidate.districts.map((district) => [`${candidate.code}.${district.code}`, `${label(district.labels)} (${label(candidate.labels)})`] as const)));
      case 'agency':
        return new Map(pack.agencies.filter((agency) => region === undefined || !agency.region || agency.region === region).map((agency) => [agency.code, label(agency.labels)]));
      case 'iccsSection':
        return new Map(pack.iccsSections.map((section) => [section.code, `${section.code} ${label(section.labels)}`]));
      case 'article':
        return new Map(pack.offences.map((offence) => [offence.article, `${offence.article} ${label(offence.labels)}`]));
      case 'caseAge':
        return new Map(CASE_AGES.map((age) => [age, CASE_AGE_LABELS[age]]));
      case 'sex':
        return new Map(SEXES.map((sex) => [sex, sex === 'unknown' ? 'Unknown' : sex === 'female' ? 'Female' : 'Male']));
      case 'ageBand':
        return new Map(AGE_BANDS.map((band) => [band, band === 'unknown' ? 'Unknown' : band.replace('_plus', ' and over').replace('under_', 'under ').replace('_', '–')]));
      case 'rule':
        return new Map(pack.deadlineRules.map((rule) => [rule.code, label(rule.labels)]));
      case 'ground':
        return new Map([...pack.terminationGrounds.map((ground) => [ground.code, label(ground.labels)] as const), ['unknown', 'Unknown'] as const]);
      case 'juvenile':
      case 'disability':
        return new Map([['yes', 'Yes'], ['no', 'No'], ['unknown', 'Unknown']]);
      default:
        return new Map();
    }
  }
}

const CASE_AGE_LABELS: Readonly<Record<(typeof CASE_AGES)[number], string>> = {
  under_3_months: 'Under 3 months',
  '3_to_6_months': '3 to 6 months',
  '6_to_12_months': '6 to 12 months',
  '12_to_24_months': '12 to 24 months',
  over_24_months: 'Over 24 months',
};

const BREAKDOWN_LABELS: Readonly<Record<Breakdown, string>> = {
  region: 'Region',
  month: 'Month',
  stepType: 'Step type',
  citizenshipGroup: 'Citizenship group',
  district: 'District',
  agency: 'Agency',
  iccsSection: 'ICCS section',
  article: 'Offence (article)',
  caseAge: 'Age of the case',
  sex: 'Sex',
  ageBand: 'Age band',
  juvenile: 'Juvenile',
  disability: 'Disability',
  rule: 'Deadline rule',
  ground: 'Legal ground',
};

/** The people indicators that are a share of persons in one position among those in another. */
const PERSON_SHARES: Readonly<Record<string, { of: PersonPosition; among: PersonPosition }>> = {
  conviction_share: { of: 'judged_convicted', among: 'judged' },
  non_custodial_sentence_share: { of: 'sentenced_non_custodial', among: 'sentenced' },
};

interface TableAsk {
  indicator: IndicatorDefinition;
  periods: string[];
  granularity: Granularity;
  by: Breakdown[];
  region?: string;
  asOf?: Date;
  language: string;
}

function tableIndicator(indicator: IndicatorDefinition, personBased: boolean): TableIndicator {
  return { code: indicator.code, version: indicator.version, title: indicator.title, unit: indicator.unit, measure: indicator.measure, personBased };
}

/**
 * numerator ÷ denominator × scale(key), cell by cell (one decimal), keeping both counts for
 * disclosure control; a ratio over nothing has no value and is withheld (small-denominator), exact or not.
 */
function ratioTable(numerators: ExactTable, denominators: ExactTable, scale: (key: readonly string[]) => number): ExactTable {
  return {
    ...numerators,
    cells: numerators.cells.map((cell, index) => {
      const denominator = denominators.cells[index].value;
      const value = denominator === 0 ? 0 : Math.round((cell.value / denominator) * scale(cell.key) * 10) / 10;
      return { key: cell.key, value, numerator: cell.value, denominator };
    }),
  };
}

function isPeriodLike(code: string, granularity: Granularity): boolean {
  try {
    periodsBetween(code, code, granularity);
    return true;
  } catch {
    return false;
  }
}
