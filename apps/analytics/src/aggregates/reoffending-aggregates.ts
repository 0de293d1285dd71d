import { EntityManager } from 'typeorm';
import { PERSON_CATEGORIES_SQL } from '../facts/facts-sql';
import { PERSON_BREAKDOWN_SQL, SUSPECT_STEPS } from '../people/person-counts';
import type { Cohort, CohortBreakdown } from '../reoffending/reoffending';
import { AggregatePart, AggregateTable, CaseChange, REFRESHED_CASES, rebuiltTable } from './aggregate-part';
import { runPrepared } from './entries-refresh';
import { PEOPLE_COLUMNS } from './people-aggregates';

/*
 * The reoffending aggregates (migrations 1763900000510, 1763900000534). Reoffending is about
 * persons across cases: a conviction in one case (or the completion of probation ordered in it),
 * then a new case in which the same (surviving) person is a suspect. So the entries are kept per
 * person, not per case — each person's first conviction (completion) in each case, with what
 * decides whether it counts in a period's cohort (the person's conviction — completion — before
 * it, anywhere and in a case of the same region) and the registration of the first new case after
 * it — and a change of a case recomputes every entry of the persons it names. The two cohorts keep
 * tables of the same shape, each its own pair.
 */

/** The person breakdowns of a cohort (the people cube's columns, without the outcome of a verdict). */
export const COHORT_BREAKDOWNS: readonly CohortBreakdown[] = ['region', 'sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability'];
const CATEGORY_COLUMNS = COHORT_BREAKDOWNS.map((breakdown) => PEOPLE_COLUMNS[breakdown]);

/**
 * The entries' (reoffending_convictions) columns: the surviving person, the case and their first
 * conviction in it (`at`; `recorded_as` the record its verdict named), the person's conviction
 * before it (by moment, then case id) in any case and in a case of the same region (null: none),
 * the registration of the first new case after it in which the person is a suspect (null: none
 * yet), and the categories they count under (the case's region, the person's categories in it).
 */
export const CONVICTION_COLUMNS = ['person_id', 'case_id', 'at', 'previous_at', 'previous_in_region_at', 'new_case_at', ...CATEGORY_COLUMNS];

/** The grains of the cube: the person categories written as '' (tables by region or by nothing), or kept. */
export const REOFFENDING_GRAINS = { regionOnly: 0, everyCategory: 1 } as const;

/**
 * The cube's (reoffending_counts) key columns, then `persons`: the grain, the local month of the
 * conviction, the categories, the local months of the conviction before it ('-infinity': none)
 * and the months to the new case (the fewest whole calendar months after the conviction within
 * which it was registered; 0: none), so that a window of any length is a sum.
 */
export const REOFFENDING_KEY = ['grain', 'month', ...CATEGORY_COLUMNS, 'previous_month', 'previous_in_region_month', 'months_to_new_case'];

/** The persons whose entries a refresh recomputes: named by the SQL `named` (a set of person record ids), as the surviving ids. */
type Scope = 'all' | { named: string };

/**
 * SQL of each probation case's completion, as the reoffending query reads it (COMPLETIONS_SQL):
 * the case not annulled, its last `ended` entry a completion, its person the last one an entry
 * named (`recorded_as`), at the first instant of the day it ended in the zone `zone` (SQL);
 * `streams` limits the streams read (SQL of a condition on `stream_id`, or none).
 */
function completionsSql(zone: string, streams?: string): string {
  return `SELECT h.case_id, h.recorded_as, (h.ended->>'endedOn')::date::timestamp AT TIME ZONE ${zone} AS at
       FROM (
         SELECT stream_id, case_id, (array_agg(person_id ORDER BY sequence DESC) FILTER (WHERE person_id IS NOT NULL))[1] AS recorded_as,
           (array_agg(details ORDER BY sequence DESC) FILTER (WHERE entry_type = 'ended'))[1] AS ended
         FROM fact_probation_entries WHERE stream = 'probation_case'${streams ? ` AND ${streams}` : ''}
         GROUP BY 1, 2 HAVING bool_or(entry_type = 'opened') AND NOT bool_or(entry_type = 'annulled')
       ) h
       WHERE h.ended->>'end' = 'completed' AND h.recorded_as IS NOT NULL`;
}

/**
 * SQL (common table expressions) ending in `fresh(…CONVICTION_COLUMNS)`: the entries of the
 * cohort as the facts stand now, of every person (`all`) or of the persons `named` (each with
 * every record merged into them, their steps, roles and probation entries read by the person
 * indexes), as the reoffending query computes them: a conviction is the first effective verdict
 * of conviction of the person in the case (for the cohort `completed_probation`: the earliest
 * completion of a probation case of the case, `zone` the SQL of the zone its day is in); a new
 * case is one registered after it, other than that case and not split off it, in which the
 * person had a suspicion notified, was detained or was given the role of suspect.
 */
function freshSql(scope: Scope, cohort: Cohort, zone: string): string {
  return `${sourcesSql(scope)}, ${cohortEntriesSql(scope, cohort, zone)}`;
}

/** The names of a statement's common table expressions of one cohort (a statement refreshing both cohorts suffixes them). */
type Names = (name: string) => string;

const stepTypesList = (stepTypes: readonly string[]) => stepTypes.map((type) => `'${type}'`).join(', ');

/** SQL of the steps of these types in force, of each person (surviving id; `recorded_as` the record named): read once for the convictions, once for the suspicions. */
function stepsOfSql(scope: Scope, stepTypes: readonly string[]): string {
  return scope === 'all'
    ? `SELECT coalesce(a.surviving_person_id, s.person_id) AS person_id, s.person_id AS recorded_as, s.case_id, s.occurred_at, s.details
       FROM fact_steps s LEFT JOIN reoffending_aliases a ON a.merged_person_id = s.person_id
       WHERE s.step_type IN (${stepTypesList(stepTypes)}) AND s.known_until IS NULL AND NOT s.annulled AND s.person_id IS NOT NULL`
    : `SELECT r.person_id, s.person_id AS recorded_as, s.case_id, s.occurred_at, s.details
       FROM records r JOIN fact_steps s ON s.person_id = r.record
       WHERE s.step_type IN (${stepTypesList(stepTypes)}) AND s.known_until IS NULL AND NOT s.annulled`;
}

/**
 * SQL (common table expressions) of what both cohorts read: the persons (`named`, `persons`, their
 * `records`; or every person's aliases) and where each was suspected (`suspected`).
 */
function sourcesSql(scope: Scope): string {
  const sources =
    scope === 'all'
      ? `reoffending_aliases AS (SELECT merged_person_id, surviving_person_id FROM fact_person_aliases WHERE known_until IS NULL),
     suspect_roles AS (
       SELECT coalesce(a.surviving_person_id, k.person_id) AS person_id, k.case_id
       FROM fact_case_persons k LEFT JOIN reoffending_aliases a ON a.merged_person_id = k.person_id
       WHERE k.role = 'suspect'
     )`
      : `named AS (${scope.named}),
     persons AS (
       SELECT DISTINCT coalesce(a.surviving_person_id, n.person_id) AS person_id
       FROM named n LEFT JOIN fact_person_aliases a ON a.merged_person_id = n.person_id AND a.known_until IS NULL
     ), records AS (
       SELECT person_id, person_id AS record FROM persons
       UNION ALL
       SELECT a.surviving_person_id, a.merged_person_id FROM fact_person_aliases a
       WHERE a.known_until IS NULL AND a.surviving_person_id IN (SELECT person_id FROM persons)
     ), suspect_roles AS (
       SELECT r.person_id, k.case_id FROM records r JOIN fact_case_persons k ON k.person_id = r.record WHERE k.role = 'suspect'
     )`;
  return `${sources},
     suspected AS (
       SELECT person_id, case_id FROM (${stepsOfSql(scope, SUSPECT_STEPS)}) s
       UNION ALL SELECT person_id, case_id FROM suspect_roles
     )`;
}

/** SQL (common table expressions, after sourcesSql) ending in the cohort's entries `fresh` (named by `n`). */
function cohortEntriesSql(scope: Scope, cohort: Cohort, zone: string, n: Names = (name) => name): string {
  // The completions of each person (surviving id), of every stream, or of the streams that named one of their records.
  const completionsOf = `SELECT x.person_id, x.case_id, min(x.at) AS at, (array_agg(x.recorded_as ORDER BY x.at, x.recorded_as))[1] AS recorded_as
       FROM (${
         scope === 'all'
           ? `SELECT coalesce(a.surviving_person_id, c.recorded_as) AS person_id, c.* FROM (${completionsSql(zone)}) c LEFT JOIN reoffending_aliases a ON a.merged_person_id = c.recorded_as`
           : `SELECT r.person_id, c.* FROM (${completionsSql(zone, 'stream_id IN (SELECT p.stream_id FROM records r JOIN fact_probation_entries p ON p.person_id = r.record)')}) c JOIN records r ON r.record = c.recorded_as`
       }) x
       GROUP BY 1, 2`;
  return `${n('convictions')} AS (
       -- Ties broken by the record's id, as the people aggregates' entries do.
       ${cohort === 'completed_probation' ? completionsOf : `SELECT s.person_id, s.case_id, min(s.occurred_at) AS at, (array_agg(s.recorded_as ORDER BY s.occurred_at, s.recorded_as))[1] AS recorded_as
       FROM (${stepsOfSql(scope, ['verdict'])}) s WHERE s.details->>'outcome' = 'conviction'
       GROUP BY 1, 2`}
     ), ${n('new_cases')} AS (
       SELECT e.person_id, e.case_id, min(n.registered_at) AS at
       -- Not the case of the conviction: said of the suspicion, so that it is dropped before its case is looked up (most of them are that case).
       FROM ${n('convictions')} e JOIN suspected x ON x.person_id = e.person_id AND x.case_id <> e.case_id JOIN fact_cases n ON n.case_id = x.case_id
       WHERE n.split_from IS DISTINCT FROM e.case_id AND n.registered_at > e.at
       GROUP BY 1, 2
     ), ${n('fresh')} AS (
       SELECT e.person_id, e.case_id, e.at,
         lag(e.at) OVER (PARTITION BY e.person_id ORDER BY e.at, e.case_id) AS previous_at,
         lag(e.at) OVER (PARTITION BY e.person_id, c.region ORDER BY e.at, e.case_id) AS previous_in_region_at,
         nc.at AS new_case_at,
         ${COHORT_BREAKDOWNS.map((breakdown, i) => `${PERSON_BREAKDOWN_SQL[breakdown]} AS ${CATEGORY_COLUMNS[i]}`).join(', ')}
       FROM ${n('convictions')} e
       JOIN fact_cases c ON c.case_id = e.case_id
       LEFT JOIN ${n('new_cases')} nc ON nc.person_id = e.person_id AND nc.case_id = e.case_id
       ${PERSON_CATEGORIES_SQL}
     )`;
}

/** SQL of the local month (in the zone `zone`) of an instant, '-infinity' for none. */
const monthOf = (instant: string, zone: string) => `coalesce(date_trunc('month', ${instant} AT TIME ZONE ${zone}) AT TIME ZONE ${zone}, '-infinity')`;

/**
 * SQL selecting the cube's cells of entry rows `st` in `from`, each counting `weight`; `zone` the
 * SQL of the months' time zone. The months to the new case are the fewest m for which it was
 * registered before the conviction's moment m calendar months on (as the reoffending query
 * compares them): m is the difference of their local months, or one more.
 */
function cellsSql(from: string, weight: string, zone: string): string {
  const after = (months: string) => `((st.at AT TIME ZONE ${zone}) + make_interval(months => ${months})) AT TIME ZONE ${zone}`;
  const finest = REOFFENDING_KEY.slice(1);
  // The finest cells first, then each grain from them (far fewer rows than entries).
  return `SELECT g.grain, ${finest.map((column) => (column === 'region' || !CATEGORY_COLUMNS.includes(column) ? `c.${column}` : `CASE WHEN g.grain = ${REOFFENDING_GRAINS.everyCategory} THEN c.${column} ELSE '' END AS ${column}`)).join(', ')},
      sum(c.persons)::int AS persons
    FROM (
      SELECT ${monthOf('st.at', zone)} AS month, ${CATEGORY_COLUMNS.map((column) => `st.${column}`).join(', ')},
        ${monthOf('st.previous_at', zone)} AS previous_month, ${monthOf('st.previous_in_region_at', zone)} AS previous_in_region_month,
        CASE WHEN st.new_case_at IS NULL THEN 0 WHEN st.new_case_at < ${after('d.months')} THEN d.months ELSE d.months + 1 END AS months_to_new_case,
        sum(${weight}) AS persons
      FROM ${from}
      CROSS JOIN LATERAL (SELECT (12 * (extract(year FROM st.new_case_at AT TIME ZONE ${zone}) - extract(year FROM st.at AT TIME ZONE ${zone}))
        + extract(month FROM st.new_case_at AT TIME ZONE ${zone}) - extract(month FROM st.at AT TIME ZONE ${zone}))::int AS months) d
      GROUP BY ${finest.map((_column, i) => i + 1).join(', ')}
    ) c
    CROSS JOIN (VALUES (${REOFFENDING_GRAINS.regionOnly}), (${REOFFENDING_GRAINS.everyCategory})) AS g(grain)
    GROUP BY ${REOFFENDING_KEY.map((_column, i) => i + 1).join(', ')}`;
}

/** Each cohort's entries and cube (the same shape). */
const TABLES_OF: Readonly<Record<Cohort, { entries: AggregateTable & { key: readonly string[] }; cube: AggregateTable & { key: readonly string[] } }>> = {
  convicted: {
    entries: { name: 'reoffending_convictions', columns: CONVICTION_COLUMNS, key: ['person_id', 'case_id'] },
    cube: { name: 'reoffending_counts', columns: [...REOFFENDING_KEY, 'persons'], key: REOFFENDING_KEY, counts: ['persons'] },
  },
  completed_probation: {
    entries: { name: 'reoffending_completions', columns: CONVICTION_COLUMNS, key: ['person_id', 'case_id'] },
    cube: { name: 'reoffending_completion_counts', columns: [...REOFFENDING_KEY, 'persons'], key: REOFFENDING_KEY, counts: ['persons'] },
  },
};

/** The cube a cohort's figures are read from. */
export const reoffendingCube = (cohort: Cohort = 'convicted') => TABLES_OF[cohort].cube.name;

/**
 * SQL (common table expressions, after a cohort's entries) moving the cohort's entries of the
 * persons `touched` to its fresh ones and its cube by the difference: the entries held counted
 * out (those of the records named too, which a merge leaves to the survivor), the fresh ones in,
 * unchanged entries not written, the cells touched in key order; ends in `moved` (named by `n`).
 */
function movedSql(cohort: Cohort, n: Names): string {
  const columns = CONVICTION_COLUMNS.join(', ');
  const kept = CONVICTION_COLUMNS.slice(2);
  const key = REOFFENDING_KEY.join(', ');
  const [entries, cube] = [TABLES_OF[cohort].entries.name, TABLES_OF[cohort].cube.name];
  return `${n('held')} AS (
       SELECT ${columns} FROM ${entries} WHERE person_id IN (SELECT person_id FROM touched)
     ), ${n('saved')} AS (
       INSERT INTO ${entries} (${columns}) SELECT ${columns} FROM ${n('fresh')}
       ON CONFLICT (person_id, case_id) DO UPDATE SET ${kept.map((column) => `${column} = excluded.${column}`).join(', ')}
       WHERE (${kept.map((column) => `${entries}.${column}`).join(', ')}) IS DISTINCT FROM (${kept.map((column) => `excluded.${column}`).join(', ')})
     ), ${n('dropped')} AS (
       DELETE FROM ${entries} h WHERE h.person_id IN (SELECT person_id FROM touched)
         AND NOT EXISTS (SELECT 1 FROM ${n('fresh')} f WHERE f.person_id = h.person_id AND f.case_id = h.case_id)
     ), ${n('change')} AS (
       SELECT ${columns}, -1 AS weight FROM ${n('held')}
       UNION ALL SELECT ${columns}, 1 FROM ${n('fresh')}
     ), ${n('moved')} AS (
       INSERT INTO ${cube} (${key}, persons)
       SELECT ${key}, persons FROM (${cellsSql(`${n('change')} st`, 'st.weight', '$2::text')}) cells WHERE persons <> 0 ORDER BY ${key}
       ON CONFLICT (${key}) DO UPDATE SET persons = ${cube}.persons + excluded.persons
     )`;
}

const COHORTS: readonly Cohort[] = ['convicted', 'completed_probation'];

/**
 * One statement that recomputes every entry of both cohorts of the persons `named` (SQL; $1 its
 * parameter, $2 the time zone) and moves each cohort's cube by the difference (movedSql): the
 * persons, their records and suspicions read once for both.
 */
function refreshSql(named: string): string {
  const scope = { named };
  const cohorts = COHORTS.map((cohort) => {
    const n: Names = (name) => `${name}_${cohort}`;
    return `${cohortEntriesSql(scope, cohort, '$2::text', n)}, ${movedSql(cohort, n)}`;
  });
  return `WITH ${sourcesSql(scope)},
     touched AS (SELECT person_id FROM persons UNION SELECT person_id FROM named),
     ${cohorts.join(',\n     ')}
     SELECT 1`;
}

// The cases' persons: every record named by their steps, roles or probation entries (a conviction, completion or suspicion there changes their entries in other cases too).
const PERSONS_OF_CASES = `SELECT person_id FROM fact_steps WHERE case_id IN (${REFRESHED_CASES}) AND person_id IS NOT NULL
  UNION SELECT person_id FROM fact_case_persons WHERE case_id IN (${REFRESHED_CASES})
  UNION SELECT person_id FROM fact_probation_entries WHERE case_id IN (${REFRESHED_CASES}) AND person_id IS NOT NULL`;
const OF_CASES = refreshSql(PERSONS_OF_CASES);
const OF_PERSONS = refreshSql(`SELECT unnest($1::uuid[]) AS person_id`);

/** A suspicion, a case's registration (its moment, region, the case it was split off) or a person's role or categories: what moves a new case or the categories. */
const movesNewCases = (change: CaseChange) => change.kind === 'registered' || change.kind === 'roleGiven' || (change.kind === 'step' && (SUSPECT_STEPS as readonly string[]).includes(change.stepType));

/** A part's rebuild of a cohort's tables from the facts. */
async function rebuildCohort(tx: EntityManager, cohort: Cohort, timeZone: string): Promise<void> {
  const [entries, counts] = [TABLES_OF[cohort].entries.name, TABLES_OF[cohort].cube.name].map(rebuiltTable);
  await tx.query(`CREATE TEMPORARY TABLE ${entries} AS WITH ${freshSql('all', cohort, '$1::text')} SELECT ${CONVICTION_COLUMNS.join(', ')} FROM fresh`, cohort === 'completed_probation' ? [timeZone] : []);
  await tx.query(`CREATE TEMPORARY TABLE ${counts} AS ${cellsSql(`${entries} st`, '1', '$1::text')}`, [timeZone]);
}

/**
 * Reoffending after a conviction (migration 1763900000510): read from the facts alone (not the
 * people entries), so its place in the list does not matter. Its statement refreshes reoffending
 * after probation too (one statement for both cohorts: the persons and their suspicions read once).
 */
export const REOFFENDING_AGGREGATE: AggregatePart = {
  name: 'reoffending',
  tables: [TABLES_OF.convicted.entries, TABLES_OF.convicted.cube],
  otherFacts: ['fact_case_persons', 'fact_person_aliases'],
  rebuild: (tx, timeZone) => rebuildCohort(tx, 'convicted', timeZone),
  // A conviction, a probation entry (an end, a correction of the person or the case), or what moves a new case.
  changedBy: (change) => movesNewCases(change) || (change.kind === 'step' && change.stepType === 'verdict') || change.kind === 'probation',
  refreshCases: (manager, caseIds, timeZone) => runPrepared(manager, 'reoffending-refresh-cases-both', OF_CASES, [caseIds, timeZone]),
  refreshPersons: (manager, personIds, timeZone) => runPrepared(manager, 'reoffending-refresh-persons-both', OF_PERSONS, [personIds, timeZone]),
};

/**
 * Reoffending after completing probation (migration 1763900000534): the same entries and cube,
 * of the persons who completed probation, read from the facts alone (the probation entries among
 * them); refreshed by the reoffending part's statement.
 */
export const REOFFENDING_AFTER_PROBATION_AGGREGATE: AggregatePart = {
  name: 'reoffending_after_probation',
  tables: [TABLES_OF.completed_probation.entries, TABLES_OF.completed_probation.cube],
  otherFacts: ['fact_case_persons', 'fact_person_aliases', 'fact_probation_entries'],
  rebuild: (tx, timeZone) => rebuildCohort(tx, 'completed_probation', timeZone),
  changedBy: () => false,
};
