import { CASE_BREAKDOWN_SQL } from '../flow/case-flow';
import { firstTerminationsSql } from '../outcomes/terminations';
import { AggregatePart, CaseChange, REFRESHED_CASES, rebuiltTable } from './aggregate-part';
import { entriesRefreshSql, runPrepared } from './entries-refresh';
import { ALL_GRAINS, CATEGORIES, CATEGORY_COLUMNS, categoriesAtGrain, FINEST, grainsTable, monthOf, position } from './flow-grains';

/*
 * The terminations aggregates (migration 1763900000501): each case's first effective termination
 * of proceedings as `terminations` counts it now — the moment, the legal ground and the case's
 * categories — and the cube of their counts by ground, in the flow's grains (a national table
 * reads the grain by region, a few hundred cells, not one per district, agency and article).
 */

/** The cube's (termination_counts) key columns, then `cases`: the grain first, as a table reads one grain. */
export const TERMINATION_KEY = ['grain', 'ground', ...CATEGORIES, 'month'];
/** The entries' (termination_case_entries) columns; case_id identifies an entry. */
export const TERMINATION_ENTRY_COLUMNS = ['case_id', 'at', 'ground', ...CATEGORIES];

const BREAKDOWNS = Object.keys(CATEGORY_COLUMNS) as (keyof typeof CATEGORY_COLUMNS)[];

/** SQL (common table expressions) ending in `fresh(…TERMINATION_ENTRY_COLUMNS)`: the entries as the facts stand now, of every case or of `{ cases }`. */
export function terminationEntriesSql(from: 'now' | { cases: string }): string {
  const only = from === 'now' ? '' : ` AND s.case_id IN (${from.cases})`;
  return `fresh AS (
       SELECT t.case_id, t.occurred_at AS at, t.ground, ${BREAKDOWNS.map((breakdown) => `${CASE_BREAKDOWN_SQL[breakdown]} AS ${CATEGORY_COLUMNS[breakdown]}`).join(', ')}
       FROM (${firstTerminationsSql(`s.known_until IS NULL${only}`)}) t JOIN fact_cases c ON c.case_id = t.case_id
     )`;
}

/**
 * SQL selecting the cube's cells of entry rows `st` in `from`, each counting `weight`, in the
 * grains `grains` (every one by default); `zone` the SQL of the months' time zone. Rows of the
 * finest grain's cells (with `at` their month) are entries too: each counts its cases in the coarser grains.
 */
export function terminationCellsSql(from: string, weight: string, zone: string, grains: readonly number[] = ALL_GRAINS): string {
  return `SELECT g.grain, st.ground, ${categoriesAtGrain((breakdown) => `st.${CATEGORY_COLUMNS[breakdown]}`)}, ${monthOf('st.at', zone)} AS month, sum(${weight})::int AS cases
    FROM ${from} CROSS JOIN ${grainsTable(grains)}
    GROUP BY ${position(TERMINATION_KEY)}`;
}

const ENTRIES = { name: 'termination_case_entries', columns: TERMINATION_ENTRY_COLUMNS, key: TERMINATION_ENTRY_COLUMNS.slice(0, 1) };
const CUBE = { name: 'termination_counts', columns: [...TERMINATION_KEY, 'cases'], key: TERMINATION_KEY, counts: ['cases'] as const };
const OF_CASES = entriesRefreshSql(
  { fresh: terminationEntriesSql({ cases: REFRESHED_CASES }), entries: ENTRIES, cube: CUBE, cells: (from, weight) => terminationCellsSql(from, weight, '$2::text') },
  REFRESHED_CASES,
);

/** Whether this change can change the case's first termination or its categories. */
function changesTerminations(change: CaseChange): boolean {
  return change.kind === 'registered' || (change.kind === 'step' && change.stepType === 'proceedings_terminated');
}

/** The terminations aggregates (migration 1763900000501). */
export const TERMINATIONS_AGGREGATE: AggregatePart = {
  name: 'terminations',
  tables: [ENTRIES, CUBE],
  async rebuild(tx, timeZone) {
    const [entries, counts] = this.tables.map((table) => rebuiltTable(table.name));
    await tx.query(`CREATE TEMPORARY TABLE ${entries} AS WITH ${terminationEntriesSql('now')} SELECT ${TERMINATION_ENTRY_COLUMNS.join(', ')} FROM fresh`);
    // The finest grain from the entries, the coarser ones from its cells (far fewer rows than entries).
    await tx.query(`CREATE TEMPORARY TABLE ${counts} AS ${terminationCellsSql(`${entries} st`, '1', '$1::text', [FINEST])}`, [timeZone]);
    const coarser = ALL_GRAINS.filter((grain) => grain !== FINEST);
    await tx.query(`INSERT INTO ${counts} ${terminationCellsSql(`(SELECT *, month AS at FROM ${counts}) st`, 'st.cases', '$1::text', coarser)}`, [timeZone]);
  },
  changedBy: changesTerminations,
  refreshCases: (manager, caseIds, timeZone) => runPrepared(manager, 'terminations-refresh-cases', OF_CASES, [caseIds, timeZone]),
};
