import type { Reads } from '@icjims/persistence';
import { ALIASES_AS_OF, CASE_AND_CATEGORIES_SQL, commonParameters, effectiveStepsSql, PERIODS_SQL } from '../facts/facts-sql';
import type { PeriodSpan } from '../tables/indicator-family';

/**
 * People in cases, from the facts: how many persons reached a procedural position in each
 * period, by the categories case-registry gives (sex, age band, juvenile, citizenship group,
 * disability) and the case's region. A person counts once per case, at the first effective step
 * that puts them there; a record merged into another counts as the surviving one (as the merges
 * stood at `asOf`). A person whose categories were never announced counts under `unknown`.
 */

export const PERSON_POSITIONS = [
  'suspected', 'detained', 'accused', 'plea_agreement', 'convicted', 'judged', 'judged_convicted', 'sentenced', 'sentenced_non_custodial', 'victim',
] as const;
export type PersonPosition = (typeof PERSON_POSITIONS)[number];

/**
 * Person breakdowns and the SQL of each person's category (`k`: their categories in the case;
 * `c`: the case; `e`: their entry into the position, whose `detail` is the outcome of a first verdict).
 */
export const PERSON_BREAKDOWN_SQL = {
  region: 'c.region',
  sex: `coalesce(k.sex, 'unknown')`,
  ageBand: `coalesce(k.age_band, 'unknown')`,
  juvenile: `CASE WHEN k.juvenile THEN 'yes' WHEN NOT k.juvenile THEN 'no' ELSE 'unknown' END`,
  citizenshipGroup: `coalesce(k.citizenship_group, 'unknown')`,
  disability: `CASE WHEN k.disability THEN 'yes' WHEN NOT k.disability THEN 'no' ELSE 'unknown' END`,
  outcome: `coalesce(e.detail, 'unknown')`,
} as const;
export type PersonBreakdown = keyof typeof PERSON_BREAKDOWN_SQL;

/** The SQL array of a row's categories, one per breakdown. */
export function categoriesSql(by: readonly PersonBreakdown[]): string {
  return `ARRAY[${by.map((breakdown) => PERSON_BREAKDOWN_SQL[breakdown]).join(', ')}]::text[]`;
}

/** The steps that make a person a suspect in a case. */
export const SUSPECT_STEPS = ['suspicion_notified', 'detention'] as const;

/** The step types each position is read from (`effective`): no more, as each is a scan of the steps. */
const STEPS_READ: Readonly<Record<PersonPosition, readonly string[]>> = {
  suspected: SUSPECT_STEPS,
  detained: ['detention'],
  accused: [...SUSPECT_STEPS, 'plea_agreement', 'standing_received', 'indictment', 'person_left', 'person_returned'],
  plea_agreement: ['plea_agreement'],
  convicted: ['verdict'],
  judged: ['verdict'],
  judged_convicted: ['verdict'],
  sentenced: ['sentence'],
  sentenced_non_custodial: ['sentence'],
  victim: [],
};

/** Whether a step of this type can put a person in some position (its recording or correction changes the people figures). */
export function changesPeople(stepType: string): boolean {
  return PERSON_POSITIONS.some((position) => STEPS_READ[position].includes(stepType));
}

/** Each case's first effective indictment (`effective`). */
const INDICTED = `SELECT case_id, min(occurred_at) AS at FROM effective WHERE step_type = 'indictment' GROUP BY case_id`;

/**
 * When each person reached the position in each case (before aliases): the steps, or the
 * victim's role; `detail` the outcome of a verdict. `effective` holds the effective steps,
 * `roles` the persons' roles (fact_case_persons), `aliases` the merges for what is decided by a
 * person's first step (two merged records are one person, whose first verdict or sentence is
 * the earlier of theirs), and `asOf` is the SQL of the instant the facts stood at (null: now).
 */
const ENTRIES: Readonly<Record<PersonPosition, (asOf: string) => string>> = {
  suspected: () => `SELECT s.case_id, s.person_id, s.occurred_at AS at, NULL::text AS detail FROM effective s WHERE s.step_type IN ('suspicion_notified', 'detention')`,
  detained: () => `SELECT s.case_id, s.person_id, s.occurred_at AS at, NULL::text AS detail FROM effective s WHERE s.step_type = 'detention'`,
  // Who was a suspect in the case at its first indictment (which makes every suspect an accused):
  // a suspect's (or accused's) role in force then, or a suspicion, detention, plea agreement or
  // standing received from another case before it that the person had not left the case since
  // (a person_left not followed by a person_returned) — the accused of defence/ and more. Set-based
  // (joins, no subquery per case): the person left since the step when their last person_left up
  // to the indictment came at or after it and no person_returned followed by then. A person in
  // both counts once (entries are grouped by case and person).
  accused: (asOf) => `SELECT i.case_id, r.person_id, i.at, NULL::text AS detail
    FROM (${INDICTED}) i JOIN roles r ON r.case_id = i.case_id
    WHERE r.role IN ('suspect', 'accused') AND r.known_from <= i.at AND (${asOf} IS NULL OR r.known_from <= ${asOf})
      AND (r.ended_at IS NULL OR r.ended_at > i.at OR r.ended_at > ${asOf})
    UNION ALL
    SELECT i.case_id, s.person_id, i.at, NULL::text AS detail
    FROM (${INDICTED}) i
    JOIN effective s ON s.case_id = i.case_id AND s.step_type IN ('suspicion_notified', 'detention', 'plea_agreement', 'standing_received') AND s.occurred_at <= i.at
    LEFT JOIN (
      SELECT d.case_id, d.person_id, d.at FROM (
        SELECT l.case_id, l.person_id, li.at AS indicted_at, max(l.occurred_at) AS at
        FROM effective l JOIN (${INDICTED}) li ON li.case_id = l.case_id
        WHERE l.step_type = 'person_left' AND l.occurred_at <= li.at GROUP BY 1, 2, 3
      ) d
      WHERE NOT EXISTS (
        SELECT 1 FROM effective b WHERE b.case_id = d.case_id AND b.person_id = d.person_id AND b.step_type = 'person_returned' AND b.occurred_at > d.at AND b.occurred_at <= d.indicted_at)
    ) gone ON gone.case_id = s.case_id AND gone.person_id = s.person_id
    WHERE gone.at IS NULL OR gone.at < s.occurred_at`,
  plea_agreement: () => `SELECT s.case_id, s.person_id, s.occurred_at AS at, NULL::text AS detail FROM effective s WHERE s.step_type = 'plea_agreement'`,
  convicted: () => `SELECT s.case_id, s.person_id, s.occurred_at AS at, NULL::text AS detail FROM effective s WHERE s.step_type = 'verdict' AND s.details->>'outcome' = 'conviction'`,
  // Every verdict, with its outcome: the first one in the case counts (an appeal's does not count the person again).
  judged: () => `SELECT s.case_id, s.person_id, s.occurred_at AS at, s.details->>'outcome' AS detail FROM effective s WHERE s.step_type = 'verdict'`,
  // The person's first verdict in the case, when it is a conviction (first across the records merged into one).
  judged_convicted: () => `SELECT f.case_id, f.person_id, f.at, NULL::text AS detail FROM (
      SELECT DISTINCT ON (s.case_id, coalesce(a.surviving_person_id, s.person_id)) s.case_id, s.person_id, s.occurred_at AS at, s.details->>'outcome' AS outcome
      FROM effective s LEFT JOIN aliases a ON a.merged_person_id = s.person_id
      WHERE s.step_type = 'verdict' ORDER BY s.case_id, coalesce(a.surviving_person_id, s.person_id), s.occurred_at, s.person_id, outcome) f
    WHERE f.outcome = 'conviction'`,
  sentenced: () => `SELECT s.case_id, s.person_id, s.occurred_at AS at, NULL::text AS detail FROM effective s WHERE s.step_type = 'sentence'`,
  // The person's first sentence in the case (across merged records), when it is not imprisonment (probation, a fine, community work, a conditional sentence).
  sentenced_non_custodial: () => `SELECT f.case_id, f.person_id, f.at, NULL::text AS detail FROM (
      SELECT DISTINCT ON (s.case_id, coalesce(a.surviving_person_id, s.person_id)) s.case_id, s.person_id, s.occurred_at AS at, s.details->>'sentenceType' AS sentence_type
      FROM effective s LEFT JOIN aliases a ON a.merged_person_id = s.person_id
      WHERE s.step_type = 'sentence' ORDER BY s.case_id, coalesce(a.surviving_person_id, s.person_id), s.occurred_at, s.person_id, sentence_type) f
    WHERE f.sentence_type <> 'imprisonment'`,
  victim: (asOf) => `SELECT r.case_id, r.person_id, r.known_from AS at, NULL::text AS detail FROM roles r WHERE r.role = 'victim' AND (${asOf} IS NULL OR r.known_from <= ${asOf})`,
};

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * SQL (common table expressions) of the persons' entries into `positions`, ending in
 * `entries(position, case_id, person_id, at, recorded_as, detail)`: one row per position, case
 * and person (the surviving id of merged records) at their first entry (`recorded_as` the id
 * its step or role named, `detail` its detail). From the facts as they stood at $1 (null: now),
 * every case (personCounts); as they stand now, every case (`now`: no parameter); or `{ cases }`
 * (SQL of a set of case ids, e.g. `$1::uuid` or a subquery): as they stand now, those cases
 * only, their steps and roles read by the case indexes.
 */
export function entriesSql(positions: readonly PersonPosition[], from: 'asOf' | 'now' | { cases: string }): string {
  const read = [...new Set(positions.flatMap((position) => STEPS_READ[position]))];
  const stepTypes = read.length ? read : [''];
  const current = (steps: string) => `SELECT s.case_id, s.person_id, s.step_type, s.occurred_at, s.details FROM ${steps} s
       WHERE s.known_until IS NULL AND NOT s.annulled AND s.step_type IN (${list(stepTypes)})`;
  const sources =
    from === 'asOf'
      ? `effective AS (${effectiveStepsSql(stepTypes)}
     ), roles AS NOT MATERIALIZED (SELECT * FROM fact_case_persons
     ), aliases AS (${ALIASES_AS_OF}`
      : from === 'now'
        ? `effective AS (${current('fact_steps')}
     ), roles AS NOT MATERIALIZED (SELECT * FROM fact_case_persons
     ), aliases AS (SELECT merged_person_id, surviving_person_id FROM fact_person_aliases WHERE known_until IS NULL`
        : // MATERIALIZED: the cases' steps by the case index alone (the current-revision condition beside it could make the planner AND in the index of every current revision, see stagesSql).
          `case_steps AS MATERIALIZED (SELECT * FROM fact_steps WHERE case_id IN (${from.cases})
     ), effective AS (${current('case_steps')}
     ), roles AS MATERIALIZED (SELECT * FROM fact_case_persons WHERE case_id IN (${from.cases})
     ), aliases AS (
       SELECT merged_person_id, surviving_person_id FROM fact_person_aliases
       WHERE known_until IS NULL AND merged_person_id IN (SELECT person_id FROM case_steps UNION SELECT person_id FROM roles)`;
  const asOf = from === 'asOf' ? '$1::timestamptz' : 'NULL::timestamptz';
  const entered = positions.map((position) => `SELECT '${position}'::text AS position, x.* FROM (${ENTRIES[position](asOf)}) x`).join('\n       UNION ALL ');
  // Ties broken by the id and detail, so that every query picks the same first entry.
  return `${sources}
     ), entries AS (
       SELECT e.position, e.case_id, coalesce(a.surviving_person_id, e.person_id) AS person_id, min(e.at) AS at,
         (array_agg(e.person_id ORDER BY e.at, e.person_id, e.detail))[1] AS recorded_as, (array_agg(e.detail ORDER BY e.at, e.person_id, e.detail))[1] AS detail
       FROM (${entered}) e LEFT JOIN aliases a ON a.merged_person_id = e.person_id
       -- A person-level step that names nobody (procedural-steps refuses one; an older producer might not) counts no person.
       WHERE e.person_id IS NOT NULL
       GROUP BY 1, 2, 3
     )`;
}

/** Only some of the persons: those in cases of these offence articles, or those juvenile (or not). */
export interface PersonFilter {
  articles?: readonly string[];
  juvenile?: boolean;
}

export interface PersonCountRow {
  key: string[];
  value: number;
}

export async function personCounts(
  manager: Reads,
  query: { position: PersonPosition; periods: readonly PeriodSpan[]; by: readonly PersonBreakdown[]; region?: string; asOf?: Date; only?: PersonFilter },
): Promise<PersonCountRow[]> {
  const rows: { period: string; categories: string[]; value: string }[] = await manager.query(
    `WITH ${entriesSql([query.position], 'asOf')},
     periods AS (${PERIODS_SQL})
     SELECT p.code AS period, ${categoriesSql(query.by)} AS categories, count(*) AS value
     FROM periods p
     JOIN entries e ON e.at >= p.starts AND e.at < p.ends
     ${CASE_AND_CATEGORIES_SQL}
     WHERE ($6::text[] IS NULL OR c.offence_article = ANY($6)) AND ($7::boolean IS NULL OR k.juvenile = $7)
     GROUP BY 1, 2`,
    [...commonParameters(query), query.only?.articles ?? null, query.only?.juvenile ?? null],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}
