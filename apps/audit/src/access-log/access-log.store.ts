import { EntityManager } from 'typeorm';
import { AccessRecordedV1, CloudEvent } from '@icjims/contracts';
import { ChainHead, chainHash } from '@icjims/integrity';
import { ChainedEntry, ChainedFields } from './access-chain';

/** The access log's SQL, in one place. Columns in the order the chain lists its fields. */
export const ENTRY_COLUMNS = `seq, event_id, occurred_at, service, actor_sub, actor_roles, actor_region, action, resource_type,
  resource_id, case_id, outcome, status, method, route, reason, source_ip, correlation_id, recorded_at, prev_hash, hash`;

export interface AccessLogRow {
  seq: string;
  event_id: string;
  occurred_at: Date;
  service: string;
  actor_sub: string | null;
  actor_roles: string[];
  actor_region: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  case_id: string | null;
  outcome: string;
  status: number;
  method: string;
  route: string;
  reason: string | null;
  source_ip: string | null;
  correlation_id: string | null;
  recorded_at: Date;
  prev_hash: string;
  hash: string;
}

export function entryFromRow(row: AccessLogRow): ChainedEntry {
  return {
    seq: Number(row.seq),
    eventId: row.event_id,
    occurredAt: row.occurred_at.toISOString(),
    service: row.service,
    actorSub: row.actor_sub,
    actorRoles: row.actor_roles,
    actorRegion: row.actor_region,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    caseId: row.case_id,
    outcome: row.outcome,
    status: row.status,
    method: row.method,
    route: row.route,
    reason: row.reason,
    sourceIp: row.source_ip,
    correlationId: row.correlation_id,
    recordedAt: row.recorded_at.toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export async function readHead(manager: EntityManager, forUpdate = false): Promise<ChainHead> {
  const [head]: { last_seq: string; last_hash: string }[] = await manager.query(
    `SELECT last_seq, last_hash FROM access_log_head${forUpdate ? ' FOR UPDATE' : ''}`,
  );
  return { lastSeq: Number(head.last_seq), lastHash: head.last_hash };
}

/**
 * Appends one access event as the next link of the chain. Locking the head row makes
 * concurrent appenders (several audit instances) take turns; it is held until the
 * caller's transaction — the consumer's inbox transaction — commits.
 */
export async function appendAccessEntry(manager: EntityManager, event: CloudEvent<AccessRecordedV1>): Promise<ChainedEntry> {
  const head = await readHead(manager, true);
  const { data } = event;
  // Times are stored and hashed at millisecond precision, so that what is read back hashes the same.
  const fields: ChainedFields = {
    seq: head.lastSeq + 1,
    eventId: event.id,
    occurredAt: new Date(data.occurredAt).toISOString(),
    service: data.service,
    actorSub: data.actor.sub ?? null,
    actorRoles: [...data.actor.roles],
    actorRegion: data.actor.region ?? null,
    action: data.action,
    resourceType: data.resourceType,
    resourceId: data.resourceId ?? null,
    caseId: data.caseId ?? null,
    outcome: data.outcome,
    status: data.status,
    method: data.method,
    route: data.route,
    reason: data.reason ?? null,
    sourceIp: data.sourceIp ?? null,
    correlationId: event.correlationid,
    recordedAt: new Date().toISOString(),
  };
  const entry: ChainedEntry = { ...fields, prevHash: head.lastHash, hash: chainHash(head.lastHash, fields) };
  await manager.query(
    `INSERT INTO access_log (${ENTRY_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
    [
      entry.seq, entry.eventId, entry.occurredAt, entry.service, entry.actorSub, entry.actorRoles, entry.actorRegion, entry.action,
      entry.resourceType, entry.resourceId, entry.caseId, entry.outcome, entry.status, entry.method, entry.route, entry.reason,
      entry.sourceIp, entry.correlationId, entry.recordedAt, entry.prevHash, entry.hash,
    ],
  );
  await manager.query(`UPDATE access_log_head SET last_seq = $1, last_hash = $2`, [entry.seq, entry.hash]);
  return entry;
}
