import { EntityManager } from 'typeorm';
import { inWholeMonths } from '../aggregates/case-flow-from-aggregates';
import { TOTAL } from '../tables/statistical-table';
import { categoriesSql, EVENT_COLUMNS, firstMeetingDays, MeasureQuery, ProbationQuery, probationSums, QuantileRow, StockRow, SumRow } from './probation-figures';
import { stocksAtPeriodEnd, supervisionDaysIn } from './probation-states';

/** Whether the cube answers: current figures of whole months of the zone one after the other, by breakdowns it keeps. */
function cubeAnswers(query: ProbationQuery): boolean {
  return !query.asOf && query.periods.length > 0 && inWholeMonths(query.periods, query.timeZone) && query.by.every((breakdown) => EVENT_COLUMNS[breakdown] !== undefined);
}

const periodParameters = (query: ProbationQuery) => [query.periods.map((period) => period.code), query.periods.map((period) => period.starts), query.periods.map((period) => period.ends)];

/**
 * A measure's sums as probationSums gives them, read from the cube the projection keeps
 * (probation_counts): a period's figure is the sum of its months. As of an earlier instant, or
 * for a range of days, from the facts.
 */
export async function probationSumsFromAggregates(manager: EntityManager, query: MeasureQuery): Promise<SumRow[]> {
  if (!cubeAnswers(query)) return probationSums(manager, query);
  const rows: { period: string; categories: string[]; value: string }[] = await manager.query(
    `WITH periods AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS p(code, starts, ends))
     SELECT p.code AS period, ${categoriesSql(query, 'f')} AS categories, sum(f.amount) AS value
     FROM periods p JOIN probation_counts f ON f.measure = $4 AND f.month >= p.starts AND f.month < p.ends AND ($5::text IS NULL OR f.region = $5)
     GROUP BY 1, 2 HAVING sum(f.amount) <> 0`,
    [...periodParameters(query), query.measure, query.region ?? null],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}

/**
 * The first meetings' quantile as firstMeetingDays gives it, from the cube's histogram of whole
 * days (each cell's cases unfolded into as many rows: percentile_cont over the same days).
 */
export async function firstMeetingDaysFromAggregates(manager: EntityManager, query: ProbationQuery & { quantile: number }): Promise<QuantileRow[]> {
  if (!cubeAnswers(query)) return firstMeetingDays(manager, query);
  const groups = query.by.map((breakdown) => `f.${EVENT_COLUMNS[breakdown]}`);
  const rows: { period: string; categories: (string | null)[]; days: number; cases: string }[] = await manager.query(
    `WITH periods AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS p(code, starts, ends))
     SELECT p.code AS period, ARRAY[${groups.join(', ')}]::text[] AS categories, percentile_cont($4) WITHIN GROUP (ORDER BY f.days) AS days, count(*) AS cases
     FROM periods p
     JOIN probation_counts f ON f.measure = 'first_meeting' AND f.month >= p.starts AND f.month < p.ends AND ($5::text IS NULL OR f.region = $5) AND f.amount > 0
     CROSS JOIN LATERAL generate_series(1, f.amount::int) AS n
     GROUP BY p.code${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
    [...periodParameters(query), query.quantile, query.region ?? null],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories.map((category) => category ?? TOTAL)], days: Math.round(Number(row.days) * 10) / 10, cases: Number(row.cases) }));
}

/**
 * The stocks at each period's end and the days under supervision, read off the states the
 * projection keeps (probation_case_states) for the current figures of any periods; as of an
 * earlier instant, off the states computed from the facts.
 */
export function stocksFromAggregates(manager: EntityManager, query: ProbationQuery & { reassessmentRules: readonly string[] }): Promise<StockRow[]> {
  return stocksAtPeriodEnd(manager, query, query.asOf ? 'facts' : 'aggregates');
}

export function supervisionDaysFromAggregates(manager: EntityManager, query: ProbationQuery): Promise<SumRow[]> {
  return supervisionDaysIn(manager, query, query.asOf ? 'facts' : 'aggregates');
}
