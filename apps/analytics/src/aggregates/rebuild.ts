import { EntityManager } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { CELL_KEY, cellsSql, stagesSql } from './flow-grains';

export interface RebuildOptions {
  /** The jurisdiction's time zone, whose months the cube counts in (the projection's); by default the installation's (ICJIMS_JURISDICTION…). */
  timeZone?: string;
  /** Compare a fresh rebuild with the aggregates held and leave them as they are. */
  check?: boolean;
}

export interface RebuildResult {
  /** Facts read: cases and step revisions. */
  facts: number;
  /** Stages of cases and non-zero cells of the cube rebuilt. */
  stages: number;
  cells: number;
  ms: number;
  /** With `check`: the rows that differ between the rebuild and the aggregates held (none when they agree). */
  differences?: { stages: number; cells: number };
}

/**
 * Every flow aggregate recomputed from the facts, set-based, in one transaction (a savepoint
 * inside the caller's): the projection is locked out of the aggregates meanwhile (it waits,
 * then applies its change to the rebuilt ones), readers are not. With `check`, the rebuild is
 * compared with the aggregates held, which are left as they are.
 */
export async function rebuildAggregates(manager: EntityManager, options: RebuildOptions = {}): Promise<RebuildResult> {
  const began = performance.now();
  const timeZone = options.timeZone ?? loadJurisdiction(process.env).timeZone;
  return manager.transaction(async (tx) => {
    // EXCLUSIVE: no other writer (the projection's next change waits), readers go on.
    await tx.query(`LOCK TABLE flow_case_stages, flow_counts IN EXCLUSIVE MODE`);
    await tx.query(`DROP TABLE IF EXISTS rebuilt_stages, rebuilt_counts`);
    await tx.query(`CREATE TEMPORARY TABLE rebuilt_stages AS WITH ${stagesSql()} SELECT case_id, stage, started_at, ended_at FROM stages`);
    await tx.query(
      `CREATE TEMPORARY TABLE rebuilt_counts AS ${cellsSql('rebuilt_stages st JOIN fact_cases c ON c.case_id = st.case_id', '1', '$1::text')}`,
      [timeZone],
    );
    const [{ facts, stages, cells }]: { facts: number; stages: number; cells: number }[] = await tx.query(
      `SELECT (SELECT count(*) FROM fact_cases) + (SELECT count(*) FROM fact_steps) AS facts,
         (SELECT count(*) FROM rebuilt_stages)::int AS stages, (SELECT count(*) FROM rebuilt_counts)::int AS cells`,
    );
    let differences: RebuildResult['differences'];
    if (options.check) {
      differences = await differencesFromHeld(tx);
    } else {
      await tx.query(`DELETE FROM flow_case_stages`);
      await tx.query(`INSERT INTO flow_case_stages (case_id, stage, started_at, ended_at) SELECT case_id, stage, started_at, ended_at FROM rebuilt_stages`);
      await tx.query(`DELETE FROM flow_counts`);
      await tx.query(`INSERT INTO flow_counts (${CELL_KEY.join(', ')}, cases) SELECT ${CELL_KEY.join(', ')}, cases FROM rebuilt_counts`);
    }
    await tx.query(`DROP TABLE rebuilt_stages, rebuilt_counts`);
    return { facts: Number(facts), stages, cells, ms: Math.round(performance.now() - began), ...(differences && { differences }) };
  });
}

/** Rows in one and not the other, both ways; cells of count 0 held are no cells. */
async function differencesFromHeld(tx: EntityManager): Promise<{ stages: number; cells: number }> {
  const columns = `${CELL_KEY.join(', ')}, cases`;
  const [row]: { stages: number; cells: number }[] = await tx.query(
    `SELECT
       (SELECT count(*) FROM ((SELECT case_id, stage, started_at, ended_at FROM rebuilt_stages EXCEPT ALL SELECT case_id, stage, started_at, ended_at FROM flow_case_stages)
         UNION ALL (SELECT case_id, stage, started_at, ended_at FROM flow_case_stages EXCEPT ALL SELECT case_id, stage, started_at, ended_at FROM rebuilt_stages)) d)::int AS stages,
       (SELECT count(*) FROM ((SELECT ${columns} FROM rebuilt_counts EXCEPT ALL SELECT ${columns} FROM flow_counts WHERE cases <> 0)
         UNION ALL (SELECT ${columns} FROM flow_counts WHERE cases <> 0 EXCEPT ALL SELECT ${columns} FROM rebuilt_counts)) d)::int AS cells`,
  );
  return row;
}
