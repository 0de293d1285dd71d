import type { Reads } from '@icjims/persistence';
import { ALIASES_AS_OF, commonParameters, PERSON_CATEGORIES_SQL, periodOfSql, STEP_REVISION_AS_OF } from '../facts/facts-sql';
import { PERSON_BREAKDOWN_SQL, PersonBreakdown, SUSPECT_STEPS } from '../people/person-counts';
import type { CountRow } from '../tables/count-table';
import type { PeriodSpan } from '../tables/indicator-family';

/**
 * Reoffending, from the facts: of the persons convicted in a period (the cohort: each person
 * once, at their first conviction in a case that falls in the period, the earliest if several;
 * or, for the cohort `completed_probation`, at their completion of probation, on the day it ended),
 * how many were then suspects in a new case — one registered after that conviction and within
 * `months` of it, in which they were given the role of suspect or notified of suspicion or
 * detained. Persons are linked by their pseudonymous id only, with the merges as they stood at
 * `asOf`. A period's cohort is followed only once its window has run out for every member
 * (`months` after the period's end, by `asOf` or now): an unfinished cohort gives no rows.
 */

/** The breakdowns of a cohort: the person's categories in the case they were convicted in, and its region. */
export type CohortBreakdown = Exclude<PersonBreakdown, 'outcome'>;

export interface ReoffendingRows {
  /** The cohorts, by period and category. */
  cohort: CountRow[];
  /** Those of them with a new case within the window. */
  reoffended: CountRow[];
}

/** Who a cohort follows: the persons convicted (by default), or those who completed probation. */
export type Cohort = 'convicted' | 'completed_probation';

/** Each person's first conviction in each case (case_id, person_id — the surviving id —, at, recorded_as), as the facts stood at $1. */
const CONVICTIONS_SQL = `
       SELECT s.case_id, coalesce(a.surviving_person_id, s.person_id) AS person_id, min(s.occurred_at) AS at,
         (array_agg(s.person_id ORDER BY s.occurred_at))[1] AS recorded_as
       FROM fact_steps s LEFT JOIN aliases a ON a.merged_person_id = s.person_id
       WHERE s.step_type = 'verdict' AND s.details->>'outcome' = 'conviction' AND NOT s.annulled AND s.person_id IS NOT NULL AND ${STEP_REVISION_AS_OF}
       GROUP BY 1, 2`;

/**
 * Each person's completion of probation (the probation cases of a criminal case that ended
 * completed, not annulled, as the probation journal's entries stood at $1), at the first instant
 * of the day it ended in the zone $6: the earliest in the case for each person.
 */
const COMPLETIONS_SQL = `
       SELECT x.case_id, coalesce(a.surviving_person_id, x.person_id) AS person_id, min(x.at) AS at, (array_agg(x.person_id ORDER BY x.at, x.person_id))[1] AS recorded_as
       FROM (
         SELECT h.case_id, h.person_id, (e.details->>'endedOn')::date::timestamp AT TIME ZONE $6 AS at
         FROM (
           SELECT stream_id, case_id, (array_agg(person_id ORDER BY sequence DESC) FILTER (WHERE person_id IS NOT NULL))[1] AS person_id
           FROM fact_probation_entries WHERE stream = 'probation_case' AND ($1::timestamptz IS NULL OR known_from <= $1)
           GROUP BY 1, 2 HAVING bool_or(entry_type = 'opened') AND NOT bool_or(entry_type = 'annulled')
         ) h
         CROSS JOIN LATERAL (
           SELECT e.details FROM fact_probation_entries e WHERE e.stream_id = h.stream_id AND e.entry_type = 'ended' AND ($1::timestamptz IS NULL OR e.known_from <= $1)
           ORDER BY e.sequence DESC LIMIT 1
         ) e
         WHERE e.details->>'end' = 'completed' AND h.person_id IS NOT NULL
       ) x LEFT JOIN aliases a ON a.merged_person_id = x.person_id
       GROUP BY 1, 2`;

export async function reoffending(
  manager: Reads,
  query: { months: number; periods: readonly PeriodSpan[]; by: readonly CohortBreakdown[]; region?: string; asOf?: Date; timeZone: string; cohort?: Cohort },
): Promise<ReoffendingRows> {
  const categories = query.by.map((breakdown) => PERSON_BREAKDOWN_SQL[breakdown]);
  // The person's categories in the case are looked up only when a breakdown needs them (region is the case's).
  const personal = query.by.some((breakdown) => breakdown !== 'region');
  // `months` after an instant, in the calendar of the jurisdiction's zone ($6: the zone, $7: the months).
  const after = (instant: string) => `((${instant} AT TIME ZONE $6) + make_interval(months => $7)) AT TIME ZONE $6`;
  const rows: { period: string; categories: string[]; cohort: string; reoffended: string }[] = await manager.query(
    `WITH aliases AS MATERIALIZED ( -- held once: the planner joins each step with the merges, and a rescan of the table per step costs more than the scan
       ${ALIASES_AS_OF}
     ), convictions AS (${query.cohort === 'completed_probation' ? COMPLETIONS_SQL : CONVICTIONS_SQL}
     ), windows AS (
       -- The periods whose window has run out, once (not once per conviction), as arrays for periodOfSql.
       SELECT array_agg(p.code ORDER BY p.starts) AS codes, array_agg(p.starts ORDER BY p.starts) AS starts, array_agg(p.ends ORDER BY p.starts) AS ends
       FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS p(code, starts, ends)
       WHERE ${after('p.ends')} <= coalesce($1::timestamptz, now())
     ), cohort AS (
       SELECT DISTINCT ON (e.period, e.person_id) e.*
       FROM (SELECT ${periodOfSql('v.at', { codes: 'w.codes', starts: 'w.starts', ends: 'w.ends' })} AS period, v.* FROM convictions v CROSS JOIN windows w) e
       JOIN fact_cases c ON c.case_id = e.case_id AND ($1::timestamptz IS NULL OR c.known_from <= $1)
       WHERE e.period IS NOT NULL AND ($5::text IS NULL OR c.region = $5)
       ORDER BY e.period, e.person_id, e.at, e.case_id
     ), suspects AS (
       -- Every suspect of every case, as a role or a step: kept twice rather than deduplicated (a sort of millions), the reoffenders are distinct.
       SELECT x.case_id, coalesce(a.surviving_person_id, x.person_id) AS person_id
       FROM (
         SELECT s.case_id, s.person_id FROM fact_steps s
         WHERE s.step_type = ANY($8) AND NOT s.annulled AND s.person_id IS NOT NULL AND ${STEP_REVISION_AS_OF}
         UNION ALL
         SELECT r.case_id, r.person_id FROM fact_case_persons r WHERE r.role = 'suspect' AND ($1::timestamptz IS NULL OR r.known_from <= $1)
       ) x LEFT JOIN aliases a ON a.merged_person_id = x.person_id
     ), reoffenders AS (
       -- Joined, not asked per member (a correlated EXISTS would scan the suspects once for each).
       SELECT DISTINCT e.period, e.person_id
       FROM cohort e
       JOIN suspects x ON x.person_id = e.person_id
       JOIN fact_cases n ON n.case_id = x.case_id
       WHERE n.case_id <> e.case_id AND n.split_from IS DISTINCT FROM e.case_id
         AND n.registered_at > e.at AND n.registered_at < ${after('e.at')}
         AND ($1::timestamptz IS NULL OR n.known_from <= $1)
     )
     SELECT e.period, ARRAY[${categories.join(', ')}]::text[] AS categories, count(*) AS cohort, count(r.person_id) AS reoffended
     FROM cohort e
     LEFT JOIN reoffenders r ON r.period = e.period AND r.person_id = e.person_id
     JOIN fact_cases c ON c.case_id = e.case_id
     ${personal ? PERSON_CATEGORIES_SQL : ''}
     GROUP BY 1, 2`,
    [
      ...commonParameters(query),
      query.timeZone,
      query.months,
      SUSPECT_STEPS,
    ],
  );
  const keyOf = (row: (typeof rows)[number]) => [row.period, ...row.categories];
  return {
    cohort: rows.map((row) => ({ key: keyOf(row), value: Number(row.cohort) })),
    reoffended: rows.map((row) => ({ key: keyOf(row), value: Number(row.reoffended) })),
  };
}
