import { AggregatePart, rebuiltTable } from './aggregate-part';
import { CASE_BREAKDOWN_SQL } from '../flow/case-flow';
import { durationSpansSql } from '../flow/case-durations';
import { CATEGORIES, categoriesAtGrain, FINEST, grainsTable, monthOf, position, rollupSql } from './flow-grains';

/*
 * The duration aggregates (migration 1763900000460, docs/indicators.md): each case's spans with
 * their end and whole days (`duration_case_spans`), and the histogram cube (`duration_counts`):
 * cases by span, grain and the case's categories (the flow cubes' grains), the local month the
 * span ended in, and its days. A quantile is not a sum, but a histogram is: the quantile of any
 * cell or total is read off the summed histograms (duration-from-aggregates.ts). Beside it the
 * block cube (`duration_block_counts`, migration 1763900000540): the same cells summed by blocks
 * of 2^BLOCK_BITS days, which a table reads first to find the one block per row that holds its
 * quantile, then only that block's day cells.
 */

/** The histogram cube's key columns, then `cases`. */
export const DURATION_KEY = ['span', 'grain', ...CATEGORIES, 'month', 'days'];

/**
 * Whole days per block of the block cube: a power of two (a block is `days >> BLOCK_BITS`,
 * negative days too). The cube holds blocks of this size: changing it needs a migration that
 * refills the cube.
 */
export const BLOCK_BITS = 4;

/**
 * The block cube's key columns, then `cases`: the month before the categories, so that a table's
 * blocks (one span, one grain, its months) are one range of the key, and lie on few pages after
 * a rebuild (written in key order).
 */
export const DURATION_BLOCK_KEY = ['span', 'grain', 'month', ...CATEGORIES, 'block'];

/** SQL selecting the block cube's cells from the histogram cube's cells in `cells` (cases summed per block, none left that count nothing). */
function blockCellsSql(cells: string): string {
  const key = DURATION_BLOCK_KEY.map((column) => (column === 'block' ? `days >> ${BLOCK_BITS} AS block` : column));
  return `SELECT ${key.join(', ')}, sum(cases)::int AS cases FROM ${cells} GROUP BY ${position(DURATION_BLOCK_KEY)} HAVING sum(cases) <> 0`;
}

/**
 * SQL selecting the histogram cube's cells of span rows: `FROM ${from}` must give `sp` (span,
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
     ), durations_moved AS (
       INSERT INTO duration_counts (${DURATION_KEY.join(', ')}, cases)
       SELECT ${DURATION_KEY.join(', ')}, cases FROM duration_cells WHERE cases <> 0 ORDER BY ${DURATION_KEY.join(', ')}
       ON CONFLICT (${DURATION_KEY.join(', ')}) DO UPDATE SET cases = duration_counts.cases + excluded.cases
     ), duration_blocks_moved AS (
       INSERT INTO duration_block_counts (${DURATION_BLOCK_KEY.join(', ')}, cases)
       ${blockCellsSql('duration_cells')} ORDER BY ${position(DURATION_BLOCK_KEY)}
       ON CONFLICT (${DURATION_BLOCK_KEY.join(', ')}) DO UPDATE SET cases = duration_block_counts.cases + excluded.cases
     )`;
}

const SPAN_COLUMNS = ['case_id', 'span', 'ended_at', 'days'];

/** The durations (migrations 1763900000460, 1763900000540); refreshed by the flow's statement (case-stages.ts), which reads the case's steps once for both. */
export const DURATION_AGGREGATE: AggregatePart = {
  name: 'durations',
  tables: [
    { name: 'duration_case_spans', columns: SPAN_COLUMNS, key: ['case_id', 'span'] },
    { name: 'duration_counts', columns: [...DURATION_KEY, 'cases'], key: DURATION_KEY, counts: ['cases'] },
    { name: 'duration_block_counts', columns: [...DURATION_BLOCK_KEY, 'cases'], key: DURATION_BLOCK_KEY, counts: ['cases'] },
  ],
  /** Every case's spans from the facts, the finest grain of the cube from them, the coarser ones from it, and the blocks from all. */
  async rebuild(tx, timeZone) {
    const [spans, counts, blocks] = this.tables.map((table) => rebuiltTable(table.name));
    await tx.query(`CREATE TEMPORARY TABLE ${spans} AS WITH ${durationSpansSql({})} SELECT ${SPAN_COLUMNS.join(', ')} FROM duration_spans`);
    const from = `${spans} sp JOIN fact_cases c ON c.case_id = sp.case_id`;
    await tx.query(`CREATE TEMPORARY TABLE ${counts} AS ${durationCellsSql(from, '1', '$1::text', [FINEST])}`, [timeZone]);
    await tx.query(`INSERT INTO ${counts} ${rollupSql(counts, DURATION_KEY, ['cases'])}`);
    await tx.query(`CREATE TEMPORARY TABLE ${blocks} AS ${blockCellsSql(counts)}`);
  },
  changedBy: () => false,
};
