import type { Reads } from '@icjims/persistence';
import { commonParameters, periodOfSql, PERIODS_SQL } from '../facts/facts-sql';
import type { PeriodSpan } from '../tables/indicator-family';
import { TOTAL } from '../tables/statistical-table';
import { ProbationMeasure, probationEventsSql } from './probation-sql';

/*
 * The probation sums and quantiles from the facts (fact_probation_entries), as they stood at
 * `asOf` (none: now), for any periods: the reference the cube (probation-aggregates.ts) is checked
 * against, and what answers as of an earlier date or for a range of days. (The stocks at a date and
 * the days under supervision: probation-states.ts, and their cubes probation-stock-cubes.ts.)
 * Parameters $1–$5 as facts-sql.ts says, $6 the jurisdiction's time zone.
 */

/** What a probation figure can be broken down by. */
export const PROBATION_BREAKDOWNS = ['region', 'office', 'sex', 'ageBand', 'juvenile', 'caseType', 'end'] as const;
export type ProbationBreakdown = (typeof PROBATION_BREAKDOWNS)[number];

/** The column of each breakdown in probation_events (and the cube): case types and ends are a measure's category. */
export const EVENT_COLUMNS: Readonly<Partial<Record<ProbationBreakdown, string>>> = {
  region: 'region', sex: 'sex', ageBand: 'age_band', juvenile: 'juvenile', caseType: 'category', end: 'category',
};

export interface ProbationQuery {
  periods: readonly PeriodSpan[];
  by: readonly ProbationBreakdown[];
  region?: string;
  asOf?: Date;
  timeZone: string;
}

/** A sum's row: the period, then one category per breakdown. */
export interface SumRow {
  key: string[];
  value: number;
}

/** A quantile's row: the period, then one category per breakdown (TOTAL where it is a total over it). */
export interface QuantileRow {
  key: string[];
  days: number;
  cases: number;
}

/** A stock at a period's end, with totals (TOTAL) computed: distinct officers do not add up. */
export interface StockRow {
  key: string[];
  cases: number;
  /** Distinct officers: always from the states, from the cubes only when asked (stocksFromAggregates). */
  officers?: number;
  overdue: number;
}

const keyOf = (row: { period: string; categories: (string | null)[] }) => [row.period, ...row.categories.map((category) => category ?? TOTAL)];

/** A measure asked for: `byCategory` adds the measure's own category (case type, end, on time) as the key's last code. */
export type MeasureQuery = ProbationQuery & { measure: ProbationMeasure; byCategory?: boolean };

/** The SQL array of a row's categories (of `alias`, a row of probation_events or the cube), one per breakdown, and the measure's category when asked. */
export function categoriesSql(query: MeasureQuery, alias: string): string {
  return `ARRAY[${[...query.by.map((breakdown) => `${alias}.${EVENT_COLUMNS[breakdown]}`), ...(query.byCategory ? [`${alias}.category`] : [])].join(', ')}]::text[]`;
}

/** The sum of a measure's values (things counted, or hours) per period and category. */
export async function probationSums(manager: Reads, query: MeasureQuery): Promise<SumRow[]> {
  const rows: { period: string; categories: string[]; value: string }[] = await manager.query(
    `WITH ${probationEventsSql('asOf', '$6::text')}
     SELECT * FROM (
       SELECT ${periodOfSql('ev.at')} AS period, ${categoriesSql(query, 'ev')} AS categories, sum(ev.value) AS value
       FROM probation_events ev WHERE ev.measure = $7 AND ($5::text IS NULL OR ev.region = $5)
       GROUP BY 1, 2
     ) r WHERE r.period IS NOT NULL`,
    [...commonParameters(query), query.timeZone, query.measure],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}

/** A quantile (0–1) of the whole days from intake to the first meeting, over the cases whose first meeting falls in the period. */
export async function firstMeetingDays(manager: Reads, query: ProbationQuery & { quantile: number }): Promise<QuantileRow[]> {
  const groups = query.by.map((breakdown) => `ev.${EVENT_COLUMNS[breakdown]}`);
  const rows: { period: string; categories: (string | null)[]; days: number; cases: string }[] = await manager.query(
    `WITH ${probationEventsSql('asOf', '$6::text')},
     periods AS (${PERIODS_SQL})
     SELECT p.code AS period, ARRAY[${groups.join(', ')}]::text[] AS categories, percentile_cont($7) WITHIN GROUP (ORDER BY ev.days) AS days, count(*) AS cases
     FROM periods p JOIN probation_events ev ON ev.measure = 'first_meeting' AND ev.at >= p.starts AND ev.at < p.ends AND ($5::text IS NULL OR ev.region = $5)
     GROUP BY p.code${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
    [...commonParameters(query), query.timeZone, query.quantile],
  );
  return rows.map((row) => ({ key: keyOf(row), days: Math.round(Number(row.days) * 10) / 10, cases: Number(row.cases) }));
}
