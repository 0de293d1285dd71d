import { EntityManager } from 'typeorm';
import { PERSON_CATEGORIES_SQL } from '../facts/facts-sql';
import { MEASURE_STEPS, measuresAppliedSql } from '../liberty/measures-applied';
import { PERSON_BREAKDOWN_SQL } from '../people/person-counts';
import { PEOPLE_COLUMNS } from './people-aggregates';

/*
 * The liberty aggregates: each case's preventive measures given to persons as measuresApplied
 * counts them now (once per case, person and measure, when first given) and the cube of their
 * counts (migration 1763900000470); each case's deadline breaches in force now with the region
 * and the person's categories (migration 1763900000471), which the breach tables read instead of
 * joining every breach to its case and person. Every entry belongs to one case and is recomputed with it.
 */

/** The person breakdowns the cube keeps (the people cube's columns, without the outcome of a verdict). */
export const MEASURE_BREAKDOWNS = ['region', 'sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability'] as const;
const CATEGORY_COLUMNS = MEASURE_BREAKDOWNS.map((breakdown) => PEOPLE_COLUMNS[breakdown]);

/** The cube's (liberty_measure_counts) key columns, then `persons`. */
export const MEASURE_KEY = ['measure', 'month', ...CATEGORY_COLUMNS];
/** The entries' (liberty_measure_entries) columns. */
export const MEASURE_ENTRY_COLUMNS = ['case_id', 'person_id', 'measure', 'at', ...CATEGORY_COLUMNS];

/** The breach entries' (liberty_breach_entries) columns: `person_id` the surviving id, `recorded_as` the id the breach named. */
export const BREACH_ENTRY_COLUMNS = ['deadline_id', 'case_id', 'person_id', 'recorded_as', 'rule', 'due_at', ...CATEGORY_COLUMNS];

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

/** SQL (common table expressions) ending in `breached(…BREACH_ENTRY_COLUMNS)`: the breaches not withdrawn, of the cases known, of every case or of `{ cases }` ($1). */
function breachedSql(from: 'now' | { cases: string }): string {
  const only = from === 'now' ? '' : `AND b.case_id IN (${from.cases})`;
  return `breach_aliases AS (SELECT merged_person_id, surviving_person_id FROM fact_person_aliases WHERE known_until IS NULL),
     breached AS (
       SELECT e.deadline_id, e.case_id, e.person_id, e.recorded_as, e.rule, e.due_at,
         ${MEASURE_BREAKDOWNS.map((breakdown, i) => `${PERSON_BREAKDOWN_SQL[breakdown]} AS ${CATEGORY_COLUMNS[i]}`).join(', ')}
       FROM (
         SELECT b.deadline_id, b.case_id, coalesce(a.surviving_person_id, b.person_id) AS person_id, b.person_id AS recorded_as, b.rule, b.due_at
         FROM fact_deadline_breaches b LEFT JOIN breach_aliases a ON a.merged_person_id = b.person_id
         WHERE b.withdrawn_at IS NULL ${only}
       ) e
       JOIN fact_cases c ON c.case_id = e.case_id
       ${PERSON_CATEGORIES_SQL}
     )`;
}

/** One statement keeping the breach entries of the cases in `cases` ($1) as the facts stand now. */
function refreshBreachesSql(cases: string): string {
  const columns = BREACH_ENTRY_COLUMNS.join(', ');
  const kept = BREACH_ENTRY_COLUMNS.slice(1);
  return `WITH ${breachedSql({ cases })},
     saved AS (
       INSERT INTO liberty_breach_entries (${columns}) SELECT ${columns} FROM breached
       ON CONFLICT (deadline_id) DO UPDATE SET ${kept.map((column) => `${column} = excluded.${column}`).join(', ')}
       WHERE (${kept.map((column) => `liberty_breach_entries.${column}`).join(', ')}) IS DISTINCT FROM (${kept.map((column) => `excluded.${column}`).join(', ')})
     )
     DELETE FROM liberty_breach_entries h WHERE h.case_id IN (${cases}) AND NOT EXISTS (SELECT 1 FROM breached b WHERE b.deadline_id = h.deadline_id)`;
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
// Where either record has a role or a step (the person indexes of migration 1763900000450), or for the breaches a breach (few: a scan).
const PERSONS_CASES = 'SELECT case_id FROM fact_case_persons WHERE person_id = ANY($1::uuid[]) UNION SELECT case_id FROM fact_steps WHERE person_id = ANY($1::uuid[])';
const CASES_OF_PERSONS = refreshSql(PERSONS_CASES);
const BREACHES_OF_CASE = refreshBreachesSql('$1::uuid');
const BREACHES_OF_PERSONS = refreshBreachesSql(`${PERSONS_CASES} UNION SELECT case_id FROM fact_deadline_breaches WHERE person_id = ANY($1::uuid[])`);

/** One case's measure entries recomputed from its facts (its region, a person's categories or measures changed), and the cube moved by the difference; and its breach entries. */
export async function refreshCaseLiberty(manager: EntityManager, caseId: string, timeZone: string): Promise<void> {
  await manager.query(ONE_CASE, [caseId, timeZone]);
  await refreshCaseBreaches(manager, caseId);
}

/** One case's breach entries as its facts stand now (a breach announced or withdrawn). */
export async function refreshCaseBreaches(manager: EntityManager, caseId: string): Promise<void> {
  await manager.query(BREACHES_OF_CASE, [caseId]);
}

/** The entries of every case in which one of these person records has a role or a step (a merge or unmerge of the two), recomputed. */
export async function refreshLibertyOfPersons(manager: EntityManager, personIds: readonly string[], timeZone: string): Promise<void> {
  await manager.query(CASES_OF_PERSONS, [personIds, timeZone]);
  await manager.query(BREACHES_OF_PERSONS, [personIds]);
}

/** The liberty aggregates' tables (migration 1763900000470). */
export const LIBERTY_TABLES = ['liberty_measure_entries', 'liberty_measure_counts', 'liberty_breach_entries'];

/** The temporary tables rebuildLiberty fills. */
export const REBUILT_LIBERTY_TABLES = ['rebuilt_liberty_measure_entries', 'rebuilt_liberty_measure_counts', 'rebuilt_liberty_breach_entries'];

/** Whether the breach entries are there (run by migration 1763900000470, a rebuild comes before 1763900000471). */
async function breachEntriesHeld(tx: EntityManager): Promise<boolean> {
  const [{ held }]: { held: boolean }[] = await tx.query(`SELECT to_regclass('liberty_breach_entries') IS NOT NULL AS held`);
  return held;
}

/** For a rebuild (aggregates/rebuild.ts, in its transaction): the entries of every case and the cube, set-based, into REBUILT_LIBERTY_TABLES; returns the entries (measures given and breaches) and the cells. */
export async function rebuildLiberty(tx: EntityManager, timeZone: string): Promise<{ libertyEntries: number; cells: number }> {
  await tx.query(`CREATE TEMPORARY TABLE rebuilt_liberty_measure_entries AS WITH ${givenSql('now')} SELECT ${MEASURE_ENTRY_COLUMNS.join(', ')} FROM given`);
  await tx.query(`CREATE TEMPORARY TABLE rebuilt_liberty_measure_counts AS ${cellsSql('rebuilt_liberty_measure_entries st', '1', '$1::text')}`, [timeZone]);
  const breaches = await breachEntriesHeld(tx);
  if (breaches) await tx.query(`CREATE TEMPORARY TABLE rebuilt_liberty_breach_entries AS WITH ${breachedSql('now')} SELECT ${BREACH_ENTRY_COLUMNS.join(', ')} FROM breached`);
  const [counted]: { libertyEntries: number; cells: number }[] = await tx.query(
    `SELECT ((SELECT count(*) FROM rebuilt_liberty_measure_entries) + ${breaches ? '(SELECT count(*) FROM rebuilt_liberty_breach_entries)' : '0'})::int AS "libertyEntries",
       (SELECT count(*) FROM rebuilt_liberty_measure_counts)::int AS cells`,
  );
  return counted;
}

/** SQL counting the rows that differ between the rebuilt liberty aggregates and those held, with `differing(columns, rebuilt, held)`; cells held that count nothing are no cells. */
export async function libertyDifferencesSql(tx: EntityManager, differing: (columns: string, rebuilt: string, held: string) => string): Promise<{ entries: string; cells: string }> {
  const measures = differing(MEASURE_ENTRY_COLUMNS.join(', '), 'rebuilt_liberty_measure_entries', 'liberty_measure_entries');
  const breaches = (await breachEntriesHeld(tx)) ? differing(BREACH_ENTRY_COLUMNS.join(', '), 'rebuilt_liberty_breach_entries', 'liberty_breach_entries') : '0';
  return {
    entries: `(${measures} + ${breaches})`,
    cells: differing(`${MEASURE_KEY.join(', ')}, persons`, 'rebuilt_liberty_measure_counts', '(SELECT * FROM liberty_measure_counts WHERE persons <> 0) h'),
  };
}

/** The breach entries of every case, as the facts stand now, in place of those held (migration 1763900000471's backfill). */
export async function fillBreachEntries(manager: EntityManager): Promise<void> {
  await manager.query(`DELETE FROM liberty_breach_entries`);
  await manager.query(`INSERT INTO liberty_breach_entries (${BREACH_ENTRY_COLUMNS.join(', ')}) WITH ${breachedSql('now')} SELECT ${BREACH_ENTRY_COLUMNS.join(', ')} FROM breached`);
}

/** The rebuilt liberty aggregates in place of those held. */
export async function replaceLiberty(tx: EntityManager): Promise<void> {
  if (await breachEntriesHeld(tx)) {
    await tx.query(`DELETE FROM liberty_breach_entries`);
    await tx.query(`INSERT INTO liberty_breach_entries (${BREACH_ENTRY_COLUMNS.join(', ')}) SELECT ${BREACH_ENTRY_COLUMNS.join(', ')} FROM rebuilt_liberty_breach_entries`);
  }
  await tx.query(`DELETE FROM liberty_measure_entries`);
  await tx.query(`INSERT INTO liberty_measure_entries (${MEASURE_ENTRY_COLUMNS.join(', ')}) SELECT ${MEASURE_ENTRY_COLUMNS.join(', ')} FROM rebuilt_liberty_measure_entries`);
  await tx.query(`DELETE FROM liberty_measure_counts`);
  await tx.query(`INSERT INTO liberty_measure_counts (${MEASURE_KEY.join(', ')}, persons) SELECT ${MEASURE_KEY.join(', ')}, persons FROM rebuilt_liberty_measure_counts`);
}
