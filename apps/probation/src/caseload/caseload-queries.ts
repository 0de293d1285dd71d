import { EntityManager } from 'typeorm';
import type { ProbationStream } from '@icjims/contracts';
import { FINAL_CASE_STATUSES, FINAL_REPORT_STATUSES, ProbationStreamState } from '../domain';

/** A running stream (a case not ended, a report not submitted or withdrawn) as the caseload lists read it. */
export interface RunningStream {
  streamId: string;
  stream: ProbationStream;
  caseId: string;
  region: string;
  office: string | null;
  status: string;
  version: number;
  state: ProbationStreamState;
}

export interface RunningFilter {
  region?: string;
  office?: string;
  officerId?: string;
}

const FINAL = [...FINAL_CASE_STATUSES, ...FINAL_REPORT_STATUSES];

interface Row {
  stream_id: string;
  stream: ProbationStream;
  case_id: string;
  region: string;
  office: string | null;
  status: string;
  version: number;
  state: ProbationStreamState;
}

/** The caseload lists' SQL: one query over the heads (the office index), the due dates computed from their states. */
export const caseloadQueries = {
  async running(manager: EntityManager, filter: RunningFilter): Promise<RunningStream[]> {
    const parameters: unknown[] = [FINAL];
    const bind = (value: unknown) => `$${parameters.push(value)}`;
    const where = ['version > 0', 'NOT (status = ANY($1))'];
    if (filter.region !== undefined) where.push(`region = ${bind(filter.region)}`);
    if (filter.office !== undefined) where.push(`office = ${bind(filter.office)}`);
    if (filter.officerId !== undefined) where.push(`state->>'officerId' = ${bind(filter.officerId)}`);
    const rows: Row[] = await manager.query(
      `SELECT stream_id, stream, case_id, region, office, status, version, state FROM probation_streams WHERE ${where.join(' AND ')} ORDER BY stream_id`,
      parameters,
    );
    return rows.map((row) => ({
      streamId: row.stream_id,
      stream: row.stream,
      caseId: row.case_id,
      region: row.region,
      office: row.office,
      status: row.status,
      version: row.version,
      state: row.state,
    }));
  },
};
