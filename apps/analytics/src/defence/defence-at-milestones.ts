import type { Reads } from '@icjims/persistence';
import type { PersonBreakdown } from '../people/person-counts';
import type { PeriodSpan } from '../tables/indicator-family';
import { ALIASES_AS_OF, commonParameters, effectiveStepsSql, PERSON_CATEGORIES_SQL, periodOfSql } from '../facts/facts-sql';
import { categoriesSql } from '../people/person-counts';

/** The moments at which a person's defence is measured. */
export const MILESTONES = ['notification', 'indictment'] as const;
export type Milestone = (typeof MILESTONES)[number];

/** The step types that decide who reaches a milestone and when (their recording or correction can change the persons defended). */
export const MILESTONE_STEPS = ['suspicion_notified', 'indictment', 'detention', 'plea_agreement', 'standing_received', 'person_left', 'person_returned'] as const;

/**
 * Persons reaching a milestone, and how many of them had a defence lawyer then. Lawyers are
 * recorded per case (case-registry's role defence_lawyer, from when it was given to when it
 * ended), not per suspect: a person counts as defended when the case had a defence lawyer in
 * force at that moment. Each milestone's rows are (case_id, person_id, recorded_as, at), from
 * `steps(types)` (SQL of the effective steps of those types: case_id, person_id, step_type,
 * occurred_at) and `aliases` (merged_person_id → surviving_person_id). Each step type is read
 * where it is needed (steps of several kinds in one common table would be written out in full
 * once and scanned again for each use). Ties of the first step broken by the person record's id.
 */
export function milestoneSql(milestone: Milestone, steps: (types: readonly string[]) => string): string {
  switch (milestone) {
    // Each person at their first notification of suspicion in the case.
    case 'notification':
      return `SELECT e.case_id, coalesce(a.surviving_person_id, e.person_id) AS person_id, (array_agg(e.person_id ORDER BY e.occurred_at, e.person_id))[1] AS recorded_as, min(e.occurred_at) AS at
    FROM (${steps(['suspicion_notified'])}) e LEFT JOIN aliases a ON a.merged_person_id = e.person_id
    WHERE e.person_id IS NOT NULL GROUP BY 1, 2`;
    // Each person who was a suspect in the case (notified, detained, with a plea agreement or standing received) at its first indictment and had not left it.
    case 'indictment':
      return `WITH suspects AS (
      SELECT e.case_id, coalesce(a.surviving_person_id, e.person_id) AS person_id, (array_agg(e.person_id ORDER BY e.occurred_at, e.person_id))[1] AS recorded_as, i.at
      FROM (${steps(['suspicion_notified', 'detention', 'plea_agreement', 'standing_received'])}) e
      JOIN (SELECT d.case_id, min(d.occurred_at) AS at FROM (${steps(['indictment'])}) d GROUP BY 1) i ON i.case_id = e.case_id AND e.occurred_at <= i.at
      LEFT JOIN aliases a ON a.merged_person_id = e.person_id
      WHERE e.person_id IS NOT NULL
      GROUP BY 1, 2, 4
    ), last_moves AS (
      -- Whether the person's last leaving or return before the indictment was a leaving.
      SELECT DISTINCT ON (x.case_id, x.person_id) x.case_id, x.person_id, l.step_type
      FROM suspects x
      JOIN (${steps(['person_left', 'person_returned'])}) l ON l.case_id = x.case_id AND l.occurred_at <= x.at
      LEFT JOIN aliases la ON la.merged_person_id = l.person_id
      WHERE coalesce(la.surviving_person_id, l.person_id) = x.person_id
      ORDER BY x.case_id, x.person_id, l.occurred_at DESC
    )
    SELECT x.* FROM suspects x LEFT JOIN last_moves m ON m.case_id = x.case_id AND m.person_id = x.person_id
    WHERE m.step_type IS DISTINCT FROM 'person_left'`;
  }
}

/** Whether the case's lawyers (`d`: arrays `given` and `ended` of its defence_lawyer roles) had one in force at `at`; `asOf` the SQL of the instant the facts stood at (null: now). */
export function defendedSql(at: string, asOf: string): string {
  return `EXISTS (SELECT 1 FROM unnest(d.given, d.ended) AS l(given, ended) WHERE l.given <= ${at} AND (l.ended IS NULL OR l.ended > ${at} OR l.ended > ${asOf}))`;
}

export async function defenceAtMilestone(
  manager: Reads,
  query: { milestone: Milestone; periods: readonly PeriodSpan[]; by: readonly PersonBreakdown[]; region?: string; asOf?: Date },
): Promise<{ key: string[]; defended: number; persons: number }[]> {
  // The person's categories in the case are looked up only when a breakdown needs them (region is the case's).
  const personal = query.by.some((breakdown) => breakdown !== 'region');
  const rows: { period: string; categories: string[]; defended: string; persons: string }[] = await manager.query(
    `WITH aliases AS MATERIALIZED ( -- held once: the planner joins each step with the merges, and a rescan of the table per step costs more than the scan
       ${ALIASES_AS_OF}), reached AS (${milestoneSql(query.milestone, effectiveStepsSql)}),
     lawyers AS (
       -- Each case's lawyers as one row, joined by case (not asked per person: an index probe for each of a million persons).
       SELECT d.case_id, array_agg(d.known_from) AS given, array_agg(d.ended_at) AS ended FROM fact_case_persons d
       WHERE d.role = 'defence_lawyer' AND ($1::timestamptz IS NULL OR d.known_from <= $1)
       GROUP BY 1
     ), measured AS (
       SELECT ${periodOfSql('r.at')} AS period, r.*, ${defendedSql('r.at', '$1::timestamptz')} AS defended
       FROM reached r LEFT JOIN lawyers d ON d.case_id = r.case_id
     )
     SELECT e.period, ${categoriesSql(query.by)} AS categories, count(*) FILTER (WHERE e.defended) AS defended, count(*) AS persons
     FROM measured e
     JOIN fact_cases c ON c.case_id = e.case_id AND ($1::timestamptz IS NULL OR c.known_from <= $1) AND ($5::text IS NULL OR c.region = $5)
     ${personal ? PERSON_CATEGORIES_SQL : ''}
     WHERE e.period IS NOT NULL
     GROUP BY 1, 2`,
    commonParameters(query),
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], defended: Number(row.defended), persons: Number(row.persons) }));
}
