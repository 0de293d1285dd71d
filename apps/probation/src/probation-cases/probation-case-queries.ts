import { EntityManager } from 'typeorm';
import type { ProbationCaseStatus } from '@icjims/contracts';
import type { Reads } from '@icjims/persistence';
import type { ProbationCaseState } from '../domain';

/** A probation case's head as the API reads it: the state kept with the journal's head, and when it started and was annulled. */
export interface CaseRow {
  streamId: string;
  region: string;
  office: string | null;
  version: number;
  lastHash: string;
  state: ProbationCaseState;
  annulledAt: Date | null;
}

interface Row {
  stream_id: string;
  region: string;
  office: string | null;
  version: number;
  last_hash: string;
  state: ProbationCaseState;
  annulled_at: Date | null;
}

export interface CaseFilter {
  /** Only this region's cases (a regional caller's). */
  region?: string;
  /** Only this office's cases and the region's not yet allocated ones (an officer's or supervisor's). */
  office?: string;
  caseId?: string;
  status?: ProbationCaseStatus;
  limit: number;
}

const COLUMNS = `s.stream_id, s.region, s.office, s.version, s.last_hash, s.state,
  CASE WHEN s.status = 'annulled' THEN (SELECT a.occurred_at FROM probation_entries a WHERE a.stream_id = s.stream_id AND a.entry_type = 'annulled') END AS annulled_at`;

const caseRow = (row: Row): CaseRow => ({
  streamId: row.stream_id,
  region: row.region,
  office: row.office,
  version: row.version,
  lastHash: row.last_hash,
  state: row.state,
  annulledAt: row.annulled_at,
});

/** The probation cases' SQL on the read side, and the intake's lookup (the journal's writes are the journal store's). */
export const probationCaseQueries = {
  /** The probation cases a court decision opened — standing or annulled — oldest first, locked until the transaction ends. */
  async casesOfStep(manager: EntityManager, sourceStepId: string): Promise<{ streamId: string; state: ProbationCaseState }[]> {
    const rows: { stream_id: string; state: ProbationCaseState }[] = await manager.query(
      `SELECT stream_id, state FROM probation_streams WHERE source_step_id = $1 AND stream = 'probation_case' ORDER BY started_at, stream_id FOR UPDATE`,
      [sourceStepId],
    );
    return rows.map((row) => ({ streamId: row.stream_id, state: row.state }));
  },

  /** Newest first, opened cases only. */
  async list(manager: EntityManager, filter: CaseFilter): Promise<CaseRow[]> {
    const where = [`s.stream = 'probation_case'`, 's.version > 0'];
    const parameters: unknown[] = [];
    const bind = (value: unknown) => `$${parameters.push(value)}`;
    if (filter.region !== undefined) where.push(`s.region = ${bind(filter.region)}`);
    if (filter.office !== undefined) where.push(`(s.office = ${bind(filter.office)} OR s.office IS NULL)`);
    if (filter.caseId !== undefined) where.push(`s.case_id = ${bind(filter.caseId)}`);
    if (filter.status !== undefined) where.push(`s.status = ${bind(filter.status)}`);
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM probation_streams s WHERE ${where.join(' AND ')} ORDER BY s.started_at DESC, s.stream_id LIMIT ${bind(filter.limit)}`,
      parameters,
    );
    return rows.map(caseRow);
  },

  /** One opened probation case; undefined when there is none (a pre-sentence report is none). */
  async one(manager: Reads, streamId: string): Promise<CaseRow | undefined> {
    const [row]: Row[] = await manager.query(`SELECT ${COLUMNS} FROM probation_streams s WHERE s.stream_id = $1 AND s.stream = 'probation_case' AND s.version > 0`, [streamId]);
    return row && caseRow(row);
  },

  /** The running cases (active or absconded) of each office's officers: office → officer → cases. */
  async caseloadOf(manager: EntityManager, offices: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const rows: { office: string; officer_id: string; cases: number }[] = await manager.query(
      `SELECT office, state->>'officerId' AS officer_id, count(*)::int AS cases FROM probation_streams
        WHERE stream = 'probation_case' AND status IN ('active', 'absconded') AND office = ANY($1) GROUP BY office, officer_id`,
      [offices],
    );
    const caseload = new Map<string, Map<string, number>>();
    for (const row of rows) caseload.set(row.office, (caseload.get(row.office) ?? new Map<string, number>()).set(row.officer_id, row.cases));
    return caseload;
  },
};
