import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { assertRegionAccess, Principal } from '@icjims/auth';
import { FieldProblem, InvalidInputError, NotFoundError } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { JURISDICTION } from '@icjims/platform';
import { ActivityCount } from '../counting/activity-count.entity';
import { protect } from '../disclosure/disclosure-control';
import { DisclosureSettings } from '../disclosure/disclosure-policy';
import { Breakdown, findIndicator, IndicatorDefinition } from '../indicators/indicator-catalogue';
import { CountRow, countTable } from './count-table';
import { TableQuery } from './dto/table-query.dto';
import { Granularity, MAX_PERIODS, monthsOf, PERIOD_FORMATS, periodOfMonth, periodsBack, periodsBetween } from './periods';
import { StatisticalTable, TableDimension, TOTAL } from './statistical-table';
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

  async table(code: string, query: TableQuery, principal: Principal, language: string): Promise<StatisticalTable> {
    const indicator = findIndicator(code);
    if (!indicator) throw new NotFoundError(`indicator "${code.slice(0, 64)}" does not exist; GET /api/v1/indicators lists them`);
    if (query.region !== undefined) assertRegionAccess(principal, query.region);
    const { periods, by } = this.checked(indicator, query);
    const granularity = query.period ?? 'month';
    const region = query.region ?? principal.region;

    const rows: CountedRow[] = await this.counts.manager.query(
      `SELECT region, period, category, sum(value)::int AS value FROM activity_counts
        WHERE indicator = $1 AND period >= $2 AND period <= $3 AND ($4::text IS NULL OR region = $4)
        GROUP BY region, period, category`,
      [indicator.code, monthsOf(periods[0], granularity).first, monthsOf(periods.at(-1) as string, granularity).last, region ?? null],
    );
    const dimensions: TableDimension[] = [
      { code: 'period', label: 'Period', categories: periods.map((period) => ({ code: period, label: period })) },
      ...by.map((breakdown) => this.dimension(breakdown, rows, region, language)),
    ];
    const counted: CountRow[] = rows.map((row) => ({
      key: [periodOfMonth(row.period, granularity), ...by.map((breakdown) => (breakdown === 'region' ? row.region : row.category))],
      value: row.value,
    }));
    const exact = countTable(
      {
        // A step-type breakdown mixes case-level and person-level steps: counted as people throughout, so that no small cell of a person-level step shows.
        indicator: { code: indicator.code, version: indicator.version, title: indicator.title, unit: indicator.unit, measure: indicator.measure, personBased: indicator.personBased || indicator.personLevelCategories },
        dimensions,
        language,
      },
      counted,
    );
    const { minCellSize, minDenominator, exactForNational } = this.disclosure;
    return protect(exact, { minCellSize, minDenominator, exact: exactForNational && principal.region === undefined });
  }

  /** The periods and breakdowns asked for, or a 400 naming every field that is wrong. */
  private checked(indicator: IndicatorDefinition, query: TableQuery): { periods: string[]; by: Breakdown[] } {
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
    if (problems.length) throw new InvalidInputError(`The request has ${problems.length} invalid field${problems.length === 1 ? '' : 's'}`, problems);
    return { periods, by };
  }

  /** A breakdown's categories: the pack's (every region, every citizenship group) and any others counted, then the total. */
  private dimension(breakdown: Breakdown, rows: readonly CountedRow[], region: string | undefined, language: string): TableDimension {
    const counted = [...new Set(rows.map((row) => (breakdown === 'region' ? row.region : row.category)))];
    const known = this.packCategories(breakdown, language);
    const codes = region !== undefined && breakdown === 'region' ? [region] : [...known.keys(), ...counted.filter((code) => !known.has(code)).sort()];
    const categories = codes.map((code) => ({ code, label: known.get(code) ?? code }));
    // A regional caller's one region has no total: it would be the same figure.
    const total = region !== undefined && breakdown === 'region' ? [] : [{ code: TOTAL, label: 'Total' }];
    return { code: breakdown, label: BREAKDOWN_LABELS[breakdown], categories: [...categories, ...total] };
  }

  private packCategories(breakdown: Breakdown, language: string): Map<string, string> {
    const pack = this.jurisdiction.pack;
    if (breakdown === 'region') return new Map(pack.regions.map((region) => [region.code, this.jurisdiction.label(region.labels, language)]));
    if (breakdown === 'citizenshipGroup') return new Map(pack.citizenshipGroups.map((group) => [group.code, this.jurisdiction.label(group.labels, language)]));
    return new Map();
  }
}

const BREAKDOWN_LABELS: Readonly<Record<Breakdown, string>> = { region: 'Region', month: 'Month', stepType: 'Step type', citizenshipGroup: 'Citizenship group' };

function isPeriodLike(code: string, granularity: Granularity): boolean {
  try {
    periodsBetween(code, code, granularity);
    return true;
  } catch {
    return false;
  }
}
