import { EntityManager } from 'typeorm';
import { DURATION_STEP_TYPES } from '../flow/case-durations';
import { durationRefreshSql } from './duration-aggregates';
import { ALL_GRAINS, caseStepsSql, FLOW_STEP_TYPES, MONTH_KEY, monthCellsSql, SPAN_KEY, spanCellsSql, stagesSql } from './flow-grains';

/** Whether a step of this type can start or end a stage or a span (its recording or correction changes the flow or the durations). */
export function changesCaseAggregates(stepType: string): boolean {
  return FLOW_STEP_TYPES.includes(stepType) || DURATION_STEP_TYPES.includes(stepType);
}

const FROM_CHANGE = 'change st JOIN fact_cases c ON c.case_id = st.case_id';

/**
 * One case's stages and spans recomputed from its facts (its steps read once), and the flow's two
 * cubes and the durations' histogram moved by the difference: the old stages and spans counted
 * out, the new ones in (nothing when they did not change). One statement, in the projection's
 * transaction, after the fact was written. The cells are touched in key order, so that two
 * transactions never wait on each other's cells crosswise.
 */
export async function refreshCaseAggregates(manager: EntityManager, caseId: string, timeZone: string): Promise<void> {
  await manager.query(
    `WITH ${caseStepsSql('$1::uuid')}, ${stagesSql('$1::uuid')},
     held AS (
       SELECT case_id, stage, started_at, ended_at FROM flow_case_stages WHERE case_id = $1::uuid
     ), saved AS (
       INSERT INTO flow_case_stages (case_id, stage, started_at, ended_at) SELECT case_id, stage, started_at, ended_at FROM stages
       ON CONFLICT (case_id, stage) DO UPDATE SET started_at = excluded.started_at, ended_at = excluded.ended_at
       WHERE (flow_case_stages.started_at, flow_case_stages.ended_at) IS DISTINCT FROM (excluded.started_at, excluded.ended_at)
     ), dropped AS (
       DELETE FROM flow_case_stages WHERE case_id = $1::uuid AND stage NOT IN (SELECT stage FROM stages)
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
     ), ${durationRefreshSql('$1::uuid', '$2::text', ALL_GRAINS)}
     INSERT INTO flow_month_counts (${MONTH_KEY.join(', ')}, started, ended)
     SELECT ${MONTH_KEY.join(', ')}, started, ended FROM month_cells WHERE started <> 0 OR ended <> 0 ORDER BY ${MONTH_KEY.join(', ')}
     ON CONFLICT (${MONTH_KEY.join(', ')}) DO UPDATE SET started = flow_month_counts.started + excluded.started, ended = flow_month_counts.ended + excluded.ended`,
    [caseId, timeZone],
  );
}
