import { EntityManager } from 'typeorm';
import { CASE_BREAKDOWN_SQL } from '../flow/case-flow';
import { durationSpansSql } from '../flow/case-durations';
import { CATEGORIES, categoriesAtGrain, FINEST, grainsTable, monthOf, position, rollupSql } from './flow-grains';

/*
 * The duration aggregates (migration 1763900000460, docs/indicators.md): each case's spans with
 * their end and whole days (`duration_case_spans`), and the histogram cube (`duration_counts`):
 * cases by span, grain and the case's categories (the flow cubes' grains), the local month the
 * span ended in, and its days. A quantile is not a sum, but a histogram is: the quantile of any
 * cell or total is read off the summed histograms (duration-from-aggregates.ts).
 */

/** The histogram cube's key columns, then `cases`. */
export const DURATION_KEY = ['span', 'grain', ...CATEGORIES, 'month', 'days'];

/** The tables of the duration aggregates, in lock order. */
export const DURATION_TABLES = ['duration_case_spans', 'duration_counts'] as const;

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
 * SQL (common table expressions, to follow caseStepsSql in one statement) recomputing one case's
 * spans from its facts and moving the cube by the difference: the old spans counted out, the new
 * ones in (nothing when they did not change), the cells touched in key order so that two
 * transactions never wait on each other's cells crosswise. `caseId` and `zone`: SQL parameters.
 */
export function durationRefreshSql(caseId: string, zone: string, grains: readonly number[]): string {
  return `${durationSpansSql({ caseId })},
     duration_held AS (
       SELECT case_id, span, ended_at, days FROM duration_case_spans WHERE case_id = ${caseId}
     ), duration_saved AS (
       INSERT INTO duration_case_spans (case_id, span, ended_at, days) SELECT case_id, span, ended_at, days FROM duration_spans
       ON CONFLICT (case_id, span) DO UPDATE SET ended_at = excluded.ended_at, days = excluded.days
       WHERE (duration_case_spans.ended_at, duration_case_spans.days) IS DISTINCT FROM (excluded.ended_at, excluded.days)
     ), duration_dropped AS (
       DELETE FROM duration_case_spans WHERE case_id = ${caseId} AND span NOT IN (SELECT span FROM duration_spans)
     ), duration_change AS (
       SELECT case_id, span, ended_at, days, -1 AS weight FROM duration_held
       UNION ALL SELECT case_id, span, ended_at, days, 1 FROM duration_spans
     ), duration_cells AS (
       ${durationCellsSql('duration_change sp JOIN fact_cases c ON c.case_id = sp.case_id', 'sp.weight', zone, grains)}
     ), durations_moved AS (
       INSERT INTO duration_counts (${DURATION_KEY.join(', ')}, cases)
       SELECT ${DURATION_KEY.join(', ')}, cases FROM duration_cells WHERE cases <> 0 ORDER BY ${DURATION_KEY.join(', ')}
       ON CONFLICT (${DURATION_KEY.join(', ')}) DO UPDATE SET cases = duration_counts.cases + excluded.cases
     )`;
}

/**
 * The rebuild's part (aggregates/rebuild.ts, in its transaction, the tables locked): every case's
 * spans from the facts into the temporary table `rebuilt_duration_spans`, the finest grain of the
 * cube from them and the coarser ones from it into `rebuilt_duration_counts`. How many rows each holds.
 */
export async function rebuildDurations(tx: EntityManager, timeZone: string): Promise<{ spans: number; cells: number }> {
  await tx.query(`CREATE TEMPORARY TABLE rebuilt_duration_spans AS WITH ${durationSpansSql({})} SELECT case_id, span, ended_at, days FROM duration_spans`);
  const from = 'rebuilt_duration_spans sp JOIN fact_cases c ON c.case_id = sp.case_id';
  await tx.query(`CREATE TEMPORARY TABLE rebuilt_duration_counts AS ${durationCellsSql(from, '1', '$1::text', [FINEST])}`, [timeZone]);
  await tx.query(`INSERT INTO rebuilt_duration_counts ${rollupSql('rebuilt_duration_counts', DURATION_KEY, ['cases'])}`);
  const [counted]: { spans: number; cells: number }[] = await tx.query(
    `SELECT (SELECT count(*) FROM rebuilt_duration_spans)::int AS spans, (SELECT count(*) FROM rebuilt_duration_counts)::int AS cells`,
  );
  return counted;
}

/** The aggregates held replaced by the rebuild. */
export async function replaceDurations(tx: EntityManager): Promise<void> {
  await tx.query(`DELETE FROM duration_case_spans`);
  await tx.query(`INSERT INTO duration_case_spans (case_id, span, ended_at, days) SELECT case_id, span, ended_at, days FROM rebuilt_duration_spans`);
  await tx.query(`DELETE FROM duration_counts`);
  // In key order: a table's cells (one span and grain, a run of months) then lie on few pages, not one page each.
  await tx.query(`INSERT INTO duration_counts (${DURATION_KEY.join(', ')}, cases) SELECT ${DURATION_KEY.join(', ')}, cases FROM rebuilt_duration_counts ORDER BY ${DURATION_KEY.join(', ')}`);
}
