import { PERSON_CATEGORIES_SQL } from '../facts/facts-sql';
import { MEASURE_STEPS, measuresAppliedSql } from '../liberty/measures-applied';
import { PERSON_BREAKDOWN_SQL } from '../people/person-counts';
import { AggregatePart, grainsTableSql, REFRESHED_CASES, rebuiltTable } from './aggregate-part';
import { entriesRefreshSql, runPrepared } from './entries-refresh';
import { CASES_OF_PERSONS, PEOPLE_COLUMNS } from './people-aggregates';

/*
 * The liberty aggregates: each case's preventive measures given to persons as measuresApplied
 * counts them now (once per case, person and measure, when first given) and the cube of their
 * counts (migration 1763900000470); each case's deadline breaches in force now with the region
 * and the person's categories (migration 1763900000471), which the breach tables read instead of
 * joining every breach to its case and person, the cube of the persons breaching (migration
 * 1763900000550) and that of the breaches (migration 1763900000570). Every entry belongs to one
 * case and is recomputed with it.
 */

/** The person breakdowns the cube keeps (the people cube's columns, without the outcome of a verdict). */
export const MEASURE_BREAKDOWNS = ['region', 'sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability'] as const;
const CATEGORY_COLUMNS = MEASURE_BREAKDOWNS.map((breakdown) => PEOPLE_COLUMNS[breakdown]);

/** The cube's (liberty_measure_counts) key columns, then `persons`. */
export const MEASURE_KEY = ['measure', 'month', ...CATEGORY_COLUMNS];
/** The entries' (liberty_measure_entries) columns. */
export const MEASURE_ENTRY_COLUMNS = ['case_id', 'person_id', 'measure', 'at', ...CATEGORY_COLUMNS];

/**
 * The breach entries' (liberty_breach_entries) columns: `person_id` the surviving id, `recorded_as` the id the breach named,
 * `previous_due_at` the due time of the person's breach of the same rule in the case just before (none: null).
 */
export const BREACH_ENTRY_COLUMNS = ['deadline_id', 'case_id', 'person_id', 'recorded_as', 'rule', 'due_at', ...CATEGORY_COLUMNS, 'previous_due_at'];

/**
 * The grains of the persons breaching (liberty_breach_person_counts): the region alone, with each
 * other breakdown, and every breakdown (the others written as ''); a table reads the first that
 * keeps what it asks for.
 */
export const BREACH_GRAINS: readonly (readonly (typeof MEASURE_BREAKDOWNS)[number][])[] = [
  ['region'],
  ...MEASURE_BREAKDOWNS.filter((breakdown) => breakdown !== 'region').map((breakdown) => ['region', breakdown] as const),
  MEASURE_BREAKDOWNS,
];
const BREACH_GRAINS_TABLE = grainsTableSql(
  BREACH_GRAINS.map((grain) => MEASURE_BREAKDOWNS.map((breakdown) => grain.includes(breakdown))),
  CATEGORY_COLUMNS,
);
/**
 * The cube's (liberty_breach_person_counts) key columns, then `persons`: the breaches of person
 * rules by the local month of their due time and of the person's breach of the rule before
 * (-infinity: none). A person counts once per case and period where the breach before lies in an
 * earlier period, for any periods of whole months.
 */
export const BREACH_PERSON_KEY = ['grain', 'rule', 'month', 'previous_month', ...CATEGORY_COLUMNS];

/** The cube's (liberty_breach_counts) key columns, then `breaches`: every breach in force, of a person or of a case, by rule, local month of its due time and region. */
const BREACH_COUNT_KEY = ['month', 'rule', 'region'];

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
         ${MEASURE_BREAKDOWNS.map((breakdown, i) => `${PERSON_BREAKDOWN_SQL[breakdown]} AS ${CATEGORY_COLUMNS[i]}`).join(', ')},
         -- In the order personsBreaching picks a person's first breach in a period.
         lag(e.due_at) OVER (PARTITION BY e.case_id, e.person_id, e.rule ORDER BY e.due_at, e.recorded_as, e.deadline_id) AS previous_due_at
       FROM (
         SELECT b.deadline_id, b.case_id, coalesce(a.surviving_person_id, b.person_id) AS person_id, b.person_id AS recorded_as, b.rule, b.due_at
         FROM fact_deadline_breaches b LEFT JOIN breach_aliases a ON a.merged_person_id = b.person_id
         WHERE b.withdrawn_at IS NULL ${only}
       ) e
       JOIN fact_cases c ON c.case_id = e.case_id
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

/** SQL selecting the cells of the persons breaching, in every grain, of breach entry rows `st` in `from`, each counting `weight`; `zone` the SQL of the months' time zone. */
function breachCellsSql(from: string, weight: string, zone: string): string {
  const month = (instant: string) => `date_trunc('month', ${instant} AT TIME ZONE ${zone}) AT TIME ZONE ${zone}`;
  return `SELECT g.grain, st.rule, ${month('st.due_at')} AS month, coalesce(${month('st.previous_due_at')}, '-infinity') AS previous_month,
      ${CATEGORY_COLUMNS.map((column) => `CASE WHEN g.${column} THEN st.${column} ELSE '' END AS ${column}`).join(', ')}, sum(${weight})::int AS persons
    FROM ${from} CROSS JOIN ${BREACH_GRAINS_TABLE}
    WHERE st.person_id IS NOT NULL
    GROUP BY ${BREACH_PERSON_KEY.map((_column, i) => i + 1).join(', ')}`;
}

/** SQL selecting the cells of the breaches of breach entry rows `st` in `from`, each counting `weight`; `zone` the SQL of the months' time zone. */
function breachCountCellsSql(from: string, weight: string, zone: string): string {
  return `SELECT date_trunc('month', st.due_at AT TIME ZONE ${zone}) AT TIME ZONE ${zone} AS month, st.rule, st.region, sum(${weight})::int AS breaches
    FROM ${from}
    GROUP BY 1, 2, 3`;
}

// Where either record has a role or a step, or for the breaches a breach (few: a scan).
const BREACHES_OF_PERSONS = `${CASES_OF_PERSONS} UNION SELECT case_id FROM fact_deadline_breaches WHERE person_id = ANY($1::uuid[])`;

const MEASURE_ENTRIES = { name: 'liberty_measure_entries', columns: MEASURE_ENTRY_COLUMNS, key: MEASURE_ENTRY_COLUMNS.slice(0, 3) };
const MEASURE_CUBE = { name: 'liberty_measure_counts', columns: [...MEASURE_KEY, 'persons'], key: MEASURE_KEY, counts: ['persons'] as const };
/** The refresh of the measures given in the cases `cases` ($1 its parameter, $2 the time zone). */
const refreshSql = (cases: string) =>
  entriesRefreshSql({ fresh: `${givenSql({ cases })}, fresh AS (SELECT * FROM given)`, entries: MEASURE_ENTRIES, cube: MEASURE_CUBE, cells: (from, weight) => cellsSql(from, weight, '$2::text') }, cases);
const MEASURES_OF_CASES = refreshSql(REFRESHED_CASES);
const MEASURES_OF_PERSONS = refreshSql(CASES_OF_PERSONS);
const BREACH_ENTRIES = { name: 'liberty_breach_entries', columns: BREACH_ENTRY_COLUMNS, key: ['deadline_id'] };
const BREACH_PERSON_CUBE = { name: 'liberty_breach_person_counts', columns: [...BREACH_PERSON_KEY, 'persons'], key: BREACH_PERSON_KEY, counts: ['persons'] as const };
const BREACH_COUNT_CUBE = { name: 'liberty_breach_counts', columns: [...BREACH_COUNT_KEY, 'breaches'], key: BREACH_COUNT_KEY, counts: ['breaches'] as const };
/** The refresh of the breaches of the cases `cases` ($1 its parameter, $2 the time zone). */
const refreshBreachesSql = (cases: string) =>
  entriesRefreshSql(
    {
      fresh: `${breachedSql({ cases })}, fresh AS (SELECT * FROM breached)`,
      entries: BREACH_ENTRIES,
      cube: BREACH_PERSON_CUBE,
      cells: (from, weight) => breachCellsSql(from, weight, '$2::text'),
      moreCubes: [{ cube: BREACH_COUNT_CUBE, cells: (from, weight) => breachCountCellsSql(from, weight, '$2::text') }],
    },
    cases,
  );
const BREACHES_OF_CASES = refreshBreachesSql(REFRESHED_CASES);
const BREACHES_OF_PERSONS_SQL = refreshBreachesSql(BREACHES_OF_PERSONS);

/** The preventive measures given (migration 1763900000470). */
export const LIBERTY_AGGREGATE: AggregatePart = {
  name: 'liberty',
  tables: [MEASURE_ENTRIES, MEASURE_CUBE],
  otherFacts: ['fact_case_persons', 'fact_person_aliases'],
  async rebuild(tx, timeZone) {
    const [entries, counts] = this.tables.map((table) => rebuiltTable(table.name));
    await tx.query(`CREATE TEMPORARY TABLE ${entries} AS WITH ${givenSql('now')} SELECT ${MEASURE_ENTRY_COLUMNS.join(', ')} FROM given`);
    await tx.query(`CREATE TEMPORARY TABLE ${counts} AS ${cellsSql(`${entries} st`, '1', '$1::text')}`, [timeZone]);
  },
  // A case's region, a person's categories or the measures given changed.
  changedBy: (change) => change.kind === 'registered' || change.kind === 'roleGiven' || (change.kind === 'step' && changesMeasures(change.stepType)),
  refreshCases: (manager, caseIds, timeZone) => runPrepared(manager, 'liberty-refresh-cases', MEASURES_OF_CASES, [caseIds, timeZone]),
  refreshPersons: (manager, personIds, timeZone) => runPrepared(manager, 'liberty-refresh-persons', MEASURES_OF_PERSONS, [personIds, timeZone]),
};

/** The deadline breaches in force (migration 1763900000471), the persons breaching (migration 1763900000550) and the breaches' counts (migration 1763900000570). */
export const BREACH_AGGREGATE: AggregatePart = {
  name: 'breaches',
  tables: [BREACH_ENTRIES, BREACH_PERSON_CUBE, BREACH_COUNT_CUBE],
  otherFacts: ['fact_deadline_breaches', 'fact_case_persons', 'fact_person_aliases'],
  async rebuild(tx, timeZone) {
    const [entries, persons, counts] = this.tables.map((table) => rebuiltTable(table.name));
    await tx.query(`CREATE TEMPORARY TABLE ${entries} AS WITH ${breachedSql('now')} SELECT ${BREACH_ENTRY_COLUMNS.join(', ')} FROM breached`);
    await tx.query(`CREATE TEMPORARY TABLE ${persons} AS ${breachCellsSql(`${entries} st`, '1', '$1::text')}`, [timeZone]);
    await tx.query(`CREATE TEMPORARY TABLE ${counts} AS ${breachCountCellsSql(`${entries} st`, '1', '$1::text')}`, [timeZone]);
  },
  // A breach announced or withdrawn, the case's region or a person's categories changed.
  changedBy: (change) => change.kind === 'registered' || change.kind === 'roleGiven' || change.kind === 'breach',
  refreshCases: (manager, caseIds, timeZone) => runPrepared(manager, 'breaches-refresh-cases', BREACHES_OF_CASES, [caseIds, timeZone]),
  refreshPersons: (manager, personIds, timeZone) => runPrepared(manager, 'breaches-refresh-persons', BREACHES_OF_PERSONS_SQL, [personIds, timeZone]),
};
