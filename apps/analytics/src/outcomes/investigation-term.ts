import type { Reads } from '@icjims/persistence';
import type { DeadlineRule } from '@icjims/jurisdiction';
import { CASE_BREAKDOWN_SQL, CaseBreakdown, ENDS } from '../flow/case-flow';
import { commonParameters, STEP_REVISION_AS_OF } from '../facts/facts-sql';
import type { PeriodSpan } from '../tables/indicator-family';

/**
 * Cases over the legal investigation term, from the facts: the cases pending in the pre-trial
 * stage at the end of each period (registered before it, not indicted, terminated or joined by
 * then, as flow/case-flow.ts counts them) whose investigation term had run out by then — a
 * breach of one of the given rules due before the period's end, announced by `asOf` and not
 * withdrawn by then — by the case's breakdowns.
 */

/** The steps that start an investigation: a deadline rule of the case started by one is an investigation term. */
const INVESTIGATION_STARTS = ['registration', 'investigation_started'];

/** The pack's investigation terms: its case-scope deadline rules started by the registration or the start of the investigation. */
export function investigationTermRules(rules: readonly DeadlineRule[]): string[] {
  return rules.filter((rule) => rule.scope === 'case' && rule.startsWith.some((start) => INVESTIGATION_STARTS.includes(start.stepType))).map((rule) => rule.code);
}

export async function casesOverInvestigationTerm(
  manager: Reads,
  query: { rules: readonly string[]; periods: readonly PeriodSpan[]; by: readonly CaseBreakdown[]; region?: string; asOf?: Date },
): Promise<{ key: string[]; value: number }[]> {
  const categories = query.by.map((breakdown) => CASE_BREAKDOWN_SQL[breakdown]);
  const rows: { period: string; categories: string[]; value: string }[] = await manager.query(
    `WITH overdue AS (
       SELECT b.case_id, min(b.due_at) AS due_at FROM fact_deadline_breaches b
       WHERE b.rule = ANY($6) AND ($1::timestamptz IS NULL AND b.withdrawn_at IS NULL OR b.breached_at <= $1 AND (b.withdrawn_at IS NULL OR b.withdrawn_at > $1))
       GROUP BY b.case_id
     ), ended AS (
       SELECT s.case_id, min(s.occurred_at) AS ended_at FROM fact_steps s JOIN overdue o ON o.case_id = s.case_id
       WHERE s.step_type = ANY($7) AND NOT s.annulled AND ${STEP_REVISION_AS_OF}
       GROUP BY s.case_id
     ), periods AS (
       SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS p(code, starts, ends)
     )
     SELECT p.code AS period, ARRAY[${categories.join(', ')}]::text[] AS categories, count(*) AS value
     FROM overdue o
     JOIN fact_cases c ON c.case_id = o.case_id AND ($1::timestamptz IS NULL OR c.known_from <= $1)
     LEFT JOIN ended e ON e.case_id = o.case_id
     JOIN periods p ON o.due_at < p.ends AND c.registered_at < p.ends AND (e.ended_at IS NULL OR e.ended_at >= p.ends)
     WHERE ($5::text IS NULL OR c.region = $5)
     GROUP BY 1, 2`,
    [
      ...commonParameters(query),
      query.rules,
      ENDS.pretrial,
    ],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}
