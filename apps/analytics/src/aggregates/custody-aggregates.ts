import { loadJurisdiction } from '@icjims/jurisdiction';
import { PERSON_CATEGORIES_SQL } from '../facts/facts-sql';
import { episodeStepTypes, episodesSql, lengthDaysSql, servingSql } from '../liberty/custody-episodes';
import { LibertyRules, libertyRules } from '../liberty/liberty-rules';
import { PERSON_BREAKDOWN_SQL, PersonBreakdown } from '../people/person-counts';
import { AggregatePart, AggregateTable, REFRESHED_CASES, rebuiltTable } from './aggregate-part';
import { runPrepared } from './entries-refresh';
import { monthOf } from './flow-grains';
import { MEASURE_BREAKDOWNS } from './liberty-aggregates';
import { CASES_OF_PERSONS, PEOPLE_COLUMNS } from './people-aggregates';

/*
 * The custody aggregate (migration 1763900000490, docs/indicators.md): each case's intervals of
 * deprivation of liberty per person as custody-episodes.ts computes them now — its pre-trial
 * episodes (start, end, whether a transfer ended it, the case it was received from) and the
 * imprisonment its persons serve — with the case's region and the person's categories in it
 * (`custody_entries`). The length quantiles and the persons held at a period's end are read from
 * these rows (custody-from-aggregates.ts) instead of every liberty step of every person in order;
 * the lengths of current whole months from a histogram of whole days (`custody_length_counts`,
 * migration 1763900000491).
 *
 * An episode received from another case (a case joined, a person split off) begins where the one
 * the transfer ended there began, so a case's entries depend on its source cases' steps: a case's
 * refresh reads them, and recomputes too the cases that received from it (found by
 * `received_from`, an entry that can only come from the receiving case's own steps).
 */

const CATEGORY_COLUMNS = MEASURE_BREAKDOWNS.map((breakdown) => PEOPLE_COLUMNS[breakdown]);

/** The entries' (custody_entries) columns: `kind` pretrial or serving; `region` null while the case is not known. */
export const CUSTODY_ENTRY_COLUMNS = ['case_id', 'person_id', 'recorded_as', 'kind', 'started_at', 'ended_at', 'transferred', 'received_from', ...CATEGORY_COLUMNS];

/**
 * SQL (common table expressions) ending in `fresh(…CUSTODY_ENTRY_COLUMNS)`: the entries as the
 * facts stand now, of every case or of `{ cases }`; `zone` the SQL of the time zone the terms of
 * imprisonment run in.
 */
export function custodyEntriesSql(rules: LibertyRules, from: 'now' | { cases: string }, zone: string): string {
  const only = from === 'now' ? '' : `WHERE case_id IN (${from.cases})`;
  return `${episodesSql(rules, from)}, ${servingSql(zone)},
     intervals AS (
       SELECT case_id, person_id, recorded_as, 'pretrial' AS kind, started_at, ended_at, transferred, received_from FROM pretrial
       UNION ALL
       SELECT case_id, person_id, recorded_as, 'serving', started_at, ended_at, false, NULL FROM serving ${only}
     ), fresh AS (
       SELECT e.case_id, e.person_id, e.recorded_as, e.kind, e.started_at, e.ended_at, e.transferred, e.received_from,
         ${MEASURE_BREAKDOWNS.map((breakdown, i) => `${PERSON_BREAKDOWN_SQL[breakdown]} AS ${CATEGORY_COLUMNS[i]}`).join(', ')}
       FROM intervals e LEFT JOIN fact_cases c ON c.case_id = e.case_id
       ${PERSON_CATEGORIES_SQL}
     )`;
}

/** The held cube's (custody_held_counts) key columns, then `persons`. */
export const HELD_KEY = ['month', ...CATEGORY_COLUMNS, 'unsentenced'];

/**
 * SQL (common table expressions `<name>_bounds`, `<name>_status`, `<name>_cells`) of the held
 * cube's cells of the persons whose entries (all of them, in every case) are the relation `from`,
 * each cell counted `sign` (1 or -1). A person is held at an instant T when an entry has
 * started_at < T ≤ ended_at (no end: still); between two consecutive starts or ends of their
 * entries, b and the next, the same entries hold them, so the same entry decides their case and
 * categories (HELD_IN_ORDER, as personsHeld) and whether they are unsentenced: such a stretch
 * counts +1 in the local month of b and −1 in the month of the next, and the persons held at the
 * start of a month are the sum of the cells of every month before. Not counted where the deciding
 * case is not known yet (personsHeld joins the case).
 */
function heldCellsSql(name: string, from: string, sign: 1 | -1, zone: string): string {
  const categories = CATEGORY_COLUMNS.map((column) => `s.${column}`).join(', ');
  return `${name}_bounds AS (
       SELECT person_id, b, lead(b) OVER (PARTITION BY person_id ORDER BY b) AS next
       FROM (SELECT person_id, started_at AS b FROM ${from} UNION SELECT person_id, ended_at FROM ${from} WHERE ended_at IS NOT NULL) AS x
     ), ${name}_status AS (
       SELECT DISTINCT ON (d.person_id, d.b) d.b, d.next, ${CATEGORY_COLUMNS.map((column) => `e.${column}`).join(', ')},
         bool_and(e.kind = 'pretrial') OVER (PARTITION BY d.person_id, d.b) AS unsentenced
       FROM ${name}_bounds d JOIN ${from} e ON e.person_id = d.person_id AND e.started_at <= d.b AND (e.ended_at IS NULL OR e.ended_at >= d.next)
       ORDER BY d.person_id, d.b, e.started_at DESC, e.kind = 'pretrial', e.case_id, e.recorded_as
     ), ${name}_cells AS (
       SELECT ${monthOf('s.b', zone)} AS month, ${categories}, s.unsentenced, ${sign} AS persons FROM ${name}_status s WHERE s.region IS NOT NULL
       UNION ALL
       SELECT ${monthOf('s.next', zone)}, ${categories}, s.unsentenced, ${-sign} FROM ${name}_status s WHERE s.region IS NOT NULL AND s.next IS NOT NULL
     )`;
}

/** SQL summing cells (the relation `from`, with HELD_KEY and persons) per key, in key order, none that counts nothing. */
const summedCellsSql = (from: string) =>
  `SELECT ${HELD_KEY.join(', ')}, sum(persons)::int AS persons FROM ${from} GROUP BY ${HELD_KEY.join(', ')} HAVING sum(persons) <> 0 ORDER BY ${HELD_KEY.join(', ')}`;

/** The entries a length counts: pre-trial episodes that ended, not by a transfer, in a known case (SQL over `st`). */
export const LENGTH_COUNTED = "st.kind = 'pretrial' AND NOT st.transferred AND st.ended_at IS NOT NULL AND st.region IS NOT NULL";

const CATEGORIES_BUT_REGION = MEASURE_BREAKDOWNS.filter((breakdown) => breakdown !== 'region');
/**
 * The grains of the lengths cube (custody_length_counts): each keeps some of the breakdowns, the
 * others written as ''. A quantile is read off the histograms it sums, so a table reads the first
 * grain that keeps its breakdowns (and the region, when it is filtered on one): a national
 * 12-month table then sums the months' histograms of whole days (about 500 days each at a million
 * cases a year), not those of every region and category. Every grain costs a cell more per change
 * of an episode.
 */
export const LENGTH_GRAINS: readonly (readonly PersonBreakdown[])[] = [
  [],
  ['region'],
  ...CATEGORIES_BUT_REGION.map((breakdown): PersonBreakdown[] => [breakdown]),
  ...CATEGORIES_BUT_REGION.map((breakdown): PersonBreakdown[] => ['region', breakdown]),
];

/** The index in LENGTH_GRAINS of the smallest grain that keeps the breakdowns `by` (and the region, when `inRegion`), or -1. */
export function lengthGrainFor(by: readonly PersonBreakdown[], inRegion: boolean): number {
  const kept: readonly PersonBreakdown[] = inRegion ? [...by, 'region'] : by;
  return LENGTH_GRAINS.findIndex((grain) => kept.every((breakdown) => grain.includes(breakdown)));
}

/** `(VALUES …) AS g(grain, region, sex, …)`: every grain, and which columns it keeps. */
const LENGTH_GRAINS_TABLE = `(VALUES ${LENGTH_GRAINS.map(
  (grain, index) => `(${index}, ${MEASURE_BREAKDOWNS.map((breakdown) => grain.includes(breakdown)).join(', ')})`,
).join(', ')}) AS g(grain, ${CATEGORY_COLUMNS.join(', ')})`;

/** The lengths cube's (custody_length_counts) key columns, then `episodes`. */
export const LENGTH_KEY = ['grain', 'month', ...CATEGORY_COLUMNS, 'days'];

/**
 * SQL selecting the lengths cube's cells, in every grain, of the rows `st` in `from` (entries
 * LENGTH_COUNTED, or cells of every category): `month` and `days` the SQL of a row's local month
 * and whole days, each row counting `weight`.
 */
function lengthCellsSql(from: string, weight: string, month: string, days: string): string {
  return `SELECT g.grain, ${month} AS month, ${CATEGORY_COLUMNS.map((column) => `CASE WHEN g.${column} THEN st.${column} ELSE '' END AS ${column}`).join(', ')},
      ${days} AS days, sum(${weight})::int AS episodes
    FROM ${from} CROSS JOIN ${LENGTH_GRAINS_TABLE}
    GROUP BY ${LENGTH_KEY.map((_column, i) => i + 1).join(', ')}`;
}

/**
 * One statement: the entries of the cases `cases` (SQL selecting case ids) and of the cases that
 * received a deprivation of liberty from them (a received episode begins where it began there),
 * recomputed from their facts in place of those held; the held cube moved by the difference —
 * every entry of the persons concerned, in any case, counted out as held and in as they are
 * now; the lengths cube by the lengths of the cases' entries held (out) and fresh (in); the cells
 * touched in key order.
 */
function refreshSql(rules: LibertyRules, cases: string): string {
  const columns = CUSTODY_ENTRY_COLUMNS.join(', ');
  const refreshed = `SELECT case_id FROM (${cases}) AS x(case_id)
       UNION SELECT case_id FROM custody_entries WHERE received_from IN (SELECT case_id::text FROM (${cases}) AS y(case_id))`;
  return `WITH refreshed AS MATERIALIZED (${refreshed}),
     ${custodyEntriesSql(rules, { cases: 'SELECT case_id FROM refreshed' }, '$2::text')},
     before AS MATERIALIZED (
       SELECT ${columns} FROM custody_entries
       WHERE person_id IN (SELECT person_id FROM fresh UNION SELECT person_id FROM custody_entries WHERE case_id IN (SELECT case_id FROM refreshed))
     ), after AS MATERIALIZED (
       SELECT ${columns} FROM before WHERE case_id NOT IN (SELECT case_id FROM refreshed)
       UNION ALL SELECT ${columns} FROM fresh
     ), ${heldCellsSql('out', 'before', -1, '$2::text')}, ${heldCellsSql('in', 'after', 1, '$2::text')},
     dropped AS (DELETE FROM custody_entries WHERE case_id IN (SELECT case_id FROM refreshed)),
     saved AS (INSERT INTO custody_entries (${columns}) SELECT ${columns} FROM fresh),
     length_change AS (
       SELECT *, -1 AS weight FROM before st WHERE st.case_id IN (SELECT case_id FROM refreshed) AND ${LENGTH_COUNTED}
       UNION ALL SELECT *, 1 FROM fresh st WHERE ${LENGTH_COUNTED}
     ), lengths_moved AS (
       INSERT INTO custody_length_counts (${LENGTH_KEY.join(', ')}, episodes)
       SELECT * FROM (${lengthCellsSql('length_change st', 'st.weight', monthOf('st.ended_at', '$2::text'), lengthDaysSql('st'))}) AS moved
       WHERE episodes <> 0 ORDER BY ${LENGTH_KEY.join(', ')}
       ON CONFLICT (${LENGTH_KEY.join(', ')}) DO UPDATE SET episodes = custody_length_counts.episodes + excluded.episodes
     )
     INSERT INTO custody_held_counts (${HELD_KEY.join(', ')}, persons)
     ${summedCellsSql('(SELECT * FROM out_cells UNION ALL SELECT * FROM in_cells) AS moved')}
     ON CONFLICT (${HELD_KEY.join(', ')}) DO UPDATE SET persons = custody_held_counts.persons + excluded.persons`;
}

/** The installation's rules (those of ICJIMS_JURISDICTION, as the rebuild's zone) and the statements made of them. */
let statements: { rules: LibertyRules; ofCases: string; ofPersons: string; steps: Set<string> } | undefined;
function custodyStatements(): NonNullable<typeof statements> {
  if (!statements) {
    const rules = libertyRules(loadJurisdiction(process.env).pack);
    statements = { rules, ofCases: refreshSql(rules, REFRESHED_CASES), ofPersons: refreshSql(rules, CASES_OF_PERSONS), steps: new Set(episodeStepTypes(rules)) };
  }
  return statements;
}

// An entry is the interval of a person's record in a case begun at an instant (the key need not be unique: a rebuild compares the rest too).
const ENTRIES: AggregateTable = { name: 'custody_entries', columns: CUSTODY_ENTRY_COLUMNS, key: ['case_id', 'person_id', 'recorded_as', 'kind', 'started_at'] };
const HELD_CUBE: AggregateTable = { name: 'custody_held_counts', columns: [...HELD_KEY, 'persons'], key: HELD_KEY, counts: ['persons'] };
const LENGTH_CUBE: AggregateTable = { name: 'custody_length_counts', columns: [...LENGTH_KEY, 'episodes'], key: LENGTH_KEY, counts: ['episodes'] };

/** Custody episodes and imprisonment served, the persons held (migration 1763900000490) and the lengths (1763900000491). */
export const CUSTODY_AGGREGATE: AggregatePart = {
  name: 'custody',
  tables: [ENTRIES, HELD_CUBE, LENGTH_CUBE],
  otherFacts: ['fact_case_persons', 'fact_person_aliases'],
  async rebuild(tx, timeZone) {
    const [entries, held, lengths] = this.tables.map((table) => rebuiltTable(table.name));
    await tx.query(`CREATE TEMPORARY TABLE ${entries} AS WITH ${custodyEntriesSql(custodyStatements().rules, 'now', '$1::text')} SELECT ${CUSTODY_ENTRY_COLUMNS.join(', ')} FROM fresh`, [timeZone]);
    await tx.query(`CREATE TEMPORARY TABLE ${held} AS WITH ${heldCellsSql('all', entries, 1, '$1::text')} ${summedCellsSql('all_cells')}`, [timeZone]);
    // Each combination of categories, month and days once, then each grain from those.
    const finest = `SELECT ${monthOf('st.ended_at', '$1::text')} AS month, ${CATEGORY_COLUMNS.join(', ')}, ${lengthDaysSql('st')} AS days, count(*) AS episodes
      FROM ${entries} st WHERE ${LENGTH_COUNTED} GROUP BY ${Array.from({ length: CATEGORY_COLUMNS.length + 2 }, (_column, i) => i + 1).join(', ')}`;
    await tx.query(`CREATE TEMPORARY TABLE ${lengths} AS ${lengthCellsSql(`(${finest}) st`, 'st.episodes', 'st.month', 'st.days')}`, [timeZone]);
  },
  // A case's region, a person's categories, or a step an episode or a sentence reads.
  changedBy: (change) => change.kind === 'registered' || change.kind === 'roleGiven' || (change.kind === 'step' && custodyStatements().steps.has(change.stepType)),
  refreshCases: (manager, caseIds, timeZone) => runPrepared(manager, 'custody-refresh-cases', custodyStatements().ofCases, [caseIds, timeZone]),
  refreshPersons: (manager, personIds, timeZone) => runPrepared(manager, 'custody-refresh-persons', custodyStatements().ofPersons, [personIds, timeZone]),
};
