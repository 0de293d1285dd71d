import { EntityManager } from 'typeorm';
import { PLACE_JOIN, unassignedReportTakenBy } from '../criminal-cases/unassigned-reports.sql';
import type { OfficeTakes, PreSentenceReportState } from '../domain';

/** A report's head as the API reads it. */
export interface ReportRow {
  streamId: string;
  region: string;
  office: string | null;
  version: number;
  state: PreSentenceReportState;
}

/** The latest draft of a section, from the journal (texts are kept there only). */
export interface SectionRow {
  section: string;
  text: string;
  draftedAt: Date;
  draftedBy: string;
}

export interface ReportFilter {
  /** A regional caller's region. */
  region?: string;
  /** An office-bound caller's office: its reports, and those not yet assigned that it takes (`officeTakes`). */
  office?: string;
  officeTakes?: OfficeTakes;
  caseId?: string;
  status?: string;
  /** Overdue (true) or not (false) on `today`. */
  overdue?: boolean;
  today: string;
  limit: number;
}

interface Row {
  stream_id: string;
  region: string;
  office: string | null;
  version: number;
  state: PreSentenceReportState;
}

const reportRow = (row: Row): ReportRow => ({ streamId: row.stream_id, region: row.region, office: row.office, version: row.version, state: row.state });

const OPEN = `s.status NOT IN ('submitted', 'withdrawn')`;

/** The pre-sentence reports' SQL on the read side (writes go through the writer). */
export const preSentenceReportQueries = {
  /** Soonest due first; one query. */
  async list(manager: EntityManager, filter: ReportFilter): Promise<ReportRow[]> {
    const parameters: unknown[] = [];
    const bind = (value: unknown) => `$${parameters.push(value)}`;
    const where = [`s.stream = 'pre_sentence_report'`, 's.version > 0'];
    if (filter.region !== undefined) where.push(`s.region = ${bind(filter.region)}`);
    if (filter.office !== undefined) {
      const ofOffice = `s.office = ${bind(filter.office)}`;
      where.push(filter.officeTakes ? `(${ofOffice} OR ${unassignedReportTakenBy(filter.officeTakes, bind)})` : ofOffice);
    }
    if (filter.caseId !== undefined) where.push(`s.case_id = ${bind(filter.caseId)}`);
    if (filter.status !== undefined) where.push(`s.status = ${bind(filter.status)}`);
    if (filter.overdue !== undefined) {
      const overdue = `(${OPEN} AND s.state->>'dueOn' < ${bind(filter.today)})`;
      where.push(filter.overdue ? overdue : `NOT ${overdue}`);
    }
    const rows: Row[] = await manager.query(
      `SELECT s.stream_id, s.region, s.office, s.version, s.state FROM probation_streams s ${filter.officeTakes ? PLACE_JOIN : ''}
        WHERE ${where.join(' AND ')} ORDER BY s.state->>'dueOn', s.stream_id LIMIT ${bind(filter.limit)}`,
      parameters,
    );
    return rows.map(reportRow);
  },

  async one(manager: EntityManager, streamId: string): Promise<ReportRow | undefined> {
    const [row]: Row[] = await manager.query(
      `SELECT stream_id, region, office, version, state FROM probation_streams WHERE stream_id = $1 AND stream = 'pre_sentence_report' AND version > 0`,
      [streamId],
    );
    return row && reportRow(row);
  },

  /** The latest draft of each section of the report, in the pack's order left to the caller. */
  async sections(manager: EntityManager, streamId: string): Promise<SectionRow[]> {
    const rows: Array<{ section: string; text: string | null; occurred_at: Date; recorded_by: string }> = await manager.query(
      `SELECT DISTINCT ON (details->>'section') details->>'section' AS section, details->>'text' AS text, occurred_at, recorded_by
         FROM probation_entries WHERE stream_id = $1 AND entry_type = 'report_section_drafted'
        ORDER BY details->>'section', sequence DESC`,
      [streamId],
    );
    return rows.map((row) => ({ section: row.section, text: row.text ?? '', draftedAt: row.occurred_at, draftedBy: row.recorded_by }));
  },
};
