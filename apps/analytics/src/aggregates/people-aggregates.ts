import { EntityManager } from 'typeorm';
import { PERSON_CATEGORIES_SQL } from '../facts/facts-sql';
import { entriesSql, PERSON_BREAKDOWN_SQL, PERSON_POSITIONS, PersonBreakdown } from '../people/person-counts';

/*
 * The people aggregates (migration 1763900000450): each case's entries of persons into positions
 * as personCounts counts them now, and the cube of their counts. A person counts once per case,
 * so every entry belongs to one case and is recomputed with it.
 */

/** The cube's (and the entries') columns of the person breakdowns. */
export const PEOPLE_COLUMNS: Readonly<Record<PersonBreakdown, string>> = {
  region: 'region',
  sex: 'sex',
  ageBand: 'age_band',
  juvenile: 'juvenile',
  citizenshipGroup: 'citizenship_group',
  disability: 'disability',
  outcome: 'outcome',
};
const BREAKDOWNS = Object.keys(PEOPLE_COLUMNS) as PersonBreakdown[];

/** The grains of the cube: article written as '' (tables that filter on no article), or kept. */
export const PEOPLE_GRAINS = { anyArticle: 0, byArticle: 1 } as const;

/** The cube's (people_counts) key columns, then `persons`. */
export const PEOPLE_KEY = ['position', 'grain', 'article', 'month', ...BREAKDOWNS.map((breakdown) => PEOPLE_COLUMNS[breakdown])];
/** The entries' (people_case_entries) columns. */
export const ENTRY_COLUMNS = ['case_id', 'position', 'person_id', 'at', 'article', ...BREAKDOWNS.map((breakdown) => PEOPLE_COLUMNS[breakdown])];

/**
 * SQL (common table expressions) ending in `people(…ENTRY_COLUMNS)`: the entries into every
 * position as the facts stand now, of every case (`now`) or of `{ cases }` (entriesSql), with
 * the categories each counts under (the breakdowns' SQL of personCounts).
 */
export function peopleEntriesSql(from: 'now' | { cases: string }): string {
  return `${entriesSql(PERSON_POSITIONS, from)},
     people AS (
       SELECT e.case_id, e.position, e.person_id, e.at, c.offence_article AS article,
         ${BREAKDOWNS.map((breakdown) => `${PERSON_BREAKDOWN_SQL[breakdown]} AS ${PEOPLE_COLUMNS[breakdown]}`).join(', ')}
       FROM entries e JOIN fact_cases c ON c.case_id = e.case_id
       ${PERSON_CATEGORIES_SQL}
     )`;
}

/**
 * SQL selecting the cube's cells of entry rows `st` (people_case_entries' columns) in `from`,
 * each counting `weight`, in both grains; `zone` is the SQL of the time zone of the months.
 */
export function peopleCellsSql(from: string, weight: string, zone: string): string {
  return `SELECT st.position, g.grain, CASE WHEN g.grain = ${PEOPLE_GRAINS.byArticle} THEN st.article ELSE '' END AS article,
      date_trunc('month', st.at AT TIME ZONE ${zone}) AT TIME ZONE ${zone} AS month,
      ${BREAKDOWNS.map((breakdown) => `st.${PEOPLE_COLUMNS[breakdown]}`).join(', ')}, sum(${weight})::int AS persons
    FROM ${from} CROSS JOIN (VALUES (${PEOPLE_GRAINS.anyArticle}), (${PEOPLE_GRAINS.byArticle})) AS g(grain)
    GROUP BY ${PEOPLE_KEY.map((_column, i) => i + 1).join(', ')}`;
}

/**
 * The entries of the cases in `cases` (SQL of a set of case ids; $1 its parameter) recomputed from their facts, and the cube moved by the difference: the old entries counted
 * out, the new ones in (nothing when they did not change). One statement, in the projection's
 * transaction, after the fact was written; the cells touched in key order, so that two
 * transactions never wait on each other's cells crosswise. $2 is the time zone.
 */
function refreshSql(cases: string): string {
  const columns = ENTRY_COLUMNS.join(', ');
  return `WITH ${peopleEntriesSql({ cases })},
     held AS (
       SELECT ${columns} FROM people_case_entries WHERE case_id IN (${cases})
     ), saved AS (
       INSERT INTO people_case_entries (${columns}) SELECT ${columns} FROM people
       ON CONFLICT (case_id, position, person_id) DO UPDATE SET ${ENTRY_COLUMNS.slice(3).map((column) => `${column} = excluded.${column}`).join(', ')}
       WHERE (${ENTRY_COLUMNS.slice(3).map((column) => `people_case_entries.${column}`).join(', ')}) IS DISTINCT FROM (${ENTRY_COLUMNS.slice(3).map((column) => `excluded.${column}`).join(', ')})
     ), dropped AS (
       DELETE FROM people_case_entries h WHERE h.case_id IN (${cases})
         AND NOT EXISTS (SELECT 1 FROM people p WHERE p.case_id = h.case_id AND p.position = h.position AND p.person_id = h.person_id)
     ), change AS (
       SELECT ${columns}, -1 AS weight FROM held
       UNION ALL SELECT ${columns}, 1 FROM people
     ), cells AS (
       ${peopleCellsSql('change st', 'st.weight', '$2::text')}
     )
     INSERT INTO people_counts (${PEOPLE_KEY.join(', ')}, persons)
     SELECT ${PEOPLE_KEY.join(', ')}, persons FROM cells WHERE persons <> 0 ORDER BY ${PEOPLE_KEY.join(', ')}
     ON CONFLICT (${PEOPLE_KEY.join(', ')}) DO UPDATE SET persons = people_counts.persons + excluded.persons`;
}

const ONE_CASE = refreshSql('$1::uuid');
// Where either record has a role or a step (the person indexes of migration 1763900000450).
const CASES_OF_PERSONS = refreshSql(
  'SELECT case_id FROM fact_case_persons WHERE person_id = ANY($1::uuid[]) UNION SELECT case_id FROM fact_steps WHERE person_id = ANY($1::uuid[])',
);

/**
 * Runs a statement prepared once per connection under `name`, in the manager's transaction: the
 * refresh's many common table expressions take longer to plan than to run (≈10 ms against ≈1.5 ms
 * for one case), and a prepared statement's plan is kept. Without a transaction, a plain query.
 */
async function runPrepared(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<void> {
  if (!manager.queryRunner) return void (await manager.query(text, values));
  const client = (await manager.queryRunner.connect()) as { query(statement: { name: string; text: string; values: unknown[] }): Promise<unknown> };
  await client.query({ name, text, values });
}

/** One case's entries recomputed from its facts, and the people cube moved by the difference. */
export async function refreshCasePeople(manager: EntityManager, caseId: string, timeZone: string): Promise<void> {
  await runPrepared(manager, 'people-refresh-case', ONE_CASE, [caseId, timeZone]);
}

/**
 * The entries of every case in which one of these person records has a role or a step,
 * recomputed (a merge or unmerge of the two changes who counts once there), in one statement.
 */
export async function refreshPeopleOfPersons(manager: EntityManager, personIds: readonly string[], timeZone: string): Promise<void> {
  await runPrepared(manager, 'people-refresh-persons', CASES_OF_PERSONS, [personIds, timeZone]);
}

/** The people aggregates' tables (migration 1763900000450). */
export const PEOPLE_TABLES = ['people_case_entries', 'people_counts'];

/**
 * For a rebuild (aggregates/rebuild.ts, in its transaction): the entries of every case and the
 * cube, set-based, into the temporary tables rebuilt_people_entries and rebuilt_people_counts.
 * Returns the facts read (persons' roles and merges; cases and steps the rebuild counts), the
 * entries and the cells.
 */
export async function rebuildPeople(tx: EntityManager, timeZone: string): Promise<{ facts: number; personEntries: number; cells: number }> {
  await tx.query(`CREATE TEMPORARY TABLE rebuilt_people_entries AS WITH ${peopleEntriesSql('now')} SELECT ${ENTRY_COLUMNS.join(', ')} FROM people`);
  await tx.query(`CREATE TEMPORARY TABLE rebuilt_people_counts AS ${peopleCellsSql('rebuilt_people_entries st', '1', '$1::text')}`, [timeZone]);
  const [counted]: { facts: number; personEntries: number; cells: number }[] = await tx.query(
    `SELECT ((SELECT count(*) FROM fact_case_persons) + (SELECT count(*) FROM fact_person_aliases))::int AS facts,
       (SELECT count(*) FROM rebuilt_people_entries)::int AS "personEntries", (SELECT count(*) FROM rebuilt_people_counts)::int AS cells`,
  );
  return counted;
}

/** The rebuilt people aggregates in place of those held. */
export async function replacePeople(tx: EntityManager): Promise<void> {
  await tx.query(`DELETE FROM people_case_entries`);
  await tx.query(`INSERT INTO people_case_entries (${ENTRY_COLUMNS.join(', ')}) SELECT ${ENTRY_COLUMNS.join(', ')} FROM rebuilt_people_entries`);
  await tx.query(`DELETE FROM people_counts`);
  await tx.query(`INSERT INTO people_counts (${PEOPLE_KEY.join(', ')}, persons) SELECT ${PEOPLE_KEY.join(', ')}, persons FROM rebuilt_people_counts`);
}
