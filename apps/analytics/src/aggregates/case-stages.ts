import { EntityManager } from 'typeorm';
import { CELL_KEY, cellsSql, FLOW_STEP_TYPES, stagesSql } from './flow-grains';

/** Whether a step of this type can start or end a stage (its recording or correction changes the flow). */
export function changesFlow(stepType: string): boolean {
  return FLOW_STEP_TYPES.includes(stepType);
}

/**
 * One case's stages recomputed from its facts, and the cube moved by the difference: the old
 * spans counted out, the new ones in (nothing when they did not change). One statement, in the
 * projection's transaction, after the fact was written. The cells are touched in key order, so
 * that two transactions never wait on each other's cells crosswise.
 */
export async function refreshCaseFlow(manager: EntityManager, caseId: string, timeZone: string): Promise<void> {
  await manager.query(
    `WITH ${stagesSql('$1::uuid')},
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
     ), cells AS (
       ${cellsSql('change st JOIN fact_cases c ON c.case_id = st.case_id', 'st.weight', '$2::text')}
     )
     INSERT INTO flow_counts (${CELL_KEY.join(', ')}, cases)
     SELECT ${CELL_KEY.join(', ')}, cases FROM cells WHERE cases <> 0 ORDER BY ${CELL_KEY.join(', ')}
     ON CONFLICT (${CELL_KEY.join(', ')}) DO UPDATE SET cases = flow_counts.cases + excluded.cases`,
    [caseId, timeZone],
  );
}
