import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '@icjims/auth';
import { assertNationalCaller } from './national-only';
import { DeferralSubjectType, DisclosureDeferralDto, DisclosureDeferralStateDto, SetDisclosureDeferralDto } from './dto/disclosure-deferral.dto';

interface DeferralRow {
  withheld_until: Date | null;
  reason: string;
  decision_reference: string | null;
  set_by: string;
  set_at: Date;
}

const COLUMNS = 'id, withheld_until, reason, decision_reference, set_by, set_at';

/**
 * Disclosure dates of consultations made for a deferred purpose (AUDIT_DEFERRED_PURPOSES),
 * per person or per case. Each change is a new row of an append-only table, so the history
 * stays; the newest row is the date in force. Setting one is on the access log like any call.
 */
@Injectable()
export class DisclosureDeferralsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends the new date and answers the subject's whole history, in one statement. */
  async set(subjectType: DeferralSubjectType, subjectId: string, body: SetDisclosureDeferralDto, principal: Principal): Promise<DisclosureDeferralStateDto> {
    assertNationalCaller(principal, 'disclosure dates');
    const rows: DeferralRow[] = await this.dataSource.query(
      `WITH added AS (
         INSERT INTO disclosure_deferrals (subject_type, subject_id, withheld_until, reason, decision_reference, set_by, set_at)
         VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING ${COLUMNS})
       SELECT ${COLUMNS} FROM added
       UNION ALL SELECT ${COLUMNS} FROM disclosure_deferrals WHERE subject_type = $1 AND subject_id = $2
       ORDER BY id DESC`,
      [subjectType, subjectId, body.withheldUntil && new Date(body.withheldUntil).toISOString(), body.reason, body.decisionReference ?? null, principal.sub],
    );
    return state(subjectType, subjectId, rows);
  }

  async get(subjectType: DeferralSubjectType, subjectId: string, principal: Principal): Promise<DisclosureDeferralStateDto> {
    assertNationalCaller(principal, 'disclosure dates');
    const rows: DeferralRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM disclosure_deferrals WHERE subject_type = $1 AND subject_id = $2 ORDER BY id DESC`,
      [subjectType, subjectId],
    );
    return state(subjectType, subjectId, rows);
  }
}

function state(subjectType: DeferralSubjectType, subjectId: string, rows: DeferralRow[]): DisclosureDeferralStateDto {
  const history = rows.map(toDto);
  return { subjectType, subjectId, current: history[0] ?? null, history };
}

function toDto(row: DeferralRow): DisclosureDeferralDto {
  return {
    withheldUntil: row.withheld_until?.toISOString() ?? null,
    reason: row.reason,
    decisionReference: row.decision_reference,
    setBy: row.set_by,
    setAt: row.set_at.toISOString(),
  };
}
