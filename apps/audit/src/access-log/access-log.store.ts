import { EntityManager } from 'typeorm';
import { AccessRecordedV1, CloudEvent } from '@icjims/contracts';
import { ChainHead, chainHash, leafHash, MerkleLog } from '@icjims/integrity';
import { ChainedEntry, ChainedFields, CURRENT_ENTRY_FORMAT, EntryFormat, entryJson, hashedFields, PERSON_IDS_TRUNCATED } from './access-chain';

/** The access log's SQL, in one place. Columns in the order the chain lists its fields. */
export const ENTRY_COLUMNS = `seq, event_id, occurred_at, service, actor_sub, actor_roles, actor_region, action, resource_type,
  resource_id, case_id, outcome, status, method, route, reason, source_ip, correlation_id, recorded_at,
  format, purpose, person_ids, flags, count, prev_hash, hash`;

/** The Merkle tree over the log: leaf i is entry seq i + 1 (its canonical JSON, see access-chain.ts). */
export const accessTree = new MerkleLog('access_tree');

/** The log's name in signed tree heads, checkpoint files and TreeHeadSigned events. */
export const ACCESS_LOG_NAME = 'audit.access';

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
  format: number;
  purpose: string | null;
  person_ids: string[];
  flags: string[];
  count: number | null;
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
    format: row.format as EntryFormat,
    purpose: row.purpose,
    personIds: row.person_ids,
    flags: row.flags,
    count: row.count,
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
 * Text as an entry stores and hashes it. PostgreSQL text cannot hold NUL, and a lone UTF-16
 * surrogate would be stored as U+FFFD but hashed as written: either would make an event
 * unstorable or its entry unverifiable, so NUL is written as the six characters `\u0000`
 * and a lone surrogate as U+FFFD. Lengths are bounded by the event contract.
 */
export function storable(text: string): string;
export function storable(text: string | null): string | null;
export function storable(text: string | null): string | null {
  if (text === null) return null;
  return text.replaceAll('\0', '\\u0000').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** The fields of the entry an access event becomes at position `seq`. */
export function accessEntryFields(event: CloudEvent<AccessRecordedV1>, seq: number, recordedAt: string): ChainedFields {
  const { data } = event;
  const text = (value: string | undefined) => storable(value ?? null);
  // Times are stored and hashed at millisecond precision, so that what is read back hashes the same.
  return {
    seq,
    eventId: storable(event.id),
    occurredAt: new Date(data.occurredAt).toISOString(),
    service: data.service,
    actorSub: text(data.actor.sub),
    actorRoles: data.actor.roles.map((role) => storable(role)),
    actorRegion: text(data.actor.region),
    action: storable(data.action),
    resourceType: storable(data.resourceType),
    resourceId: text(data.resourceId),
    caseId: text(data.caseId),
    outcome: data.outcome,
    status: data.status,
    method: storable(data.method),
    route: storable(data.route),
    reason: text(data.reason),
    sourceIp: text(data.sourceIp),
    correlationId: text(event.correlationid),
    recordedAt,
    format: CURRENT_ENTRY_FORMAT,
    purpose: text(data.purpose),
    personIds: (data.personIds ?? []).map((id) => storable(id)),
    flags: [...(data.flags ?? []), ...(data.personIdsTruncated ? [PERSON_IDS_TRUNCATED] : [])],
    count: data.count ?? null,
  };
}

/**
 * Appends access events, in order, as the next entries of the chain and the next leaves of
 * the tree: one lock of the head, one INSERT, one head update and one tree append however
 * many events. Locking the head row makes concurrent appenders (several audit instances)
 * take turns; it is held until the caller's transaction — the consumer's inbox
 * transaction — commits, so each event is appended once.
 */
export async function appendAccessEntries(manager: EntityManager, events: CloudEvent<AccessRecordedV1>[]): Promise<ChainedEntry[]> {
  if (!events.length) return [];
  const head = await readHead(manager, true);
  await catchUpTree(manager, head.lastSeq);
  const recordedAt = new Date().toISOString();
  const entries: ChainedEntry[] = [];
  const leaves: Buffer[] = [];
  let prevHash = head.lastHash;
  for (const [i, event] of events.entries()) {
    const fields = accessEntryFields(event, head.lastSeq + 1 + i, recordedAt);
    const json = entryJson(fields);
    const entry: ChainedEntry = { ...fields, prevHash, hash: chainHash(prevHash, hashedFields(fields) as ChainedEntry) };
    entries.push(entry);
    leaves.push(leafHash(json));
    prevHash = entry.hash;
  }
  await manager.query(
    `INSERT INTO access_log (${ENTRY_COLUMNS})
     SELECT ${ENTRY_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS batch(
       seq bigint, event_id text, occurred_at timestamptz, service text, actor_sub text, actor_roles text[], actor_region text,
       action text, resource_type text, resource_id text, case_id text, outcome text, status int, method text, route text,
       reason text, source_ip text, correlation_id text, recorded_at timestamptz, format smallint, purpose text,
       person_ids text[], flags text[], count int, prev_hash text, hash text)
     ORDER BY seq`,
    [JSON.stringify(entries.map(toRow))],
  );
  const last = entries[entries.length - 1];
  await manager.query(`UPDATE access_log_head SET last_seq = $1, last_hash = $2`, [last.seq, last.hash]);
  await accessTree.append(manager, leaves);
  return entries;
}

/** Entries read per query when the tree catches up with the log. */
const CATCH_UP_BATCH = 10_000;

/**
 * Adds to the tree the entries it does not have yet — those written before it existed —
 * so that leaf i is always entry i + 1. Runs under the head lock.
 */
async function catchUpTree(manager: EntityManager, lastSeq: number): Promise<void> {
  for (let { treeSize } = await accessTree.head(manager); treeSize < lastSeq; ) {
    const rows: AccessLogRow[] = await manager.query(`SELECT ${ENTRY_COLUMNS} FROM access_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [
      treeSize,
      CATCH_UP_BATCH,
    ]);
    if (!rows.length || Number(rows[0].seq) !== treeSize + 1) throw new Error(`access_log has no entry ${treeSize + 1} for the tree to catch up with`);
    ({ treeSize } = await accessTree.append(manager, rows.map((row) => leafHash(entryJson(entryFromRow(row))))));
  }
}

function toRow(entry: ChainedEntry): Omit<AccessLogRow, 'occurred_at' | 'recorded_at' | 'seq'> & { seq: number; occurred_at: string; recorded_at: string } {
  return {
    seq: entry.seq,
    event_id: entry.eventId,
    occurred_at: entry.occurredAt,
    service: entry.service,
    actor_sub: entry.actorSub,
    actor_roles: entry.actorRoles,
    actor_region: entry.actorRegion,
    action: entry.action,
    resource_type: entry.resourceType,
    resource_id: entry.resourceId,
    case_id: entry.caseId,
    outcome: entry.outcome,
    status: entry.status,
    method: entry.method,
    route: entry.route,
    reason: entry.reason,
    source_ip: entry.sourceIp,
    correlation_id: entry.correlationId,
    recorded_at: entry.recordedAt,
    format: entry.format,
    purpose: entry.purpose,
    person_ids: entry.personIds,
    flags: entry.flags,
    count: entry.count,
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

/** An entry's field as JSON text computes it: times in ISO 8601 UTC with milliseconds, as entries store them. */
const isoTime = (column: string) => `to_char(a.${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const V1_JSON_FIELDS: Record<string, string> = {
  seq: 'a.seq',
  eventId: 'a.event_id',
  occurredAt: isoTime('occurred_at'),
  service: 'a.service',
  actorSub: 'a.actor_sub',
  actorRoles: 'a.actor_roles',
  actorRegion: 'a.actor_region',
  action: 'a.action',
  resourceType: 'a.resource_type',
  resourceId: 'a.resource_id',
  caseId: 'a.case_id',
  outcome: 'a.outcome',
  status: 'a.status',
  method: 'a.method',
  route: 'a.route',
  reason: 'a.reason',
  sourceIp: 'a.source_ip',
  correlationId: 'a.correlation_id',
  recordedAt: isoTime('recorded_at'),
};
const V2_JSON_FIELDS: Record<string, string> = {
  ...V1_JSON_FIELDS,
  format: 'a.format',
  purpose: 'a.purpose',
  personIds: 'a.person_ids',
  flags: 'a.flags',
  count: 'a.count',
};
/**
 * A subquery whose row_to_json is the entry's canonical JSON: the keys in the order
 * canonicalJson sorts them, PostgreSQL escaping strings as JSON.stringify does (the text
 * it can hold has no NUL and no lone surrogate), arrays and numbers without spaces.
 */
const jsonRow = (fields: Record<string, string>) =>
  `(SELECT ${Object.keys(fields)
    .sort()
    .map((key) => `${fields[key]} AS "${key}"`)
    .join(', ')})`;
/** The entry's canonical JSON (access-chain.ts entryJson), or NULL for a row no format allows. */
const ENTRY_JSON_SQL = `CASE
    WHEN a.format = 2 THEN row_to_json(v2)::text
    WHEN a.format = 1 AND a.purpose IS NULL AND a.person_ids = '{}' AND a.flags = '{}' AND a.count IS NULL THEN row_to_json(v1)::text
  END`;

/** What the database says about a run of entries, recomputed from their stored fields. */
export interface RecomputedRun {
  /** Entries in the run (fewer than asked at the end of the log). */
  count: number;
  lastSeq: number;
  lastHash: string;
  /** The first seq where the chain does not hold: a gap, a link to the wrong hash, or a hash its fields do not give. */
  firstBrokenSeq: number | null;
  /** The entries' Merkle leaf hashes, 32 bytes each, in seq order. */
  leaves: Buffer;
}

/**
 * Recomputes up to `limit` entries after `afterSeq` in one query, inside the database —
 * where the rows are, so that only 32 bytes an entry travel — from their stored fields
 * alone: each leaf hash, and whether each entry extends the chain from `prevHash`.
 */
export async function recomputeRun(manager: EntityManager, afterSeq: number, prevHash: string, limit: number): Promise<RecomputedRun> {
  const [run]: { count: number; last_seq: string | null; last_hash: string | null; first_broken: string | null; leaves: Buffer | null }[] = await manager.query(
    `WITH entries AS (
       SELECT a.seq, a.prev_hash, a.hash, ${ENTRY_JSON_SQL} AS json
       FROM access_log a CROSS JOIN LATERAL ${jsonRow(V1_JSON_FIELDS)} v1 CROSS JOIN LATERAL ${jsonRow(V2_JSON_FIELDS)} v2
       WHERE a.seq > $1 ORDER BY a.seq LIMIT $3
     ), checked AS (
       SELECT seq, hash, coalesce(lag(seq) OVER w, $1) + 1 AS expected_seq,
         coalesce(sha256('\\x00'::bytea || convert_to(json, 'UTF8')), decode(repeat('00', 32), 'hex')) AS leaf,
         json IS NULL OR seq <> coalesce(lag(seq) OVER w, $1) + 1 OR prev_hash <> coalesce(lag(hash) OVER w, $2)
           OR hash <> encode(sha256(convert_to(prev_hash || json, 'UTF8')), 'hex') AS broken
       FROM entries WINDOW w AS (ORDER BY seq)
     )
     SELECT count(*)::int AS count, max(seq)::text AS last_seq, (array_agg(hash ORDER BY seq DESC))[1] AS last_hash,
       (min(least(seq, expected_seq)) FILTER (WHERE broken))::text AS first_broken, string_agg(leaf, ''::bytea ORDER BY seq) AS leaves
     FROM checked`,
    [afterSeq, prevHash, limit],
  );
  return {
    count: run.count,
    lastSeq: run.last_seq === null ? afterSeq : Number(run.last_seq),
    lastHash: run.last_hash ?? prevHash,
    firstBrokenSeq: run.first_broken === null ? null : Number(run.first_broken),
    leaves: run.leaves ?? Buffer.alloc(0),
  };
}
