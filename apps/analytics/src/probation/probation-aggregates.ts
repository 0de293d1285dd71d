import { AggregatePart, CaseChange, rebuiltTable } from '../aggregates/aggregate-part';
import { entriesRefreshSql, runPrepared } from '../aggregates/entries-refresh';
import { PROBATION_EVENT_COLUMNS, probationEventsSql } from './probation-sql';

/*
 * The probation aggregates (migration 1763900000531): the countable things of each probation
 * stream as probationEventsSql finds them now (probation_stream_events: a case started, the hours
 * it ordered, its end, each violation and day of community work, its first meeting, a report
 * submitted) and the cube of their sums by month (probation_counts). Every row belongs to one
 * criminal case's streams and is recomputed with them: on every probation entry of the case, and
 * when the person's categories in it or their merges change.
 */

/** The cube's key columns, then `amount` (the things counted, or their hours): `days` is the first meeting's whole days, 0 for the other measures. */
export const PROBATION_KEY = ['measure', 'month', 'region', 'category', 'sex', 'age_band', 'juvenile', 'days'] as const;

const ENTRIES = { name: 'probation_stream_events', columns: PROBATION_EVENT_COLUMNS, key: PROBATION_EVENT_COLUMNS.slice(0, 4) };
const CUBE = { name: 'probation_counts', columns: [...PROBATION_KEY, 'amount'], key: PROBATION_KEY, counts: ['amount'] as const };

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
const ONE_CASE = refreshSql('$1::uuid');
const OF_PERSONS = refreshSql('SELECT case_id FROM fact_probation_entries WHERE person_id = ANY($1::uuid[])');

/** A probation entry of the case, or the person's categories in it (their role given again). */
function changesProbation(change: CaseChange): boolean {
  return change.kind === 'probation' || change.kind === 'roleGiven';
}

/** The probation aggregates (migration 1763900000531). */
export const PROBATION_AGGREGATE: AggregatePart = {
  name: 'probation',
  tables: [ENTRIES, CUBE],
  otherFacts: ['fact_probation_entries', 'fact_case_persons', 'fact_person_aliases'],
  async rebuild(tx, timeZone) {
    const [entries, counts] = this.tables.map((table) => rebuiltTable(table.name));
    await tx.query(`CREATE TEMPORARY TABLE ${entries} AS WITH ${probationEventsSql('now', '$1::text')} SELECT ${PROBATION_EVENT_COLUMNS.join(', ')} FROM probation_events`, [timeZone]);
    await tx.query(`CREATE TEMPORARY TABLE ${counts} AS ${cellsSql(`${entries} st`, '1', '$1::text')}`, [timeZone]);
  },
  changedBy: changesProbation,
  refreshCase: (manager, caseId, timeZone) => runPrepared(manager, 'probation-refresh-case', ONE_CASE, [caseId, timeZone]),
  refreshPersons: (manager, personIds, timeZone) => runPrepared(manager, 'probation-refresh-persons', OF_PERSONS, [personIds, timeZone]),
};
