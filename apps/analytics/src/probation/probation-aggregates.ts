import { AggregatePart, CaseChange, REFRESHED_CASES, rebuiltTable } from '../aggregates/aggregate-part';
import { entriesRefreshSql, runPrepared } from '../aggregates/entries-refresh';
import { PROBATION_EVENT_COLUMNS, probationEventsSql } from './probation-sql';
import { probationStatesSql, STATE_COLUMNS } from './probation-states';
import { STATE_CUBE_TABLES, stateCubes } from './probation-stock-cubes';

/*
 * The probation aggregates (migrations 1763900000531–1763900000533): the countable things of each
 * probation stream as probationEventsSql finds them now (probation_stream_events: a case started,
 * the hours it ordered, its end, each violation and day of community work, its first meeting, a
 * report submitted), the cube of their sums by month (probation_counts), and the states of each
 * probation case between its entries (probation_case_states, probation-states.ts) with the cubes
 * of them the current stocks at a period's end and days under supervision are read from
 * (probation-stock-cubes.ts). Every row belongs to one
 * criminal case's streams and is recomputed with them: on every probation entry of the case, and
 * when the person's categories in it or their merges change.
 */

/** The cube's key columns, then `amount` (the things counted, or their hours): `days` is the first meeting's whole days, 0 for the other measures. */
export const PROBATION_KEY = ['measure', 'month', 'region', 'category', 'sex', 'age_band', 'juvenile', 'days'] as const;

const ENTRIES = { name: 'probation_stream_events', columns: PROBATION_EVENT_COLUMNS, key: PROBATION_EVENT_COLUMNS.slice(0, 4) };
const CUBE = { name: 'probation_counts', columns: [...PROBATION_KEY, 'amount'], key: PROBATION_KEY, counts: ['amount'] as const };
const STATES = { name: 'probation_case_states', columns: STATE_COLUMNS, key: STATE_COLUMNS.slice(0, 3) };

/** SQL selecting the cube's cells of rows `st` in `from` (the entries' columns), each counting `weight` times its value; `zone` the SQL of the months' zone. */
function cellsSql(from: string, weight: string, zone: string): string {
  return `SELECT st.measure, date_trunc('month', st.at AT TIME ZONE ${zone}) AT TIME ZONE ${zone} AS month, st.region, st.category, st.sex, st.age_band, st.juvenile, st.days,
      sum(${weight} * st.value) AS amount
    FROM ${from}
    GROUP BY ${PROBATION_KEY.map((_column, i) => i + 1).join(', ')}`;
}

/** The refresh of the streams of the criminal cases `cases` ($1 its parameter, $2 the time zone). */
const refreshSql = (cases: string) =>
  entriesRefreshSql(
    {
      fresh: `${probationEventsSql({ cases }, '$2::text')}, fresh AS (SELECT ${PROBATION_EVENT_COLUMNS.join(', ')} FROM probation_events)`,
      entries: ENTRIES,
      cube: CUBE,
      cells: (from, weight) => cellsSql(from, weight, '$2::text'),
    },
    cases,
  );
/**
 * The states of the probation cases of the criminal cases `cases` recomputed ($1 its parameter, $2
 * the time zone): changed ones written, gone ones deleted, and the cubes of the states
 * (probation-stock-cubes.ts) moved by the difference.
 */
function refreshStatesSql(cases: string): string {
  const [first, ...more] = stateCubes('$2::text');
  return entriesRefreshSql(
    { fresh: `${probationStatesSql({ cases }, '$2::text')}, fresh AS (SELECT ${STATE_COLUMNS.join(', ')} FROM probation_states)`, entries: STATES, ...first, moreCubes: more },
    cases,
  );
}

const CASES_OF_PERSONS = 'SELECT case_id FROM fact_probation_entries WHERE person_id = ANY($1::uuid[])';
const OF_CASES = refreshSql(REFRESHED_CASES);
const OF_PERSONS = refreshSql(CASES_OF_PERSONS);
const STATES_OF_CASES = refreshStatesSql(REFRESHED_CASES);
const STATES_OF_PERSONS = refreshStatesSql(CASES_OF_PERSONS);

/** A probation entry of the case, or the person's categories in it (their role given again). */
function changesProbation(change: CaseChange): boolean {
  return change.kind === 'probation' || change.kind === 'roleGiven';
}

/** The probation aggregates (migrations 1763900000531–1763900000533). */
export const PROBATION_AGGREGATE: AggregatePart = {
  name: 'probation',
  tables: [ENTRIES, CUBE, STATES, ...STATE_CUBE_TABLES],
  otherFacts: ['fact_probation_entries', 'fact_case_persons', 'fact_person_aliases'],
  async rebuild(tx, timeZone) {
    const [entries, counts, states, ...cubes] = this.tables.map((table) => rebuiltTable(table.name));
    await tx.query(`CREATE TEMPORARY TABLE ${entries} AS WITH ${probationEventsSql('now', '$1::text')} SELECT ${PROBATION_EVENT_COLUMNS.join(', ')} FROM probation_events`, [timeZone]);
    await tx.query(`CREATE TEMPORARY TABLE ${counts} AS ${cellsSql(`${entries} st`, '1', '$1::text')}`, [timeZone]);
    await tx.query(`CREATE TEMPORARY TABLE ${states} AS WITH ${probationStatesSql('now', '$1::text')} SELECT ${STATE_COLUMNS.join(', ')} FROM probation_states`, [timeZone]);
    for (const [index, { cells }] of stateCubes('$1::text').entries()) await tx.query(`CREATE TEMPORARY TABLE ${cubes[index]} AS ${cells(`${states} st`, '1')}`, [timeZone]);
  },
  changedBy: changesProbation,
  async refreshCases(manager, caseIds, timeZone) {
    await runPrepared(manager, 'probation-refresh-cases', OF_CASES, [caseIds, timeZone]);
    await runPrepared(manager, 'probation-refresh-cases-states', STATES_OF_CASES, [caseIds, timeZone]);
  },
  async refreshPersons(manager, personIds, timeZone) {
    await runPrepared(manager, 'probation-refresh-persons', OF_PERSONS, [personIds, timeZone]);
    await runPrepared(manager, 'probation-refresh-persons-states', STATES_OF_PERSONS, [personIds, timeZone]);
  },
};
