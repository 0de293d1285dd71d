import { DURATION_STEP_TYPES } from '../flow/case-durations';
import { AggregatePart, CaseChange, REFRESHED_CASES, rebuiltTable } from './aggregate-part';
import { durationRefreshSql } from './duration-aggregates';
import { runPrepared } from './entries-refresh';
import { ALL_GRAINS, caseStepsSql, FINEST, FLOW_STEP_TYPES, MONTH_KEY, monthCellsSql, rollupSql, SPAN_KEY, spanCellsSql, stagesSql } from './flow-grains';

/** Whether this change can start or end a stage or a span (change the flow or the durations). */
function changesCaseAggregates(change: CaseChange): boolean {
  return change.kind === 'registered' || (change.kind === 'step' && (FLOW_STEP_TYPES.includes(change.stepType) || DURATION_STEP_TYPES.includes(change.stepType)));
}

const FROM_CHANGE = 'change st JOIN fact_cases c ON c.case_id = st.case_id';

/**
 * The stages and spans of the cases in $1 (an array) recomputed from their facts (their steps read
 * once), and the flow's two cubes and the durations' histogram moved by the difference: the old
 * stages and spans counted out, the new ones in (nothing when they did not change). One statement,
 * in the projection's transaction, after the facts were written. The cells are touched in key
 * order, so that two transactions never wait on each other's cells crosswise.
 */
const REFRESH_CASES = `WITH ${caseStepsSql(REFRESHED_CASES)}, ${stagesSql(REFRESHED_CASES)},
     held AS (
       SELECT case_id, stage, started_at, ended_at FROM flow_case_stages WHERE case_id IN (${REFRESHED_CASES})
     ), saved AS (
       INSERT INTO flow_case_stages (case_id, stage, started_at, ended_at) SELECT case_id, stage, started_at, ended_at FROM stages
       ON CONFLICT (case_id, stage) DO UPDATE SET started_at = excluded.started_at, ended_at = excluded.ended_at
       WHERE (flow_case_stages.started_at, flow_case_stages.ended_at) IS DISTINCT FROM (excluded.started_at, excluded.ended_at)
     ), dropped AS (
       DELETE FROM flow_case_stages h WHERE h.case_id IN (${REFRESHED_CASES}) AND NOT EXISTS (SELECT 1 FROM stages f WHERE f.case_id = h.case_id AND f.stage = h.stage)
     ), change AS (
       SELECT case_id, stage, started_at, ended_at, -1 AS weight FROM held
       UNION ALL SELECT case_id, stage, started_at, ended_at, 1 FROM stages
     ), span_cells AS (
       ${spanCellsSql(FROM_CHANGE, 'st.weight', '$2::text', ALL_GRAINS)}
     ), spans_moved AS (
       INSERT INTO flow_counts (${SPAN_KEY.join(', ')}, cases)
       SELECT ${SPAN_KEY.join(', ')}, cases FROM span_cells WHERE cases <> 0 ORDER BY ${SPAN_KEY.join(', ')}
       ON CONFLICT (${SPAN_KEY.join(', ')}) DO UPDATE SET cases = flow_counts.cases + excluded.cases
     ), month_cells AS (
       ${monthCellsSql(FROM_CHANGE, 'st.weight', '$2::text', ALL_GRAINS)}
     ), ${durationRefreshSql(REFRESHED_CASES, '$2::text', ALL_GRAINS)}
     INSERT INTO flow_month_counts (${MONTH_KEY.join(', ')}, started, ended)
     SELECT ${MONTH_KEY.join(', ')}, started, ended FROM month_cells WHERE started <> 0 OR ended <> 0 ORDER BY ${MONTH_KEY.join(', ')}
     ON CONFLICT (${MONTH_KEY.join(', ')}) DO UPDATE SET started = flow_month_counts.started + excluded.started, ended = flow_month_counts.ended + excluded.ended`;

const STAGE_COLUMNS = ['case_id', 'stage', 'started_at', 'ended_at'];

/** The flow: each case's stages (pre-trial, court …) and the cubes of cases by span and by month (migrations 1763900000440/441). Its statement refreshes the durations too. */
export const FLOW_AGGREGATE: AggregatePart = {
  name: 'flow',
  tables: [
    { name: 'flow_case_stages', columns: STAGE_COLUMNS, key: ['case_id', 'stage'] },
    { name: 'flow_counts', columns: [...SPAN_KEY, 'cases'], key: SPAN_KEY, counts: ['cases'] },
    { name: 'flow_month_counts', columns: [...MONTH_KEY, 'started', 'ended'], key: MONTH_KEY, counts: ['started', 'ended'] },
  ],
  async rebuild(tx, timeZone) {
    const [stages, counts, monthCounts] = this.tables.map((table) => rebuiltTable(table.name));
    await tx.query(`CREATE TEMPORARY TABLE ${stages} AS WITH ${stagesSql()} SELECT ${STAGE_COLUMNS.join(', ')} FROM stages`);
    // The finest grain from the stages, the coarser ones from it (far fewer rows than stages).
    const from = `${stages} st JOIN fact_cases c ON c.case_id = st.case_id`;
    await tx.query(`CREATE TEMPORARY TABLE ${counts} AS ${spanCellsSql(from, '1', '$1::text', [FINEST])}`, [timeZone]);
    await tx.query(`INSERT INTO ${counts} ${rollupSql(counts, SPAN_KEY, ['cases'])}`);
    await tx.query(`CREATE TEMPORARY TABLE ${monthCounts} AS ${monthCellsSql(from, '1', '$1::text', [FINEST])}`, [timeZone]);
    await tx.query(`INSERT INTO ${monthCounts} ${rollupSql(monthCounts, MONTH_KEY, ['started', 'ended'])}`);
  },
  changedBy: changesCaseAggregates,
  refreshCases: (manager, caseIds, timeZone) => runPrepared(manager, 'flow-refresh-cases', REFRESH_CASES, [caseIds, timeZone]),
};
