import { EntityManager } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { DURATION_KEY, DURATION_TABLES, rebuildDurations, replaceDurations } from './duration-aggregates';
import { FINEST, MONTH_KEY, monthCellsSql, rollupSql, SPAN_KEY, spanCellsSql, stagesSql } from './flow-grains';

export interface RebuildOptions {
  /** The jurisdiction's time zone, whose months the cube counts in (the projection's); by default the installation's (ICJIMS_JURISDICTION…). */
  timeZone?: string;
  /** Compare a fresh rebuild with the aggregates held and leave them as they are. */
  check?: boolean;
}

export interface RebuildResult {
  /** Facts read: cases and step revisions. */
  facts: number;
  /** Stages of cases, spans of cases (durations), and cells of every cube, rebuilt. */
  stages: number;
  spans: number;
  cells: number;
  ms: number;
  /** With `check`: the rows that differ between the rebuild and the aggregates held (none when they agree). */
  differences?: { stages: number; spans: number; cells: number };
}

/** The temporary tables a rebuild fills. */
const REBUILT_TABLES = 'rebuilt_stages, rebuilt_counts, rebuilt_month_counts, rebuilt_duration_spans, rebuilt_duration_counts';

/**
 * Every aggregate (the flow's, the durations') recomputed from the facts, set-based, in one transaction (a savepoint
 * inside the caller's): the projection is locked out of the aggregates meanwhile (it waits,
 * then applies its change to the rebuilt ones), readers are not. With `check`, the rebuild is
 * compared with the aggregates held, which are left as they are.
 */
export async function rebuildAggregates(manager: EntityManager, options: RebuildOptions = {}): Promise<RebuildResult> {
  const began = performance.now();
  const timeZone = options.timeZone ?? loadJurisdiction(process.env).timeZone;
  return manager.transaction(async (tx) => {
    // Run by a migration before 1763900000460, the duration aggregates are not there yet.
    const [{ durations }]: { durations: boolean }[] = await tx.query(`SELECT to_regclass('duration_counts') IS NOT NULL AS durations`);
    // EXCLUSIVE: no other writer (the projection's next change waits), readers go on.
    await tx.query(`LOCK TABLE ${['flow_case_stages', 'flow_counts', 'flow_month_counts', ...(durations ? DURATION_TABLES : [])].join(', ')} IN EXCLUSIVE MODE`);
    await tx.query(`DROP TABLE IF EXISTS ${REBUILT_TABLES}`);
    await tx.query(`CREATE TEMPORARY TABLE rebuilt_stages AS WITH ${stagesSql()} SELECT case_id, stage, started_at, ended_at FROM stages`);
    // The finest grain from the stages, the coarser ones from it (far fewer rows than stages).
    const from = 'rebuilt_stages st JOIN fact_cases c ON c.case_id = st.case_id';
    await tx.query(`CREATE TEMPORARY TABLE rebuilt_counts AS ${spanCellsSql(from, '1', '$1::text', [FINEST])}`, [timeZone]);
    await tx.query(`INSERT INTO rebuilt_counts ${rollupSql('rebuilt_counts', SPAN_KEY, ['cases'])}`);
    await tx.query(`CREATE TEMPORARY TABLE rebuilt_month_counts AS ${monthCellsSql(from, '1', '$1::text', [FINEST])}`, [timeZone]);
    await tx.query(`INSERT INTO rebuilt_month_counts ${rollupSql('rebuilt_month_counts', MONTH_KEY, ['started', 'ended'])}`);
    const rebuiltDurations = durations ? await rebuildDurations(tx, timeZone) : { spans: 0, cells: 0 };
    const [{ facts, stages, cells }]: { facts: number; stages: number; cells: number }[] = await tx.query(
      `SELECT (SELECT count(*) FROM fact_cases) + (SELECT count(*) FROM fact_steps) AS facts,
         (SELECT count(*) FROM rebuilt_stages)::int AS stages, ((SELECT count(*) FROM rebuilt_counts) + (SELECT count(*) FROM rebuilt_month_counts))::int AS cells`,
    );
    let differences: RebuildResult['differences'];
    if (options.check) {
      differences = await differencesFromHeld(tx, durations);
    } else {
      await tx.query(`DELETE FROM flow_case_stages`);
      await tx.query(`INSERT INTO flow_case_stages (case_id, stage, started_at, ended_at) SELECT case_id, stage, started_at, ended_at FROM rebuilt_stages`);
      await tx.query(`DELETE FROM flow_counts`);
      await tx.query(`INSERT INTO flow_counts (${SPAN_KEY.join(', ')}, cases) SELECT ${SPAN_KEY.join(', ')}, cases FROM rebuilt_counts`);
      await tx.query(`DELETE FROM flow_month_counts`);
      await tx.query(`INSERT INTO flow_month_counts (${MONTH_KEY.join(', ')}, started, ended) SELECT ${MONTH_KEY.join(', ')}, started, ended FROM rebuilt_month_counts`);
      if (durations) await replaceDurations(tx);
    }
    await tx.query(`DROP TABLE IF EXISTS ${REBUILT_TABLES}`);
    return {
      facts: Number(facts), stages, spans: rebuiltDurations.spans, cells: cells + rebuiltDurations.cells, ms: Math.round(performance.now() - began), ...(differences && { differences }),
    };
  });
}

/** Rows in one and not the other, both ways; cells held that count nothing are no cells. */
async function differencesFromHeld(tx: EntityManager, durations: boolean): Promise<{ stages: number; spans: number; cells: number }> {
  const differing = (columns: string, rebuilt: string, held: string) =>
    `(SELECT count(*) FROM ((SELECT ${columns} FROM ${rebuilt} EXCEPT ALL SELECT ${columns} FROM ${held}) UNION ALL (SELECT ${columns} FROM ${held} EXCEPT ALL SELECT ${columns} FROM ${rebuilt})) d)`;
  const [row]: { stages: number; spans: number; cells: number }[] = await tx.query(
    `SELECT ${differing('case_id, stage, started_at, ended_at', 'rebuilt_stages', 'flow_case_stages')}::int AS stages,
       ${durations ? differing('case_id, span, ended_at, days', 'rebuilt_duration_spans', 'duration_case_spans') : '0'}::int AS spans,
       (${differing(`${SPAN_KEY.join(', ')}, cases`, 'rebuilt_counts', '(SELECT * FROM flow_counts WHERE cases <> 0) h')}
        + ${differing(`${MONTH_KEY.join(', ')}, started, ended`, 'rebuilt_month_counts', '(SELECT * FROM flow_month_counts WHERE started <> 0 OR ended <> 0) h')}
        + ${durations ? differing(`${DURATION_KEY.join(', ')}, cases`, 'rebuilt_duration_counts', '(SELECT * FROM duration_counts WHERE cases <> 0) h') : '0'})::int AS cells`,
  );
  return row;
}
