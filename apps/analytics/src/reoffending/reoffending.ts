import { EntityManager } from 'typeorm';
import { ALIASES_AS_OF, commonParameters, STEP_REVISION_AS_OF } from '../facts/facts-sql';
import { PERSON_BREAKDOWN_SQL, PersonBreakdown, SUSPECT_STEPS } from '../people/person-counts';
import type { CountRow } from '../tables/count-table';
import type { PeriodSpan } from '../tables/indicator-family';

/**
 * Reoffending, from the facts: of the persons convicted in a period (the cohort: each person
 * once, at their first conviction in a case that falls in the period, the earliest if several),
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

export async function reoffending(
  manager: EntityManager,
  query: { months: number; periods: readonly PeriodSpan[]; by: readonly CohortBreakdown[]; region?: string; asOf?: Date; timeZone: string },
): Promise<ReoffendingRows> {
  const categories = query.by.map((breakdown) => PERSON_BREAKDOWN_SQL[breakdown]);
  // `months` after an instant, in the calendar of the jurisdiction's zone ($6: the zone, $7: the months).
  const after = (instant: string) => `((${instant} AT TIME ZONE $6) + make_interval(months => $7)) AT TIME ZONE $6`;
  const rows: { period: string; categories: string[]; cohort: string; reoffended: string }[] = await manager.query(
    `WITH effective AS (
       SELECT s.case_id, s.person_id, s.step_type, s.occurred_at, s.details FROM fact_steps s
       WHERE s.step_type = ANY($8) AND NOT s.annulled AND s.person_id IS NOT NULL AND ${STEP_REVISION_AS_OF}
     ), aliases AS (${ALIASES_AS_OF}
     ), convictions AS (
       SELECT v.case_id, coalesce(a.surviving_person_id, v.person_id) AS person_id, min(v.occurred_at) AS at,
         (array_agg(v.person_id ORDER BY v.occurred_at))[1] AS recorded_as
       FROM effective v LEFT JOIN aliases a ON a.merged_person_id = v.person_id
       WHERE v.step_type = 'verdict' AND v.details->>'outcome' = 'conviction'
       GROUP BY 1, 2
     ), suspects AS (
       SELECT x.case_id, coalesce(a.surviving_person_id, x.person_id) AS person_id
       FROM (
         SELECT s.case_id, s.person_id FROM effective s WHERE s.step_type <> 'verdict'
         UNION
         SELECT r.case_id, r.person_id FROM fact_case_persons r WHERE r.role = 'suspect' AND ($1::timestamptz IS NULL OR r.known_from <= $1)
       ) x LEFT JOIN aliases a ON a.merged_person_id = x.person_id
     ), periods AS (
       SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS p(code, starts, ends)
       WHERE ${after('p.ends')} <= coalesce($1::timestamptz, now())
     ), cohort AS (
       SELECT DISTINCT ON (p.code, e.person_id) p.code AS period, e.*
       FROM periods p
       JOIN convictions e ON e.at >= p.starts AND e.at < p.ends
       JOIN fact_cases c ON c.case_id = e.case_id AND ($1::timestamptz IS NULL OR c.known_from <= $1)
       WHERE ($5::text IS NULL OR c.region = $5)
       ORDER BY p.code, e.person_id, e.at, e.case_id
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
     LEFT JOIN LATERAL (
       SELECT k.* FROM fact_case_persons k WHERE k.case_id = e.case_id AND k.person_id IN (e.person_id, e.recorded_as)
       ORDER BY k.person_id = e.person_id DESC, k.known_from DESC LIMIT 1
     ) k ON true
     GROUP BY 1, 2`,
    [
      ...commonParameters(query),
      query.timeZone,
      query.months,
      ['verdict', ...SUSPECT_STEPS],
    ],
  );
  const keyOf = (row: (typeof rows)[number]) => [row.period, ...row.categories];
  return {
    cohort: rows.map((row) => ({ key: keyOf(row), value: Number(row.cohort) })),
    reoffended: rows.map((row) => ({ key: keyOf(row), value: Number(row.reoffended) })),
  };
}
