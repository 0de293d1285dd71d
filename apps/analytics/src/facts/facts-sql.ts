import type { PeriodSpan } from '../tables/indicator-family';

/*
 * SQL pieces the indicators' queries over the facts share, on one convention: $1 is asOf
 * (null: now), $2–$4 the periods (codes, starts, ends), $5 the region (null: all).
 */

/** The revision of a step (`s`, a fact_steps row) in force at $1 (none: now), annulled or not. */
export const STEP_REVISION_AS_OF = `($1::timestamptz IS NULL AND s.known_until IS NULL OR s.known_from <= $1 AND (s.known_until IS NULL OR s.known_until > $1))`;

/** Steps of these types as they stood at $1: the revision then in force, not annulled. */
export function effectiveStepsSql(stepTypes: readonly string[]): string {
  return `SELECT s.case_id, s.person_id, s.step_type, s.occurred_at, s.details FROM fact_steps s
    WHERE s.step_type IN (${stepTypes.map((type) => `'${type.replace(/'/g, "''")}'`).join(', ')}) AND NOT s.annulled AND ${STEP_REVISION_AS_OF}`;
}

/** Which person record each merged one stood for at $1 (none: now): merged_person_id → surviving_person_id. */
export const ALIASES_AS_OF = `SELECT merged_person_id, surviving_person_id FROM fact_person_aliases
  WHERE $1::timestamptz IS NULL AND known_until IS NULL OR known_from <= $1 AND (known_until IS NULL OR known_until > $1)`;

export const PERIODS_SQL = `SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS p(code, starts, ends)`;

/**
 * The code of the period an instant falls in, null when none, found by bisecting the periods'
 * starts (SQL arrays of codes, starts and ends: by default $2–$4, which commonParameters passes
 * ascending; periods never overlap) — a join of every row with every period costs rows × periods.
 */
export function periodOfSql(instant: string, periods = { codes: '$2::text[]', starts: '$3::timestamptz[]', ends: '$4::timestamptz[]' }): string {
  const bucket = `width_bucket(${instant}, ${periods.starts})`;
  return `(CASE WHEN ${instant} < (${periods.ends})[${bucket}] THEN (${periods.codes})[${bucket}] END)`;
}

/**
 * The person's categories in the case (`k`) for rows of `e` (case_id, person_id — the surviving
 * id — and recorded_as, the id a step named): their latest role there, under the surviving id
 * if they have one, else under the id recorded (ties of time broken by the role, so that every
 * query picks the same one).
 */
export const PERSON_CATEGORIES_SQL = `LEFT JOIN LATERAL (
    SELECT k.* FROM fact_case_persons k WHERE k.case_id = e.case_id AND k.person_id IN (e.person_id, e.recorded_as)
    ORDER BY k.person_id = e.person_id DESC, k.known_from DESC, k.role LIMIT 1
  ) k ON true`;

/** The latest role of every person in every case (`latest_roles`, a common table expression), as PERSON_CATEGORIES_SQL picks one. */
export const LATEST_ROLES_SQL = `latest_roles AS (SELECT DISTINCT ON (case_id, person_id) * FROM fact_case_persons ORDER BY case_id, person_id, known_from DESC, role)`;

/**
 * PERSON_CATEGORIES_SQL for the rows of `e` of every case at once (a rebuild's), joined to
 * `latest_roles` (LATEST_ROLES_SQL) by hashing or merging where the lateral search probes the index
 * once per row: 200,000 cases' million entries of persons in 7.4 s, not 11.7.
 */
export const PERSON_CATEGORIES_JOINED_SQL = `LEFT JOIN latest_roles surviving ON surviving.case_id = e.case_id AND surviving.person_id = e.person_id
  LEFT JOIN latest_roles k ON k.case_id = e.case_id AND k.person_id = CASE WHEN surviving.case_id IS NULL THEN e.recorded_as ELSE e.person_id END`;

/**
 * The case (`c`, known by $1, in region $5 if given) and the person's categories in it (`k`) for
 * rows of `e` (case_id, person_id — the surviving id — and recorded_as, the id a step named).
 */
export const CASE_AND_CATEGORIES_SQL = `JOIN fact_cases c ON c.case_id = e.case_id AND ($1::timestamptz IS NULL OR c.known_from <= $1) AND ($5::text IS NULL OR c.region = $5)
  ${PERSON_CATEGORIES_SQL}`;

/** The query parameters $1–$5. */
export function commonParameters(query: { periods: readonly PeriodSpan[]; region?: string; asOf?: Date }): unknown[] {
  // Ascending, for periodOfSql.
  const periods = [...query.periods].sort((a, b) => a.starts.getTime() - b.starts.getTime());
  return [query.asOf ?? null, periods.map((period) => period.code), periods.map((period) => period.starts), periods.map((period) => period.ends), query.region ?? null];
}
