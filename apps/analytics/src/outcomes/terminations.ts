import { EntityManager } from 'typeorm';
import { STEP_REVISION_AS_OF } from '../facts/facts-sql';
import { CASE_BREAKDOWN_SQL, CaseBreakdown } from '../flow/case-flow';
import type { PeriodSpan } from '../tables/indicator-family';

/**
 * Cases terminated, from the facts: each case once, in the period of its first effective
 * termination of proceedings, by its legal ground (the step's `ground`: a code of the pack's
 * termination grounds, `unknown` when none was given) and the case's breakdowns, as of `asOf`.
 */
export async function terminations(
  manager: EntityManager,
  query: { periods: readonly PeriodSpan[]; by: readonly (CaseBreakdown | 'ground')[]; region?: string; asOf?: Date },
): Promise<{ key: string[]; value: number }[]> {
  const categories = query.by.map((breakdown) => (breakdown === 'ground' ? 't.ground' : CASE_BREAKDOWN_SQL[breakdown]));
  const rows: { period: string; categories: string[]; value: string }[] = await manager.query(
    `WITH firsts AS (
       SELECT DISTINCT ON (s.case_id) s.case_id, s.occurred_at, coalesce(s.details->>'ground', 'unknown') AS ground FROM fact_steps s
       WHERE s.step_type = 'proceedings_terminated' AND NOT s.annulled
         AND ${STEP_REVISION_AS_OF}
       ORDER BY s.case_id, s.occurred_at
     ), periods AS (
       SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS p(code, starts, ends)
     )
     SELECT p.code AS period, ARRAY[${categories.join(', ')}]::text[] AS categories, count(*) AS value
     FROM periods p
     JOIN firsts t ON t.occurred_at >= p.starts AND t.occurred_at < p.ends
     JOIN fact_cases c ON c.case_id = t.case_id AND ($1::timestamptz IS NULL OR c.known_from <= $1)
     WHERE ($5::text IS NULL OR c.region = $5)
     GROUP BY 1, 2`,
    [query.asOf ?? null, query.periods.map((period) => period.code), query.periods.map((period) => period.starts), query.periods.map((period) => period.ends), query.region ?? null],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}
