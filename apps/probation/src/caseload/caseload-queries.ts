import { EntityManager } from 'typeorm';
import type { ProbationStream } from '@icjims/contracts';
import { PLACE_JOIN, unassignedReportTakenBy } from '../criminal-cases/unassigned-reports.sql';
import { FINAL_CASE_STATUSES, FINAL_REPORT_STATUSES, OfficeTakes, ProbationStreamState } from '../domain';

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
  /** With the office's: the reports not yet assigned that this office takes (domain/allocation.ts). */
  unassignedReportsOf?: OfficeTakes;
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

/** The caseload lists' SQL: one query over the heads (the office index; the places of cases for reports not yet assigned), the due dates computed from their states. */
export const caseloadQueries = {
  async running(manager: EntityManager, filter: RunningFilter): Promise<RunningStream[]> {
    const parameters: unknown[] = [FINAL];
    const bind = (value: unknown) => `$${parameters.push(value)}`;
    const where = ['s.version > 0', 'NOT (s.status = ANY($1))'];
    if (filter.region !== undefined) where.push(`s.region = ${bind(filter.region)}`);
    if (filter.office !== undefined) {
      const ofOffice = `s.office = ${bind(filter.office)}`;
      where.push(filter.unassignedReportsOf ? `(${ofOffice} OR ${unassignedReportTakenBy(filter.unassignedReportsOf, bind)})` : ofOffice);
    }
    if (filter.officerId !== undefined) where.push(`s.state->>'officerId' = ${bind(filter.officerId)}`);
    const rows: Row[] = await manager.query(
      `SELECT s.stream_id, s.stream, s.case_id, s.region, s.office, s.status, s.version, s.state FROM probation_streams s ${filter.unassignedReportsOf ? PLACE_JOIN : ''}
        WHERE ${where.join(' AND ')} ORDER BY s.stream_id`,
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
