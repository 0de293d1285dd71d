import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '@icjims/auth';
import { InvalidInputError } from '@icjims/contracts';
import { ChainVerifier } from '@icjims/integrity';
import { ChainedEntry } from './access-chain';
import { AccessLogRow, ENTRY_COLUMNS, entryFromRow, readHead } from './access-log.store';
import { AccessLogQuery } from './dto/access-log-query.dto';
import { AccessLogEntryDto, AccessLogPageDto, ChainVerificationDto } from './dto/access-log-entry.dto';

/** Entries read per query while verifying; the chain is checked as it streams. */
const VERIFY_BATCH = 1000;

@Injectable()
export class AccessLogsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Newest first. A national auditor sees every entry; a regional auditor sees the calls
   * made by callers of their own region (actor_region), not national callers' or
   * anonymous ones — the log records who called, not which region a resource belongs to.
   */
  async list(query: AccessLogQuery, principal: Principal): Promise<AccessLogPageDto> {
    if (query.from && query.to && new Date(query.from) > new Date(query.to)) {
      throw new InvalidInputError('The request has 1 invalid field', [{ field: 'to', reason: 'to must not be before from' }]);
    }
    const conditions: string[] = [];
    const params: unknown[] = [];
    const where = (column: string, operator: string, value: unknown) => {
      params.push(value);
      conditions.push(`${column} ${operator} $${params.length}`);
    };
    if (principal.region !== undefined) where('actor_region', '=', principal.region);
    if (query.sub !== undefined) where('actor_sub', '=', query.sub);
    if (query.caseId !== undefined) where('case_id', '=', query.caseId);
    if (query.from !== undefined) where('occurred_at', '>=', new Date(query.from).toISOString());
    if (query.to !== undefined) where('occurred_at', '<', new Date(query.to).toISOString());
    if (query.outcome !== undefined) where('outcome', '=', query.outcome);
    if (query.service !== undefined) where('service', '=', query.service);
    if (query.before !== undefined) where('seq', '<', query.before);
    params.push(query.limit + 1);

    const rows: AccessLogRow[] = await this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS} FROM access_log ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, query.limit).map((row) => toDto(entryFromRow(row)));
    return { items: page, nextBefore: rows.length > query.limit ? page[page.length - 1].seq : null };
  }

  /**
   * Recomputes the chain from the first entry, in seq order and in batches, on one
   * consistent snapshot (appends may go on meanwhile; they are simply not part of it).
   */
  verify(): Promise<ChainVerificationDto> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const head = await readHead(manager);
      const verifier = new ChainVerifier();
      for (let after = 0; ; ) {
        const rows: AccessLogRow[] = await manager.query(`SELECT ${ENTRY_COLUMNS} FROM access_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [
          after,
          VERIFY_BATCH,
        ]);
        for (const row of rows) if (!verifier.feed(entryFromRow(row))) return verifier.verdict(head);
        if (rows.length < VERIFY_BATCH) return verifier.verdict(head);
        after = Number(rows[rows.length - 1].seq);
      }
    });
  }
}

function toDto({ actorSub, actorRoles, actorRegion, ...entry }: ChainedEntry): AccessLogEntryDto {
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
    recordedAt: entry.recordedAt,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}
