import type { Reads } from '@icjims/persistence';
import { commonParameters, periodOfSql, STEP_REVISION_AS_OF } from '../facts/facts-sql';
import { CASE_BREAKDOWN_SQL, CaseBreakdown } from '../flow/case-flow';
import type { PeriodSpan } from '../tables/indicator-family';

/**
 * SQL of each case's first effective termination of proceedings among the steps `s` that
 * `condition` keeps (the revision in force, and any other condition): case_id, occurred_at and its
 * legal ground (the step's `ground`: a code of the pack's termination grounds, `unknown` when
 * none was given). Of two at the same instant, the ground first in order counts.
 */
export function firstTerminationsSql(condition: string): string {
  return `SELECT DISTINCT ON (s.case_id) s.case_id, s.occurred_at, coalesce(s.details->>'ground', 'unknown') AS ground FROM fact_steps s
    WHERE s.step_type = 'proceedings_terminated' AND NOT s.annulled AND ${condition}
    ORDER BY s.case_id, s.occurred_at, ground`;
}

/**
 * Cases terminated, from the facts: each case once, in the period of its first effective
 * termination of proceedings, by its legal ground and the case's breakdowns, as of `asOf`.
 */
export async function terminations(
  manager: Reads,
  query: { periods: readonly PeriodSpan[]; by: readonly (CaseBreakdown | 'ground')[]; region?: string; asOf?: Date },
): Promise<{ key: string[]; value: number }[]> {
  const categories = query.by.map((breakdown) => (breakdown === 'ground' ? 't.ground' : CASE_BREAKDOWN_SQL[breakdown]));
  const rows: { period: string; categories: string[]; value: string }[] = await manager.query(
    `WITH firsts AS (${firstTerminationsSql(STEP_REVISION_AS_OF)})
     SELECT t.period, ARRAY[${categories.join(', ')}]::text[] AS categories, count(*) AS value
     FROM (SELECT ${periodOfSql('f.occurred_at')} AS period, f.* FROM firsts f) t
     JOIN fact_cases c ON c.case_id = t.case_id AND ($1::timestamptz IS NULL OR c.known_from <= $1)
     WHERE ($5::text IS NULL OR c.region = $5) AND t.period IS NOT NULL
     GROUP BY 1, 2`,
    commonParameters(query),
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}
