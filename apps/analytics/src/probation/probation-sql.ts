import { PERSON_CATEGORIES_SQL } from '../facts/facts-sql';
import { PERSON_BREAKDOWN_SQL } from '../people/person-counts';

/*
 * The probation journal's entries (fact_probation_entries, migration 1763900000530) read as
 * figures. One convention for every query here: a probation case counts when it was opened and
 * never annulled (an `annulled` entry takes it out of every figure, as it takes back the
 * probation case opened); its term starts on the last `startsOn` an `opened` or `amended` entry
 * gave, and its case type and community-work hours are the last an `opened` entry or an `amended`
 * one that states them (every amendment since they were added to it; none gives no hours) gave; its person is the last one an entry named, as the surviving record of merges, with the
 * categories case-registry gave them in the criminal case (unknown when never announced). A
 * pre-sentence report counts unless it was withdrawn. Dates the law counts (starts, ends,
 * violations, hours worked) are days of the jurisdiction's zone, counted from their first instant.
 */

/** Where the entries are read from: as they stood at $1 (null: now), every stream; now, every stream; now, the streams of the criminal cases `cases` (SQL of a set of case ids). */
export type ProbationScope = 'asOf' | 'now' | { cases: string };

/** The countable things of a stream (each a row of `probation_events`, and of the aggregates' entries). */
export const PROBATION_MEASURES = ['started', 'hours_ordered', 'ended', 'violation', 'hours_worked', 'first_meeting', 'report'] as const;
export type ProbationMeasure = (typeof PROBATION_MEASURES)[number];

/** The person categories every probation figure can be broken down by, with the SQL of each over a person (`k`, their categories in the case). */
export const PROBATION_PERSON_COLUMNS = { sex: PERSON_BREAKDOWN_SQL.sex, age_band: PERSON_BREAKDOWN_SQL.ageBand, juvenile: PERSON_BREAKDOWN_SQL.juvenile } as const;

/** The columns of `probation_events` (and of the aggregates' entries, probation_stream_events); the first four identify a row. */
export const PROBATION_EVENT_COLUMNS = ['case_id', 'stream_id', 'measure', 'ref', 'at', 'value', 'days', 'category', 'region', 'sex', 'age_band', 'juvenile'] as const;

/** SQL of the first instant of a day (a `date`) in the zone `zone` (SQL). */
export const dayStartSql = (day: string, zone: string) => `(${day})::timestamp AT TIME ZONE ${zone}`;
/** SQL of the day (a `date`) an instant falls on in the zone `zone`. */
export const localDaySql = (instant: string, zone: string) => `(${instant} AT TIME ZONE ${zone})::date`;

/**
 * Common table expressions, ending in `probation_streams` (one row per counted stream: stream,
 * stream_id, case_id, recorded_as, person_id, case_type, starts_on, opened_region, opened_at,
 * hours_ordered, and the person's categories), with `probation_entries` (the entries read) and
 * `probation_aliases` before it.
 */
export function probationStreamsSql(scope: ProbationScope): string {
  const entries =
    scope === 'asOf'
      ? `SELECT * FROM fact_probation_entries WHERE $1::timestamptz IS NULL OR known_from <= $1`
      : scope === 'now'
        ? `SELECT * FROM fact_probation_entries`
        : `SELECT * FROM fact_probation_entries WHERE case_id IN (${scope.cases})`;
  const aliases =
    scope === 'asOf'
      ? `SELECT merged_person_id, surviving_person_id FROM fact_person_aliases WHERE $1::timestamptz IS NULL AND known_until IS NULL OR known_from <= $1 AND (known_until IS NULL OR known_until > $1)`
      : `SELECT merged_person_id, surviving_person_id FROM fact_person_aliases WHERE known_until IS NULL`;
  const last = (value: string, where: string) => `(array_agg(${value} ORDER BY e.sequence DESC) FILTER (WHERE ${where}))[1]`;
  return `probation_entries AS MATERIALIZED (${entries}),
     probation_aliases AS (${aliases}),
     probation_stream_heads AS (
       SELECT e.stream, e.stream_id, e.case_id,
         ${last('e.person_id', 'e.person_id IS NOT NULL')} AS recorded_as,
         ${last(`e.details->>'caseType'`, `e.entry_type IN ('opened', 'amended') AND e.details->>'caseType' IS NOT NULL`)} AS case_type,
         ${last(`(e.details->>'startsOn')::date`, `e.entry_type IN ('opened', 'amended')`)} AS starts_on,
         ${last('e.region', `e.entry_type = 'opened'`)} AS opened_region,
         ${last('e.occurred_at', `e.entry_type = 'opened'`)} AS opened_at,
         ${last(`(e.details->>'communityWorkHours')::numeric`, `e.entry_type = 'opened' OR e.entry_type = 'amended' AND e.details->>'caseType' IS NOT NULL`)} AS hours_ordered
       FROM probation_entries e
       GROUP BY e.stream, e.stream_id, e.case_id
       HAVING e.stream = 'probation_case' AND bool_or(e.entry_type = 'opened') AND NOT bool_or(e.entry_type = 'annulled')
         OR e.stream = 'pre_sentence_report' AND NOT bool_or(e.entry_type = 'report_withdrawn')
     ),
     probation_streams AS (
       SELECT e.*, ${Object.entries(PROBATION_PERSON_COLUMNS).map(([column, sql]) => `${sql} AS ${column}`).join(', ')}
       FROM (
         SELECT h.*, coalesce(a.surviving_person_id, h.recorded_as) AS person_id
         FROM probation_stream_heads h LEFT JOIN probation_aliases a ON a.merged_person_id = h.recorded_as
       ) e
       ${PERSON_CATEGORIES_SQL}
     )`;
}

/**
 * Common table expressions ending in `probation_events(…PROBATION_EVENT_COLUMNS)`: every countable
 * thing of the streams read, at its instant, with its value, the region of the entry that
 * recorded it and the person's categories —
 * - `started`: a probation case, on the day its term starts, by case type; `hours_ordered`: the community-work hours it ordered, then;
 * - `ended`: its end (the last `ended` entry), on the day it ended, by type of end;
 * - `violation`: each violation recorded, on the day it occurred; `hours_worked`: each day's community work logged;
 * - `first_meeting`: its first contact attended, with the whole days (`days`) since the day of intake (the `opened` entry);
 * - `report`: a pre-sentence report submitted (the last submission), by whether it was on time (`yes`, `no`).
 * `zone` is the SQL of the jurisdiction's time zone.
 */
export function probationEventsSql(scope: ProbationScope, zone: string): string {
  const person = 's.sex, s.age_band, s.juvenile';
  const row = (measure: ProbationMeasure, ref: string, at: string, value: string, days: string, category: string, region: string) =>
    `SELECT s.case_id, s.stream_id, '${measure}'::text AS measure, ${ref} AS ref, ${at} AS at, (${value})::numeric AS value, (${days})::int AS days, ${category}::text AS category, ${region} AS region, ${person}`;
  const cases = `probation_streams s WHERE s.stream = 'probation_case'`;
  const entriesOf = (type: string) => `probation_streams s JOIN probation_entries e ON e.stream_id = s.stream_id AND e.entry_type = '${type}'`;
  const lastOf = (type: string) =>
    `(SELECT DISTINCT ON (e.stream_id) e.* FROM probation_entries e WHERE e.entry_type = '${type}' ORDER BY e.stream_id, e.sequence DESC)`;
  const day = (field: string) => dayStartSql(`(e.details->>'${field}')::date`, zone);
  return `${probationStreamsSql(scope)},
     probation_events AS (
       ${row('started', `''`, dayStartSql('s.starts_on', zone), '1', '0', `coalesce(s.case_type, 'unknown')`, 's.opened_region')} FROM ${cases}
       UNION ALL
       ${row('hours_ordered', `''`, dayStartSql('s.starts_on', zone), 's.hours_ordered', '0', `coalesce(s.case_type, 'unknown')`, 's.opened_region')} FROM ${cases} AND s.hours_ordered > 0
       UNION ALL
       ${row('ended', `''`, day('endedOn'), '1', '0', `e.details->>'end'`, 'e.region')}
       FROM probation_streams s JOIN ${lastOf('ended')} e ON e.stream_id = s.stream_id WHERE s.stream = 'probation_case'
       UNION ALL
       ${row('violation', 'e.entry_id::text', day('occurredOn'), '1', '0', `''`, 'e.region')} FROM ${entriesOf('violation_recorded')}
       UNION ALL
       ${row('hours_worked', 'e.entry_id::text', day('workedOn'), `(e.details->>'hours')`, '0', `''`, 'e.region')} FROM ${entriesOf('community_work_logged')}
       UNION ALL
       ${row('first_meeting', `''`, 'e.occurred_at', '1', `${localDaySql('e.occurred_at', zone)} - ${localDaySql('s.opened_at', zone)}`, `''`, 'e.region')}
       FROM probation_streams s JOIN (
         SELECT DISTINCT ON (e.stream_id) e.* FROM probation_entries e
         WHERE e.entry_type = 'contact_recorded' AND e.details->>'outcome' = 'attended' ORDER BY e.stream_id, e.occurred_at, e.sequence
       ) e ON e.stream_id = s.stream_id
       WHERE s.stream = 'probation_case' AND ${localDaySql('e.occurred_at', zone)} >= ${localDaySql('s.opened_at', zone)}
       UNION ALL
       ${row('report', `''`, 'e.occurred_at', '1', '0', `CASE WHEN (e.details->>'onTime')::boolean THEN 'yes' ELSE 'no' END`, 'e.region')}
       FROM probation_streams s JOIN ${lastOf('report_submitted')} e ON e.stream_id = s.stream_id WHERE s.stream = 'pre_sentence_report'
     )`;
}
