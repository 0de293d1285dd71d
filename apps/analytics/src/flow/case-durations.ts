import { EntityManager } from 'typeorm';
import { STEP_REVISION_AS_OF } from '../facts/facts-sql';
import type { PeriodSpan } from '../tables/indicator-family';
import { CASE_BREAKDOWN_SQL, CaseBreakdown } from './case-flow';
import { TOTAL } from '../tables/statistical-table';

/**
 * How long cases took between two milestones, from the facts: per period (of the later
 * milestone) and category, a quantile of the durations in days and how many cases it is over.
 * Time the proceedings were suspended (from a `proceedings_suspended` step to the next
 * `proceedings_resumed`, or to the end) within the span does not count. Steps count as corrected
 * by `asOf`, as for the case flow.
 */

export const SPANS = ['registration_to_indictment', 'indictment_to_verdict', 'registration_to_final_decision'] as const;
export type Span = (typeof SPANS)[number];

/** Each span's start and end (`c`: the case; milestones from the effective steps). */
const SPAN_SQL: Readonly<Record<Span, { start: string; end: string }>> = {
  registration_to_indictment: { start: 'c.registered_at', end: 'm.indicted_at' },
  indictment_to_verdict: { start: 'm.indicted_at', end: 'm.verdict_at' },
  registration_to_final_decision: { start: 'c.registered_at', end: 'm.decided_at' },
};

export interface DurationRow {
  /** The period, then one category per breakdown, TOTAL where the row is a total over it. */
  key: string[];
  days: number;
  cases: number;
}

export async function caseDurations(
  manager: EntityManager,
  query: { span: Span; quantile: number; periods: readonly PeriodSpan[]; by: readonly CaseBreakdown[]; region?: string; asOf?: Date },
): Promise<DurationRow[]> {
  const { start, end } = SPAN_SQL[query.span];
  const categories = query.by.map((breakdown, i) => `, ${CASE_BREAKDOWN_SQL[breakdown]} AS b${i}`).join('');
  const groups = query.by.map((_breakdown, i) => `b${i}`);
  const rows: { period: string; categories: (string | null)[]; days: number; cases: string }[] = await manager.query(
    `WITH effective AS (
       SELECT s.case_id, s.step_type, s.occurred_at FROM fact_steps s
       WHERE s.step_type IN ('indictment', 'verdict', 'proceedings_terminated', 'proceedings_suspended', 'proceedings_resumed') AND NOT s.annulled
         AND ${STEP_REVISION_AS_OF}
     ), milestones AS (
       SELECT case_id,
         min(occurred_at) FILTER (WHERE step_type = 'indictment') AS indicted_at,
         min(occurred_at) FILTER (WHERE step_type IN ('verdict', 'proceedings_terminated')) AS decided_at
       FROM effective GROUP BY case_id
     ), with_verdict AS (
       SELECT m.*, (SELECT min(e.occurred_at) FROM effective e WHERE e.case_id = m.case_id AND e.step_type = 'verdict' AND e.occurred_at >= m.indicted_at) AS verdict_at
       FROM milestones m
     ), spans AS (
       SELECT c.case_id, ${start} AS started_at, ${end} AS ended_at ${categories}
       FROM fact_cases c JOIN with_verdict m ON m.case_id = c.case_id
       WHERE ($1::timestamptz IS NULL OR c.known_from <= $1) AND ($5::text IS NULL OR c.region = $5) AND ${start} IS NOT NULL AND ${end} IS NOT NULL AND ${end} >= ${start}
     ), suspended AS (
       SELECT s.case_id, s.occurred_at AS suspended_at,
         (SELECT min(r.occurred_at) FROM effective r WHERE r.case_id = s.case_id AND r.step_type = 'proceedings_resumed' AND r.occurred_at >= s.occurred_at) AS resumed_at
       FROM effective s WHERE s.step_type = 'proceedings_suspended'
     ), durations AS (
       SELECT sp.*, (extract(epoch FROM sp.ended_at - sp.started_at) - coalesce(sum(greatest(0,
           extract(epoch FROM least(coalesce(su.resumed_at, sp.ended_at), sp.ended_at) - greatest(su.suspended_at, sp.started_at)))) FILTER (WHERE su.suspended_at IS NOT NULL), 0)) / 86400 AS days
       FROM spans sp LEFT JOIN suspended su ON su.case_id = sp.case_id
       GROUP BY sp.case_id, sp.started_at, sp.ended_at ${groups.map((group) => `, sp.${group}`).join('')}
     ), periods AS (
       SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS p(code, starts, ends)
     )
     SELECT p.code AS period, ARRAY[${groups.join(', ')}]::text[] AS categories,
       percentile_cont($6) WITHIN GROUP (ORDER BY d.days) AS days, count(*) AS cases
     FROM periods p JOIN durations d ON d.ended_at >= p.starts AND d.ended_at < p.ends
     GROUP BY p.code${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
    [query.asOf ?? null, query.periods.map((period) => period.code), query.periods.map((period) => period.starts), query.periods.map((period) => period.ends), query.region ?? null, query.quantile],
  );
  // CUBE's totals are its nulls: the categories are never null themselves (unknown is a category).
  return rows.map((row) => ({ key: [row.period, ...row.categories.map((category) => category ?? TOTAL)], days: Math.round(Number(row.days) * 10) / 10, cases: Number(row.cases) }));
}
