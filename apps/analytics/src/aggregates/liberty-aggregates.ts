import { EntityManager } from 'typeorm';
import { PERSON_CATEGORIES_SQL } from '../facts/facts-sql';
import { MEASURE_STEPS, measuresAppliedSql } from '../liberty/measures-applied';
import { PERSON_BREAKDOWN_SQL } from '../people/person-counts';
import { PEOPLE_COLUMNS } from './people-aggregates';

/*
 * The liberty aggregates (migration 1763900000470): each case's preventive measures given to
 * persons as measuresApplied counts them now (once per case, person and measure, when first
 * given), and the cube of their counts. Every entry belongs to one case and is recomputed with it.
 */

/** The person breakdowns the cube keeps (the people cube's columns, without the outcome of a verdict). */
export const MEASURE_BREAKDOWNS = ['region', 'sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability'] as const;
const CATEGORY_COLUMNS = MEASURE_BREAKDOWNS.map((breakdown) => PEOPLE_COLUMNS[breakdown]);

/** The cube's (liberty_measure_counts) key columns, then `persons`. */
export const MEASURE_KEY = ['measure', 'month', ...CATEGORY_COLUMNS];
/** The entries' (liberty_measure_entries) columns. */
export const MEASURE_ENTRY_COLUMNS = ['case_id', 'person_id', 'measure', 'at', ...CATEGORY_COLUMNS];

/** Whether recording or correcting a step of this type can change the measures given. */
export function changesMeasures(stepType: string): boolean {
  return (MEASURE_STEPS as readonly string[]).includes(stepType);
}

/** SQL (common table expressions) ending in `given(…MEASURE_ENTRY_COLUMNS)`: the entries as the facts stand now, of every case or of `{ cases }`. */
function givenSql(from: 'now' | { cases: string }): string {
  return `${measuresAppliedSql(from)},
     given AS (
       SELECT e.case_id, e.person_id, e.measure, e.at, ${MEASURE_BREAKDOWNS.map((breakdown, i) => `${PERSON_BREAKDOWN_SQL[breakdown]} AS ${CATEGORY_COLUMNS[i]}`).join(', ')}
       FROM applied e JOIN fact_cases c ON c.case_id = e.case_id
       ${PERSON_CATEGORIES_SQL}
     )`;
}

/** SQL selecting the cube's cells of entry rows `st` in `from`, each counting `weight`; `zone` the SQL of the months' time zone. */
function cellsSql(from: string, weight: string, zone: string): string {
  return `SELECT st.measure, date_trunc('month', st.at AT TIME ZONE ${zone}) AT TIME ZONE ${zone} AS month,
      ${CATEGORY_COLUMNS.map((column) => `st.${column}`).join(', ')}, sum(${weight})::int AS persons
    FROM ${from}
    GROUP BY ${MEASURE_KEY.map((_column, i) => i + 1).join(', ')}`;
}

/**
 * The entries of the cases in `cases` (SQL of a set of case ids; $1 its parameter) recomputed
 * from their facts, and the cube moved by the difference, in one statement (as the people
 * aggregates' refresh: cells touched in key order). $2 is the time zone.
 */
function refreshSql(cases: string): string {
  const columns = MEASURE_ENTRY_COLUMNS.join(', ');
  const kept = MEASURE_ENTRY_COLUMNS.slice(3);
  return `WITH ${givenSql({ cases })},
     held AS (
       SELECT ${columns} FROM liberty_measure_entries WHERE case_id IN (${cases})
     ), saved AS (
       INSERT INTO liberty_measure_entries (${columns}) SELECT ${columns} FROM given
       ON CONFLICT (case_id, person_id, measure) DO UPDATE SET ${kept.map((column) => `${column} = excluded.${column}`).join(', ')}
       WHERE (${kept.map((column) => `liberty_measure_entries.${column}`).join(', ')}) IS DISTINCT FROM (${kept.map((column) => `excluded.${column}`).join(', ')})
     ), dropped AS (
       DELETE FROM liberty_measure_entries h WHERE h.case_id IN (${cases})
         AND NOT EXISTS (SELECT 1 FROM given g WHERE g.case_id = h.case_id AND g.person_id = h.person_id AND g.measure = h.measure)
     ), change AS (
       SELECT ${columns}, -1 AS weight FROM held
       UNION ALL SELECT ${columns}, 1 FROM given
     ), cells AS (
       ${cellsSql('change st', 'st.weight', '$2::text')}
     )
     INSERT INTO liberty_measure_counts (${MEASURE_KEY.join(', ')}, persons)
     SELECT ${MEASURE_KEY.join(', ')}, persons FROM cells WHERE persons <> 0 ORDER BY ${MEASURE_KEY.join(', ')}
     ON CONFLICT (${MEASURE_KEY.join(', ')}) DO UPDATE SET persons = liberty_measure_counts.persons + excluded.persons`;
}

const ONE_CASE = refreshSql('$1::uuid');
// Where either record has a role or a step (the person indexes of migration 1763900000450).
const CASES_OF_PERSONS = refreshSql(
  'SELECT case_id FROM fact_case_persons WHERE person_id = ANY($1::uuid[]) UNION SELECT case_id FROM fact_steps WHERE person_id = ANY($1::uuid[])',
);

/** One case's measure entries recomputed from its facts (its region, a person's categories or measures changed), and the cube moved by the difference. */
export async function refreshCaseLiberty(manager: EntityManager, caseId: string, timeZone: string): Promise<void> {
  await manager.query(ONE_CASE, [caseId, timeZone]);
}

/** The entries of every case in which one of these person records has a role or a step (a merge or unmerge of the two), recomputed in one statement. */
export async function refreshLibertyOfPersons(manager: EntityManager, personIds: readonly string[], timeZone: string): Promise<void> {
  await manager.query(CASES_OF_PERSONS, [personIds, timeZone]);
}

/** The liberty aggregates' tables (migration 1763900000470). */
export const LIBERTY_TABLES = ['liberty_measure_entries', 'liberty_measure_counts'];

/** The temporary tables rebuildLiberty fills. */
export const REBUILT_LIBERTY_TABLES = ['rebuilt_liberty_measure_entries', 'rebuilt_liberty_measure_counts'];

/** For a rebuild (aggregates/rebuild.ts, in its transaction): the entries of every case and the cube, set-based, into REBUILT_LIBERTY_TABLES; returns the entries and the cells. */
export async function rebuildLiberty(tx: EntityManager, timeZone: string): Promise<{ measureEntries: number; cells: number }> {
  await tx.query(`CREATE TEMPORARY TABLE rebuilt_liberty_measure_entries AS WITH ${givenSql('now')} SELECT ${MEASURE_ENTRY_COLUMNS.join(', ')} FROM given`);
  await tx.query(`CREATE TEMPORARY TABLE rebuilt_liberty_measure_counts AS ${cellsSql('rebuilt_liberty_measure_entries st', '1', '$1::text')}`, [timeZone]);
  const [counted]: { measureEntries: number; cells: number }[] = await tx.query(
    `SELECT (SELECT count(*) FROM rebuilt_liberty_measure_entries)::int AS "measureEntries", (SELECT count(*) FROM rebuilt_liberty_measure_counts)::int AS cells`,
  );
  return counted;
}

/** SQL counting the rows that differ between the rebuilt liberty aggregates and those held, with `differing(columns, rebuilt, held)`; cells held that count nothing are no cells. */
export function libertyDifferencesSql(differing: (columns: string, rebuilt: string, held: string) => string): { entries: string; cells: string } {
  return {
    entries: differing(MEASURE_ENTRY_COLUMNS.join(', '), 'rebuilt_liberty_measure_entries', 'liberty_measure_entries'),
    cells: differing(`${MEASURE_KEY.join(', ')}, persons`, 'rebuilt_liberty_measure_counts', '(SELECT * FROM liberty_measure_counts WHERE persons <> 0) h'),
  };
}

/** The rebuilt liberty aggregates in place of those held. */
export async function replaceLiberty(tx: EntityManager): Promise<void> {
  await tx.query(`DELETE FROM liberty_measure_entries`);
  await tx.query(`INSERT INTO liberty_measure_entries (${MEASURE_ENTRY_COLUMNS.join(', ')}) SELECT ${MEASURE_ENTRY_COLUMNS.join(', ')} FROM rebuilt_liberty_measure_entries`);
  await tx.query(`DELETE FROM liberty_measure_counts`);
  await tx.query(`INSERT INTO liberty_measure_counts (${MEASURE_KEY.join(', ')}, persons) SELECT ${MEASURE_KEY.join(', ')}, persons FROM rebuilt_liberty_measure_counts`);
}
