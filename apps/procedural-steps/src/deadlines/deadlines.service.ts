import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertRegionAccess, Principal } from '@icjims/auth';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { CURSOR_PARTS, decodeCursor, encodeCursor, JURISDICTION } from '@icjims/platform';
import { DeadlineDto, DeadlinePageDto } from './dto/deadline.dto';
import { DeadlineQuery, DeadlineState } from './dto/deadline-query.dto';

const STATE_CONDITIONS: Record<DeadlineState, string> = {
  running: 'd.stopped_at IS NULL AND d.cancelled_at IS NULL AND d.breached_at IS NULL',
  breached: 'd.breached_at IS NOT NULL AND d.cancelled_at IS NULL',
  stopped: 'd.stopped_at IS NOT NULL AND d.breached_at IS NULL AND d.cancelled_at IS NULL',
};

interface DeadlineRow {
  id: string;
  case_id: string;
  case_number: string;
  region: string;
  rule_code: string;
  rule_version: number;
  title: string;
  labels: Record<string, string> | null;
  legal_reference: string;
  person_id: string | null;
  start_step_id: string;
  started_at: Date;
  due_at: Date;
  stopped_at: Date | null;
  breached_at: Date | null;
  responsible_prosecutor: string | null;
  responsible_investigator: string | null;
}

@Injectable()
export class DeadlinesService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  /** Soonest due first, keyset-paged on (due_at, id). Regional callers see their own region only; titles in `language` where the rule has it. */
  async list(query: DeadlineQuery, principal: Principal, language = 'en'): Promise<DeadlinePageDto> {
    const region = query.region ?? principal.region;
    if (region !== undefined) assertRegionAccess(principal, region);
    const conditions = [STATE_CONDITIONS[query.state]];
    const params: unknown[] = [];
    const where = (sql: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(sql(`$${params.length}`));
    };
    if (region !== undefined) where((p) => `k.region = ${p}`, region);
    if (query.responsible !== undefined) where((p) => `(k.responsible_prosecutor = ${p} OR k.responsible_investigator = ${p})`, query.responsible);
    if (query.dueBefore !== undefined) where((p) => `d.due_at < ${p}`, new Date(query.dueBefore));
    if (query.cursor !== undefined) {
      const [dueAt, id] = decodeCursor(query.cursor, [CURSOR_PARTS.dateTime, CURSOR_PARTS.uuid]);
      params.push(new Date(dueAt), id);
      conditions.push(`(d.due_at, d.id) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(query.limit + 1);
    const rows: DeadlineRow[] = await this.dataSource.query(
      `SELECT d.id, d.case_id, k.case_number, k.region, d.rule_code, d.rule_version, r.rule ->> 'title' AS title, r.rule -> 'labels' AS labels, r.rule ->> 'legalReference' AS legal_reference,
              d.person_id, d.start_step_id, d.started_at, d.due_at, d.stopped_at, d.breached_at, k.responsible_prosecutor, k.responsible_investigator
         FROM deadlines d JOIN known_cases k USING (case_id) JOIN deadline_rule_versions r ON r.code = d.rule_code AND r.version = d.rule_version
        WHERE ${conditions.join(' AND ')}
        ORDER BY d.due_at, d.id
        LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, query.limit).map((row) => toDto(row, query.state, this.jurisdiction, language));
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor([last.due_at.toISOString(), last.id]) : null };
  }
}

function toDto(row: DeadlineRow, state: DeadlineState, jurisdiction: Jurisdiction, language: string): DeadlineDto {
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    region: row.region,
    rule: row.rule_code,
    ruleVersion: row.rule_version,
    title: row.labels?.[language] ?? row.title,
    legalReference: row.legal_reference,
    personId: row.person_id,
    startStepId: row.start_step_id,
    startedAt: row.started_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    dueDate: jurisdiction.localDate(row.due_at),
    state,
    stoppedAt: row.stopped_at?.toISOString() ?? null,
    breachedAt: row.breached_at?.toISOString() ?? null,
    responsibleProsecutor: row.responsible_prosecutor,
    responsibleInvestigator: row.responsible_investigator,
  };
}
