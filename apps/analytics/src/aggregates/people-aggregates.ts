import { LATEST_ROLES_SQL, PERSON_CATEGORIES_JOINED_SQL, PERSON_CATEGORIES_SQL } from '../facts/facts-sql';
import { changesPeople, entriesSql, PERSON_BREAKDOWN_SQL, PERSON_POSITIONS, PersonBreakdown } from '../people/person-counts';
import { AggregatePart, CaseChange, grainsTableSql, REFRESHED_CASES, rebuiltTable } from './aggregate-part';
import { entriesRefreshSql, runPrepared } from './entries-refresh';

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

/**
 * The grains of the cube (migration 1763900000520): each keeps some of the breakdowns (the others
 * written as '') and the case's article or not (''). Region and juvenile are in every grain
 * without the article (a regional analyst's tables filter on region, juveniles_suspected on
 * juvenile). A table reads the grain that keeps what it asks for (the region too, when it asks for
 * one region) with the fewest breakdowns, so that a national table by one breakdown sums hundreds of
 * cells, not every combination of the person's categories. Grains are only ever appended (a cell
 * keeps its grain's index). Every grain costs a few cells more per change of a case's persons.
 */
export const PEOPLE_GRAINS: readonly { by: readonly PersonBreakdown[]; article: boolean }[] = [
  { by: ['region', 'juvenile'], article: false },
  { by: ['region', 'juvenile', 'sex'], article: false },
  { by: ['region', 'juvenile', 'ageBand'], article: false },
  { by: ['region', 'juvenile', 'citizenshipGroup'], article: false },
  { by: ['region', 'juvenile', 'disability'], article: false },
  { by: ['region', 'juvenile', 'outcome'], article: false },
  { by: BREAKDOWNS, article: false },
  // The tables of some articles only (sgbv_victims) and their breakdowns; national ones without the region (migration 1763900000551).
  { by: ['region', 'sex', 'ageBand'], article: true },
  { by: ['sex', 'ageBand'], article: true },
];

/** The index in PEOPLE_GRAINS of the grain with the fewest breakdowns that keeps these (and the article, when the persons are those of some articles), or -1. */
export function peopleGrainFor(by: readonly PersonBreakdown[], byArticle: boolean): number {
  return PEOPLE_GRAINS.reduce(
    (best, grain, index) =>
      grain.article === byArticle && by.every((breakdown) => grain.by.includes(breakdown)) && (best < 0 || grain.by.length < PEOPLE_GRAINS[best].by.length) ? index : best,
    -1,
  );
}

/** `(VALUES …) AS g(grain, article, region, sex, …)`: every grain, and which columns it keeps. */
const GRAINS_TABLE = grainsTableSql(
  PEOPLE_GRAINS.map((grain) => [grain.article, ...BREAKDOWNS.map((breakdown) => grain.by.includes(breakdown))]),
  ['article', ...BREAKDOWNS.map((breakdown) => PEOPLE_COLUMNS[breakdown])],
);

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
  // Every case's: each person's categories joined, not searched for entry by entry.
  const every = from === 'now';
  return `${every ? `${LATEST_ROLES_SQL}, ` : ''}${entriesSql(PERSON_POSITIONS, from)},
     people AS (
       SELECT e.case_id, e.position, e.person_id, e.at, c.offence_article AS article,
         ${BREAKDOWNS.map((breakdown) => `${PERSON_BREAKDOWN_SQL[breakdown]} AS ${PEOPLE_COLUMNS[breakdown]}`).join(', ')}
       FROM entries e JOIN fact_cases c ON c.case_id = e.case_id
       ${every ? PERSON_CATEGORIES_JOINED_SQL : PERSON_CATEGORIES_SQL}
     )`;
}

/**
 * SQL selecting the cube's cells, in every grain, of rows `st` in `from` that hold the entries'
 * columns (or the cells of the finest grain, rolled up), each counting `weight`; `month` the SQL
 * of the local month of a row.
 */
export function peopleCellsSql(from: string, weight: string, month: string): string {
  return `SELECT st.position, g.grain, CASE WHEN g.article THEN st.article ELSE '' END AS article, ${month} AS month,
      ${BREAKDOWNS.map((breakdown) => PEOPLE_COLUMNS[breakdown]).map((column) => `CASE WHEN g.${column} THEN st.${column} ELSE '' END AS ${column}`).join(', ')}, sum(${weight})::int AS persons
    FROM ${from} CROSS JOIN ${GRAINS_TABLE}
    GROUP BY ${PEOPLE_KEY.map((_column, i) => i + 1).join(', ')}`;
}

/** The local month of an entry `st`, in the zone `zone` (SQL). */
const entryMonth = (zone: string) => `date_trunc('month', st.at AT TIME ZONE ${zone}) AT TIME ZONE ${zone}`;

/**
 * SQL selecting every cell of the cube, in PEOPLE_KEY's order, from the entries in the table
 * `entries` ($1 the zone): each combination of categories, article and month once (far fewer
 * rows than entries), then each grain of those as a grouping set (GROUPING tells which grain a
 * cell is of, and which of its columns are '') — lighter than peopleCellsSql's copy of every
 * combination per grain (200k cases: 5.2–6.1 s against 7.1–8.4 s).
 */
export function cubeOfEntriesSql(entries: string): string {
  const rolled = ['article', ...BREAKDOWNS.map((breakdown) => PEOPLE_COLUMNS[breakdown])];
  const finest = `SELECT position, article, ${entryMonth('$1::text')} AS month, ${rolled.slice(1).join(', ')}, count(*) AS persons
    FROM ${entries} st GROUP BY ${PEOPLE_KEY.filter((column) => column !== 'grain').map((_column, i) => i + 1).join(', ')}`;
  const kept = PEOPLE_GRAINS.map((grain) => [...(grain.article ? ['article'] : []), ...grain.by.map((breakdown) => PEOPLE_COLUMNS[breakdown])]);
  // GROUPING(…rolled): a bit per column, the first the highest, set when the column is rolled up.
  const mask = (columns: readonly string[]) => rolled.reduce((bits, column) => bits * 2 + (columns.includes(column) ? 0 : 1), 0);
  const grouped = `GROUPING(${rolled.join(', ')})`;
  return `SELECT position, CASE ${grouped} ${kept.map((columns, index) => `WHEN ${mask(columns)} THEN ${index}`).join(' ')} END AS grain,
      ${PEOPLE_KEY.slice(2).map((column) => (rolled.includes(column) ? `CASE WHEN GROUPING(${column}) = 1 THEN '' ELSE ${column} END AS ${column}` : column)).join(', ')}, sum(persons)::int AS persons
    FROM (${finest}) st
    GROUP BY GROUPING SETS (${kept.map((columns) => `(position, month, ${columns.join(', ')})`).join(', ')})`;
}

/** Where either record has a role or a step (the person indexes of migration 1763900000450). */
export const CASES_OF_PERSONS = 'SELECT case_id FROM fact_case_persons WHERE person_id = ANY($1::uuid[]) UNION SELECT case_id FROM fact_steps WHERE person_id = ANY($1::uuid[])';

const ENTRIES = { name: 'people_case_entries', columns: ENTRY_COLUMNS, key: ENTRY_COLUMNS.slice(0, 3) };
const CUBE = { name: 'people_counts', columns: [...PEOPLE_KEY, 'persons'], key: PEOPLE_KEY, counts: ['persons'] as const };
/** The refresh of the cases `cases` ($1 its parameter, $2 the time zone). */
const refreshSql = (cases: string) =>
  entriesRefreshSql({ fresh: `${peopleEntriesSql({ cases })}, fresh AS (SELECT * FROM people)`, entries: ENTRIES, cube: CUBE, cells: (from, weight) => peopleCellsSql(from, weight, entryMonth('$2::text')) }, cases);
const OF_CASES = refreshSql(REFRESHED_CASES);
const OF_PERSONS = refreshSql(CASES_OF_PERSONS);

/** Whether this change can change who entered which position in the case, or their categories. */
function changesCasePeople(change: CaseChange): boolean {
  return change.kind === 'registered' || change.kind === 'roleGiven' || change.kind === 'roleEnded' || (change.kind === 'step' && changesPeople(change.stepType));
}

/** The people aggregates (migration 1763900000450). */
export const PEOPLE_AGGREGATE: AggregatePart = {
  name: 'people',
  tables: [ENTRIES, CUBE],
  otherFacts: ['fact_case_persons', 'fact_person_aliases'],
  async rebuild(tx, timeZone) {
    const [entries, counts] = this.tables.map((table) => rebuiltTable(table.name));
    await tx.query(`CREATE TEMPORARY TABLE ${entries} AS WITH ${peopleEntriesSql('now')} SELECT ${ENTRY_COLUMNS.join(', ')} FROM people`);
    await tx.query(`CREATE TEMPORARY TABLE ${counts} AS ${cubeOfEntriesSql(entries)}`, [timeZone]);
  },
  changedBy: changesCasePeople,
  refreshCases: (manager, caseIds, timeZone) => runPrepared(manager, 'people-refresh-cases', OF_CASES, [caseIds, timeZone]),
  refreshPersons: (manager, personIds, timeZone) => runPrepared(manager, 'people-refresh-persons', OF_PERSONS, [personIds, timeZone]),
};
