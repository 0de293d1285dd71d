import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '@icjims/auth';
import { csvLine } from '@icjims/platform';
import { assertTimeRange, SqlConditions } from '../access-log/access-log-filter';
import { inBatches, inSnapshot, STREAM_BATCH } from '../exports/snapshot-stream';
import { DEFERRED_PURPOSES } from './deferred-purposes';
import { assertNationalCaller } from './national-only';
import { ConsultationDto, DataSubjectReportDto, DataSubjectReportPeriod, DataSubjectReportQuery } from './dto/data-subject-report.dto';

interface ConsultationRow {
  seq: string;
  occurred_at: Date;
  actor_sub: string | null;
  actor_roles: string[];
  actor_region: string | null;
  purpose: string | null;
  service: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  case_id: string | null;
  outcome: string;
}

const COLUMNS = 'seq, occurred_at, actor_sub, actor_roles, actor_region, purpose, service, action, resource_type, resource_id, case_id, outcome';

const CSV_HEADER = csvLine(['seq', 'occurredAt', 'actorSub', 'actorRoles', 'actorRegion', 'purpose', 'service', 'action', 'resourceType', 'resourceId', 'caseId', 'outcome']);

/**
 * "Who consulted the data on this person, when, why, and with what outcome" — the access
 * log's entries that list the person, for the data-protection officer to answer the
 * person's request (LED 2016/680 Art. 14 and 25).
 *
 * Left out:
 * - entries of the audit service itself: they record auditors reading the log, not the
 *   person's data;
 * - entries made for a deferred purpose (AUDIT_DEFERRED_PURPOSES, e.g. covert_investigation)
 *   until their disclosure date has passed: the person's date and, for an entry on a case,
 *   the case's date — every one that applies, and at least one must be set. Withheld entries
 *   are not counted or hinted at anywhere in the report, so that it cannot tip the person off
 *   (Art. 15(1)(a): access may be restricted, and the restriction itself kept from them).
 */
@Injectable()
export class DataSubjectReportsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(DEFERRED_PURPOSES) private readonly deferredPurposes: string[],
  ) {}

  /** A page of the report, newest first, in one query. */
  async report(personId: string, query: DataSubjectReportQuery, principal: Principal): Promise<DataSubjectReportDto> {
    const sql = this.disclosed(personId, query, principal);
    if (query.before !== undefined) sql.add('seq < ?', query.before);
    const limit = sql.param(query.limit + 1);
    const rows: ConsultationRow[] = await this.dataSource.query(`${DEFERRALS} SELECT ${COLUMNS} FROM access_log ${sql.where()} ORDER BY seq DESC LIMIT ${limit}`, sql.params);
    const items = rows.slice(0, query.limit).map(consultation);
    return { personId, generatedAt: new Date().toISOString(), items, nextBefore: rows.length > query.limit ? items[items.length - 1].seq : null };
  }

  /** The whole report as CSV lines, oldest first, streamed from one snapshot in batches. */
  csv(personId: string, period: DataSubjectReportPeriod, principal: Principal): AsyncIterable<string> {
    const base = this.disclosed(personId, period, principal);
    return inSnapshot(this.dataSource, async function* (manager) {
      yield CSV_HEADER;
      const batches = inBatches<ConsultationRow>(manager, (lastSeq) => {
        const sql = base.copy();
        if (lastSeq !== undefined) sql.add('seq > ?', lastSeq);
        const limit = sql.param(STREAM_BATCH);
        return { sql: `${DEFERRALS} SELECT ${COLUMNS} FROM access_log ${sql.where()} ORDER BY seq LIMIT ${limit}`, params: sql.params };
      });
      for await (const rows of batches) {
        yield rows
          .map(consultation)
          .map((item) =>
            csvLine([
              item.seq, item.occurredAt, item.actor.sub, item.actor.roles.join(' '), item.actor.region, item.purpose,
              item.service, item.action, item.resourceType, item.resourceId, item.caseId, item.outcome,
            ]),
          )
          .join('');
      }
    });
  }

  /** The entries on the person that may be disclosed now: $1 is the person, as DEFERRALS expects. */
  private disclosed(personId: string, period: DataSubjectReportPeriod, principal: Principal): SqlConditions {
    assertNationalCaller(principal, 'data-subject reports');
    assertTimeRange(period.from, period.to);
    const sql = new SqlConditions();
    sql.add('person_ids @> ARRAY[?]::text[]', personId);
    sql.addRaw(`service <> 'audit'`);
    sql.add(`(purpose IS NULL OR purpose <> ALL(?::text[]) OR ${DISCLOSURE_DUE})`, this.deferredPurposes);
    if (period.from !== undefined) sql.add('occurred_at >= ?', new Date(period.from).toISOString());
    if (period.to !== undefined) sql.add('occurred_at < ?', new Date(period.to).toISOString());
    return sql;
  }
}

/** The disclosure dates in force for the person ($1) and for every case: the newest row of each. */
const DEFERRALS = `WITH deferrals AS (
  SELECT DISTINCT ON (subject_type, subject_id) subject_type, subject_id, withheld_until
  FROM disclosure_deferrals WHERE (subject_type = 'person' AND subject_id = $1) OR subject_type = 'case'
  ORDER BY subject_type, subject_id, id DESC)`;

const APPLIES = `(d.subject_type = 'person' OR (d.subject_type = 'case' AND d.subject_id = access_log.case_id))`;

/** An entry of a deferred purpose is disclosed once a date applies to it and every date that applies has passed. */
const DISCLOSURE_DUE = `(EXISTS (SELECT 1 FROM deferrals d WHERE ${APPLIES})
  AND NOT EXISTS (SELECT 1 FROM deferrals d WHERE ${APPLIES} AND (d.withheld_until IS NULL OR d.withheld_until > now())))`;

function consultation(row: ConsultationRow): ConsultationDto {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurred_at.toISOString(),
    actor: { sub: row.actor_sub, roles: row.actor_roles, region: row.actor_region },
    purpose: row.purpose,
    service: row.service,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    caseId: row.case_id,
    outcome: row.outcome,
  };
}
