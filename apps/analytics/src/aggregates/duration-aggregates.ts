import { AggregatePart, rebuiltTable } from './aggregate-part';
import { CASE_BREAKDOWN_SQL } from '../flow/case-flow';
import { durationSpansSql } from '../flow/case-durations';
import { CATEGORIES, categoriesAtGrain, FINEST, grainsTable, monthOf, position, rollupSql } from './flow-grains';

/*
 * The duration aggregates (migrations 1763900000460, 1763900000540, 1763900000560,
 * docs/indicators.md): each case's spans with their end and whole days (`duration_case_spans`),
 * and the block cube (`duration_block_counts`): cases by span, grain and the case's categories
 * (the flow cubes' grains), the local month the span ended in, and the block of 2^BLOCK_BITS days
 * their days fall in, with the cell's counts by day of the block beside its total. A quantile is
 * not a sum, but a histogram is: the quantile of any cell or total is read off the summed
 * histograms (duration-from-aggregates.ts), first by block to find the one block per row that
 * holds its quantile, then by day within that block, from the same rows.
 */

/** The day cells' key columns (the cells summed into blocks), then `cases`. */
const DURATION_KEY = ['span', 'grain', ...CATEGORIES, 'month', 'days'];

/**
 * Whole days per block of the block cube: a power of two (a block is `days >> BLOCK_BITS`,
 * negative days too). The cube holds blocks of this size, and arrays of as many counts: changing
 * it needs a migration that refills the cube.
 */
export const BLOCK_BITS = 4;
const BLOCK_DAYS = 1 << BLOCK_BITS;

/**
 * The block cube's key columns, then `cases` and `cases_by_day`: the month before the categories,
 * so that a table's blocks (one span, one grain, its months) are one range of the key, and lie on
 * few pages after a rebuild (written in key order).
 */
export const DURATION_BLOCK_KEY = ['span', 'grain', 'month', ...CATEGORIES, 'block'];

/** The columns of a block's counts by day before they are put in one array: day1 … day16. */
const DAY_COLUMNS = Array.from({ length: BLOCK_DAYS }, (_unused, i) => `day${i + 1}`);
/** The array of a block's counts by day (SQL of an integer[]) from the SQL of each day's, day1 first. */
const byDay = (entry: (column: string, index: number) => string) => `ARRAY[${DAY_COLUMNS.map((column, i) => entry(column, i + 1)).join(', ')}]::int[]`;

/**
 * SQL selecting block cells from the day cells in `cells` (`days`, `cases`), with the columns
 * `key` (`block` = days >> BLOCK_BITS): cases summed per block, and per day of the block in
 * DAY_COLUMNS (day1 the block's first day: days − (block << BLOCK_BITS) + 1, the low bits of
 * days; zeros kept). Day cells counting nothing are left out: a refresh's block cell is moved
 * where any of its days moved, even if its total did not.
 */
function blockSumsSql(cells: string, key: readonly string[]): string {
  const columns = key.map((column) => (column === 'block' ? `days >> ${BLOCK_BITS} AS block` : column));
  const days = DAY_COLUMNS.map((column, i) => `coalesce(sum(cases) FILTER (WHERE days & ${BLOCK_DAYS - 1} = ${i}), 0)::int AS ${column}`);
  return `SELECT ${columns.join(', ')}, sum(cases)::int AS cases, ${days.join(', ')} FROM ${cells} WHERE cases <> 0 GROUP BY ${position(key)}`;
}

/** The key of a rebuild's block cells by day: the day cells' with the block for the days (the order rollupSql sums in). */
const BLOCK_DAYS_KEY = DURATION_KEY.map((column) => (column === 'days' ? 'block' : column));

/**
 * SQL selecting the day cells of span rows: `FROM ${from}` must give `sp` (span,
 * ended_at, days and the `weight` each row counts with) joined to `c` (fact_cases of the same
 * case), counted in each of `grains`. `zone` is the SQL of the time zone.
 */
export function durationCellsSql(from: string, weight: string, zone: string, grains: readonly number[]): string {
  return `SELECT sp.span, g.grain, ${categoriesAtGrain((breakdown) => CASE_BREAKDOWN_SQL[breakdown])},
      ${monthOf('sp.ended_at', zone)} AS month, sp.days, sum(${weight})::int AS cases
    FROM ${from} CROSS JOIN ${grainsTable(grains)}
    GROUP BY ${position(DURATION_KEY)}`;
}

/**
 * SQL (common table expressions, to follow caseStepsSql in one statement) recomputing the spans of
 * the cases `cases` (SQL of a set of case ids) from their facts and moving both cubes by the
 * difference: the old spans counted out, the new ones in (nothing when they did not change), the
 * cells touched in key order so that two transactions never wait on each other's cells crosswise.
 * `zone`: SQL of the time zone.
 */
export function durationRefreshSql(cases: string, zone: string, grains: readonly number[]): string {
  return `${durationSpansSql({ cases })},
     duration_held AS (
       SELECT case_id, span, ended_at, days FROM duration_case_spans WHERE case_id IN (${cases})
     ), duration_saved AS (
       INSERT INTO duration_case_spans (case_id, span, ended_at, days) SELECT case_id, span, ended_at, days FROM duration_spans
       ON CONFLICT (case_id, span) DO UPDATE SET ended_at = excluded.ended_at, days = excluded.days
       WHERE (duration_case_spans.ended_at, duration_case_spans.days) IS DISTINCT FROM (excluded.ended_at, excluded.days)
     ), duration_dropped AS (
       DELETE FROM duration_case_spans h WHERE h.case_id IN (${cases}) AND NOT EXISTS (SELECT 1 FROM duration_spans f WHERE f.case_id = h.case_id AND f.span = h.span)
     ), duration_change AS (
       SELECT case_id, span, ended_at, days, -1 AS weight FROM duration_held
       UNION ALL SELECT case_id, span, ended_at, days, 1 FROM duration_spans
     ), duration_cells AS (
       ${durationCellsSql('duration_change sp JOIN fact_cases c ON c.case_id = sp.case_id', 'sp.weight', zone, grains)}
     ), duration_blocks_moved AS (
       INSERT INTO duration_block_counts (${DURATION_BLOCK_KEY.join(', ')}, cases, cases_by_day)
       SELECT ${DURATION_BLOCK_KEY.join(', ')}, cases, ${byDay((column) => column)} FROM (${blockSumsSql('duration_cells', DURATION_BLOCK_KEY)}) moved
       ORDER BY ${DURATION_BLOCK_KEY.join(', ')}
       ON CONFLICT (${DURATION_BLOCK_KEY.join(', ')}) DO UPDATE SET cases = duration_block_counts.cases + excluded.cases,
         cases_by_day = ${byDay((_column, index) => `duration_block_counts.cases_by_day[${index}] + excluded.cases_by_day[${index}]`)}
     )`;
}

const SPAN_COLUMNS = ['case_id', 'span', 'ended_at', 'days'];

/** The durations (migrations 1763900000460, 1763900000540, 1763900000560); refreshed by the flow's statement (case-stages.ts), which reads the case's steps once for both. */
export const DURATION_AGGREGATE: AggregatePart = {
  name: 'durations',
  tables: [
    { name: 'duration_case_spans', columns: SPAN_COLUMNS, key: ['case_id', 'span'] },
    { name: 'duration_block_counts', columns: [...DURATION_BLOCK_KEY, 'cases', 'cases_by_day'], key: DURATION_BLOCK_KEY, counts: ['cases'] },
  ],
  /**
   * Every case's spans from the facts, the finest grain's block cells from them (its day cells
   * summed by block, each day's count in a column), the coarser grains' summed from those (not
   * from their day cells: fewer rows, and a third of the time), then each block's days put in one
   * array.
   */
  async rebuild(tx, timeZone) {
    const [spans, blocks] = this.tables.map((table) => rebuiltTable(table.name));
    const byDays = 'rebuilt_duration_block_days';
    await tx.query(`CREATE TEMPORARY TABLE ${spans} AS WITH ${durationSpansSql({})} SELECT ${SPAN_COLUMNS.join(', ')} FROM duration_spans`);
    const days = durationCellsSql(`${spans} sp JOIN fact_cases c ON c.case_id = sp.case_id`, '1', '$1::text', [FINEST]);
    await tx.query(`CREATE TEMPORARY TABLE ${byDays} AS ${blockSumsSql(`(${days}) cells`, BLOCK_DAYS_KEY)}`, [timeZone]);
    await tx.query(`INSERT INTO ${byDays} ${rollupSql(byDays, BLOCK_DAYS_KEY, ['cases', ...DAY_COLUMNS])}`);
    await tx.query(`CREATE TEMPORARY TABLE ${blocks} AS SELECT ${DURATION_BLOCK_KEY.join(', ')}, cases, ${byDay((column) => column)} AS cases_by_day FROM ${byDays}`);
    await tx.query(`DROP TABLE ${byDays}`);
  },
  changedBy: () => false,
};
