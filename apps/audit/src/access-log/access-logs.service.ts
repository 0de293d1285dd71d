import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '@icjims/auth';
import { noteConsultedPersons } from '@icjims/platform';
import { ChainedEntry } from './access-chain';
import { accessLogConditions } from './access-log-filter';
import { AccessLogRow, ENTRY_COLUMNS, entryFromRow } from './access-log.store';
import { AccessLogQuery } from './dto/access-log-query.dto';
import { AccessLogEntryDto, AccessLogPageDto } from './dto/access-log-entry.dto';

@Injectable()
export class AccessLogsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Newest first, a page at a time, in one query. A national auditor sees every entry; a
   * regional auditor the calls made by callers of their own region (accessLogConditions).
   */
  async list(query: AccessLogQuery, principal: Principal): Promise<AccessLogPageDto> {
    // Looking a person up in the log is itself on record, under that person.
    if (query.personId) noteConsultedPersons([query.personId.toLowerCase()]);
    const sql = accessLogConditions(query, principal);
    if (query.before !== undefined) sql.add('seq < ?', query.before);
    const limit = sql.param(query.limit + 1);
    const rows: AccessLogRow[] = await this.dataSource.query(`SELECT ${ENTRY_COLUMNS} FROM access_log ${sql.where()} ORDER BY seq DESC LIMIT ${limit}`, sql.params);
    const page = rows.slice(0, query.limit).map((row) => accessLogEntryDto(entryFromRow(row)));
    return { items: page, nextBefore: rows.length > query.limit ? page[page.length - 1].seq : null };
  }
}

/** An entry as the API shows it: the caller's fields grouped under `actor`. */
export function accessLogEntryDto({ actorSub, actorRoles, actorRegion, ...entry }: ChainedEntry): AccessLogEntryDto {
  return {
    seq: entry.seq,
    eventId: entry.eventId,
    occurredAt: entry.occurredAt,
    service: entry.service,
    actor: { sub: actorSub, roles: actorRoles, region: actorRegion },
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    caseId: entry.caseId,
    outcome: entry.outcome,
    status: entry.status,
    method: entry.method,
    route: entry.route,
    reason: entry.reason,
    sourceIp: entry.sourceIp,
    correlationId: entry.correlationId,
    purpose: entry.purpose,
    personIds: entry.personIds,
    flags: entry.flags,
    count: entry.count,
    recordedAt: entry.recordedAt,
    format: entry.format,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}
