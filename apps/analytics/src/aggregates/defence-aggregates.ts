import { PERSON_CATEGORIES_SQL } from '../facts/facts-sql';
import { defendedSql, MILESTONE_STEPS, MILESTONES, milestoneSql } from '../defence/defence-at-milestones';
import { PERSON_BREAKDOWN_SQL } from '../people/person-counts';
import { AggregatePart, CaseChange, REFRESHED_CASES, rebuiltTable } from './aggregate-part';
import { entriesRefreshSql, runPrepared } from './entries-refresh';
import { MEASURE_BREAKDOWNS } from './liberty-aggregates';
import { CASES_OF_PERSONS, PEOPLE_COLUMNS } from './people-aggregates';

/*
 * The defence aggregates (migration 1763900000500): each case's persons at each milestone (the
 * first notification of suspicion, the first indictment) as defenceAtMilestone finds them now —
 * the surviving person id, the moment, whether the case had a defence lawyer in force then, the
 * case's region and the person's categories — and the cube of their counts. Every entry belongs
 * to one case and is recomputed with it.
 */

/** The person breakdowns the cube keeps (those of the liberty cube: the people cube's, without the outcome of a verdict). */
export const DEFENCE_BREAKDOWNS = MEASURE_BREAKDOWNS;
const CATEGORY_COLUMNS = DEFENCE_BREAKDOWNS.map((breakdown) => PEOPLE_COLUMNS[breakdown]);

/**
 * The grains of the cube: the region alone (the person's categories written as ''), which a
 * national or regional table reads — a few hundred cells instead of tens of thousands — or every category.
 */
export const DEFENCE_GRAINS = { region: 0, persons: 1 } as const;

/** The cube's (defence_counts) key columns, then `persons`: defended is in the key, so that each cell has one count. */
export const DEFENCE_KEY = ['milestone', 'grain', 'month', ...CATEGORY_COLUMNS, 'defended'];
/** The entries' (defence_case_entries) columns; the first three identify an entry. */
export const DEFENCE_ENTRY_COLUMNS = ['case_id', 'milestone', 'person_id', 'at', 'defended', ...CATEGORY_COLUMNS];

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * SQL (common table expressions) ending in `fresh(…DEFENCE_ENTRY_COLUMNS)`: the entries as the
 * facts stand now, of every case (`now`) or of `{ cases }` (SQL of a set of case ids), whose steps,
 * lawyers and merges are then read by the case indexes.
 */
export function defenceEntriesSql(from: 'now' | { cases: string }): string {
  const current = (steps: string) => (types: readonly string[]) =>
    `SELECT s.case_id, s.person_id, s.step_type, s.occurred_at FROM ${steps} s WHERE s.known_until IS NULL AND NOT s.annulled AND s.step_type IN (${list(types)})`;
  const sources =
    from === 'now'
      ? `aliases AS MATERIALIZED (SELECT merged_person_id, surviving_person_id FROM fact_person_aliases WHERE known_until IS NULL),
     lawyers AS (
       SELECT case_id, array_agg(known_from) AS given, array_agg(ended_at) AS ended FROM fact_case_persons WHERE role = 'defence_lawyer' GROUP BY 1
     )`
      : // MATERIALIZED: the cases' steps by the case index alone (see stagesSql).
        `case_steps AS MATERIALIZED (SELECT * FROM fact_steps WHERE case_id IN (${from.cases}) AND step_type IN (${list(MILESTONE_STEPS)})),
     aliases AS (
       SELECT merged_person_id, surviving_person_id FROM fact_person_aliases
       WHERE known_until IS NULL AND merged_person_id IN (SELECT person_id FROM case_steps)
     ), lawyers AS (
       SELECT case_id, array_agg(known_from) AS given, array_agg(ended_at) AS ended FROM fact_case_persons
       WHERE case_id IN (${from.cases}) AND role = 'defence_lawyer' GROUP BY 1
     )`;
  const steps = current(from === 'now' ? 'fact_steps' : 'case_steps');
  const reached = MILESTONES.map((milestone) => `SELECT '${milestone}'::text AS milestone, r.* FROM (${milestoneSql(milestone, steps)}) r`).join('\n       UNION ALL ');
  return `${sources},
     reached AS (
       ${reached}
     ), fresh AS (
       SELECT e.case_id, e.milestone, e.person_id, e.at, ${defendedSql('e.at', 'NULL::timestamptz')} AS defended,
         ${DEFENCE_BREAKDOWNS.map((breakdown, i) => `${PERSON_BREAKDOWN_SQL[breakdown]} AS ${CATEGORY_COLUMNS[i]}`).join(', ')}
       FROM reached e JOIN fact_cases c ON c.case_id = e.case_id
       LEFT JOIN lawyers d ON d.case_id = e.case_id
       ${PERSON_CATEGORIES_SQL}
     )`;
}

/**
 * SQL selecting the cube's cells of entry rows `st` in `from`, each counting `weight`, in the
 * grains `grains` (both by default); `zone` the SQL of the months' time zone. Rows of the cube
 * itself (its columns) are entries too: each counts its persons in the coarser grain.
 */
export function defenceCellsSql(from: string, weight: string, zone: string, grains: readonly number[] = Object.values(DEFENCE_GRAINS)): string {
  const region = PEOPLE_COLUMNS.region;
  return `SELECT st.milestone, g.grain, date_trunc('month', st.at AT TIME ZONE ${zone}) AT TIME ZONE ${zone} AS month,
      ${CATEGORY_COLUMNS.map((column) => (column === region ? `st.${column}` : `CASE WHEN g.grain = ${DEFENCE_GRAINS.persons} THEN st.${column} ELSE '' END AS ${column}`)).join(', ')},
      st.defended, sum(${weight})::int AS persons
    FROM ${from} CROSS JOIN (VALUES ${grains.map((grain) => `(${grain})`).join(', ')}) AS g(grain)
    GROUP BY ${DEFENCE_KEY.map((_column, i) => i + 1).join(', ')}`;
}

const ENTRIES = { name: 'defence_case_entries', columns: DEFENCE_ENTRY_COLUMNS, key: DEFENCE_ENTRY_COLUMNS.slice(0, 3) };
const CUBE = { name: 'defence_counts', columns: [...DEFENCE_KEY, 'persons'], key: DEFENCE_KEY, counts: ['persons'] as const };
/** The refresh of the cases `cases` ($1 its parameter, $2 the time zone). */
const refreshSql = (cases: string) =>
  entriesRefreshSql({ fresh: defenceEntriesSql({ cases }), entries: ENTRIES, cube: CUBE, cells: (from, weight) => defenceCellsSql(from, weight, '$2::text') }, cases);
const OF_CASES = refreshSql(REFRESHED_CASES);
const OF_PERSONS = refreshSql(CASES_OF_PERSONS);

/** Whether this change can change who reaches a milestone in the case and when, whether the case had a lawyer then (a lawyer's role given or ended), or the categories. */
function changesDefence(change: CaseChange): boolean {
  return change.kind === 'registered' || change.kind === 'roleGiven' || change.kind === 'roleEnded' || (change.kind === 'step' && (MILESTONE_STEPS as readonly string[]).includes(change.stepType));
}

/** The defence aggregates (migration 1763900000500). */
export const DEFENCE_AGGREGATE: AggregatePart = {
  name: 'defence',
  tables: [ENTRIES, CUBE],
  otherFacts: ['fact_case_persons', 'fact_person_aliases'],
  async rebuild(tx, timeZone) {
    const [entries, counts] = this.tables.map((table) => rebuiltTable(table.name));
    await tx.query(`CREATE TEMPORARY TABLE ${entries} AS WITH ${defenceEntriesSql('now')} SELECT ${DEFENCE_ENTRY_COLUMNS.join(', ')} FROM fresh`);
    // The grain of every category from the entries, the region's from its cells (far fewer rows than entries).
    await tx.query(`CREATE TEMPORARY TABLE ${counts} AS ${defenceCellsSql(`${entries} st`, '1', '$1::text', [DEFENCE_GRAINS.persons])}`, [timeZone]);
    await tx.query(`INSERT INTO ${counts} ${defenceCellsSql(`(SELECT *, month AS at FROM ${counts}) st`, 'st.persons', '$1::text', [DEFENCE_GRAINS.region])}`, [timeZone]);
  },
  changedBy: changesDefence,
  refreshCases: (manager, caseIds, timeZone) => runPrepared(manager, 'defence-refresh-cases', OF_CASES, [caseIds, timeZone]),
  refreshPersons: (manager, personIds, timeZone) => runPrepared(manager, 'defence-refresh-persons', OF_PERSONS, [personIds, timeZone]),
};
