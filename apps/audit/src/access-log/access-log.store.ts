import { PoolClient, Query } from 'pg';
import { EntityManager, QueryRunner } from 'typeorm';
import { AccessRecordedV1, CloudEvent } from '@icjims/contracts';
import { ChainHead, chainHashOfJson, leafHash, MerkleLog, RightEdge, subtreesOf } from '@icjims/integrity';
import { queryTogether, sendWithNext } from '@icjims/persistence';
import { ChainedEntry, ChainedFields, CURRENT_ENTRY_FORMAT, EntryFormat, entryJson, PERSON_IDS_TRUNCATED } from './access-chain';
import { EntryHasher, EntryRecomputer, RECOMPUTE_COLUMNS } from './entry-recompute';

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

// eslint-disable-next-line no-control-regex -- NUL is what is looked for
const NEEDS_CARE = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as an entry stores and hashes it. PostgreSQL text cannot hold NUL, and a lone UTF-16
 * surrogate would be stored as U+FFFD but hashed as written: either would make an event
 * unstorable or its entry unverifiable, so NUL is written as the six characters `\u0000`
 * and a lone surrogate as U+FFFD. Lengths are bounded by the event contract.
 */
export function storable(text: string): string;
export function storable(text: string | null): string | null;
export function storable(text: string | null): string | null {
  if (text === null || !NEEDS_CARE.test(text)) return text;
  return text.replaceAll('\0', '\\u0000').replace(LONE_SURROGATE, '\uFFFD');
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
 * the tree, in two round trips however many events: the head locked and the tree's right edge
 * read in one message (with what the transaction holds back, its START and inbox insert), then
 * one INSERT, the head update and the tree append sent with the COMMIT (persistence's
 * sendWithNext: their results are not needed). Locking the head row makes concurrent appenders
 * (several audit instances) take turns, and the edge is read after the lock; it is held until
 * the caller's transaction — the consumer's inbox transaction — commits, so each event is
 * appended once.
 */
export async function appendAccessEntries(manager: EntityManager, events: CloudEvent<AccessRecordedV1>[]): Promise<ChainedEntry[]> {
  if (!events.length) return [];
  const lockHead = { text: 'SELECT last_seq, last_hash FROM access_log_head FOR UPDATE' };
  const [[locked], edgeRows] = (await queryTogether(manager, [lockHead, accessTree.rightEdgeQuery])) as [{ last_seq: string; last_hash: string }[], unknown[]];
  const head: ChainHead = { lastSeq: Number(locked.last_seq), lastHash: locked.last_hash };
  let edge = accessTree.rightEdgeOf(edgeRows);
  if (edge.treeSize < head.lastSeq) edge = await catchUpTree(manager, head.lastSeq);
  const recordedAt = new Date().toISOString();
  const entries: ChainedEntry[] = [];
  const leaves: Buffer[] = [];
  let prevHash = head.lastHash;
  for (const [i, event] of events.entries()) {
    const fields = accessEntryFields(event, head.lastSeq + 1 + i, recordedAt);
    const json = entryJson(fields);
    const entry: ChainedEntry = { ...fields, prevHash, hash: chainHashOfJson(prevHash, json) };
    entries.push(entry);
    leaves.push(leafHash(json));
    prevHash = entry.hash;
  }
  await insertEntries(manager, entries);
  const last = entries[entries.length - 1];
  await sendWithNext(manager, `UPDATE access_log_head SET last_seq = $1, last_hash = $2`, [last.seq, last.hash]);
  const { insert } = accessTree.appending(edge, leaves);
  if (insert) await sendWithNext(manager, insert.text, insert.values ?? []);
  return entries;
}

/** Entries read per query when the tree catches up with the log. */
const CATCH_UP_BATCH = 10_000;

/**
 * Adds to the tree the entries it does not have yet — those written before it existed —
 * so that leaf i is always entry i + 1; returns its right edge then. Runs under the head lock.
 */
async function catchUpTree(manager: EntityManager, lastSeq: number): Promise<RightEdge> {
  for (let { treeSize } = await accessTree.head(manager); treeSize < lastSeq; ) {
    const rows: AccessLogRow[] = await manager.query(`SELECT ${ENTRY_COLUMNS} FROM access_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [
      treeSize,
      CATCH_UP_BATCH,
    ]);
    if (!rows.length || Number(rows[0].seq) !== treeSize + 1) throw new Error(`access_log has no entry ${treeSize + 1} for the tree to catch up with`);
    ({ treeSize } = await accessTree.append(manager, rows.map((row) => leafHash(entryJson(entryFromRow(row))))));
  }
  return accessTree.readRightEdge(manager);
}

/**
 * One INSERT for the lot, a typed array per column. The list columns travel as PostgreSQL
 * array literals, one per entry (an array of arrays would have to be rectangular).
 */
async function insertEntries(manager: EntityManager, entries: ChainedEntry[]): Promise<void> {
  const column = <T>(value: (entry: ChainedEntry) => T) => entries.map(value);
  await sendWithNext(
    manager,
    `INSERT INTO access_log (${ENTRY_COLUMNS})
     SELECT seq, event_id, occurred_at, service, actor_sub, actor_roles::text[], actor_region, action, resource_type, resource_id, case_id,
       outcome, status, method, route, reason, source_ip, correlation_id, recorded_at, format, purpose, person_ids::text[], flags::text[],
       count, prev_hash, hash
     FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::text[], $13::int[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::timestamptz[],
       $20::smallint[], $21::text[], $22::text[], $23::text[], $24::int[], $25::text[], $26::text[])
       AS batch(seq, event_id, occurred_at, service, actor_sub, actor_roles, actor_region, action, resource_type, resource_id, case_id,
         outcome, status, method, route, reason, source_ip, correlation_id, recorded_at, format, purpose, person_ids, flags, count, prev_hash, hash)`,
    [
      column((e) => e.seq), column((e) => e.eventId), column((e) => e.occurredAt), column((e) => e.service), column((e) => e.actorSub),
      column((e) => arrayLiteral(e.actorRoles)), column((e) => e.actorRegion), column((e) => e.action), column((e) => e.resourceType),
      column((e) => e.resourceId), column((e) => e.caseId), column((e) => e.outcome), column((e) => e.status), column((e) => e.method),
      column((e) => e.route), column((e) => e.reason), column((e) => e.sourceIp), column((e) => e.correlationId), column((e) => e.recordedAt),
      column((e) => e.format), column((e) => e.purpose), column((e) => arrayLiteral(e.personIds)), column((e) => arrayLiteral(e.flags)),
      column((e) => e.count), column((e) => e.prevHash), column((e) => e.hash),
    ],
  );
}

/** A text[] literal: every element quoted, `"` and `\\` escaped. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** CopyData payloads of a COPY … TO STDOUT, handed over as they arrive; failures of the handler end the query with them. */
class CopyOut extends Query {
  failure: unknown;

  constructor(
    text: string,
    private readonly onData: (payload: Buffer) => void,
  ) {
    super(text);
  }

  /** Called by pg for each CopyData message: the handler's exceptions must not escape into the connection. */
  handleCopyData(message: { chunk: Buffer }): void {
    if (this.failure !== undefined) return;
    try {
      this.onData(message.chunk);
    } catch (error) {
      this.failure = error;
    }
  }
}

/**
 * Streams up to `limit` entries after seq `after`, in seq order, from the caller's connection
 * (inside its transaction) and recomputes each (entry-recompute.ts): its canonical JSON, then
 * through `hasher` its leaf hash and whether it hashes to its stored chain hash. PostgreSQL only sends the stored columns in binary COPY
 * format, the cheapest way it has to send them; this process serialises and hashes, while the
 * server reads on ahead. Every entry is handed on when this resolves.
 */
export async function recomputeEntries(
  runner: QueryRunner,
  run: { after: number; limit: number },
  hasher: EntryHasher,
): Promise<void> {
  const { after, limit } = run;
  for (const value of [after, limit]) if (!Number.isSafeInteger(value)) throw new RangeError(`not a seq or count: ${value}`);
  const recomputer = new EntryRecomputer(hasher);
  const client = (await runner.connect()) as PoolClient;
  // COPY takes no parameters: the bounds are checked integers. The LIMIT keeps the planner on the primary key, in order.
  const copy = new CopyOut(
    `COPY (SELECT ${RECOMPUTE_COLUMNS} FROM access_log WHERE seq > ${after} ORDER BY seq LIMIT ${limit}) TO STDOUT (FORMAT binary)`,
    (payload) => recomputer.push(payload),
  );
  await new Promise<void>((resolve, reject) => {
    copy.on('end', () => resolve());
    copy.on('error', reject);
    client.query(copy);
  });
  if (copy.failure !== undefined) throw copy.failure;
  recomputer.end();
}

/** The latest pruning of the log's oldest entries (migration 1763900000511), if any. */
export interface AccessLogPrune {
  throughSeq: number;
  rootHash: string;
  /** The hash of entry `throughSeq`, which the first remaining entry links to. */
  lastHash: string;
}

export async function latestPrune(manager: EntityManager): Promise<AccessLogPrune | undefined> {
  const [row]: { through_seq: string; root_hash: string; last_hash: string }[] = await manager.query(
    `SELECT through_seq, root_hash, last_hash FROM access_log_prunes ORDER BY through_seq DESC LIMIT 1`,
  );
  return row && { throughSeq: Number(row.through_seq), rootHash: row.root_hash, lastHash: row.last_hash };
}

/**
 * The stored hashes of the complete subtrees of the tree of `size` leaves, largest first
 * (`subtreesOf({ start: 0, end: size })`; MerkleLog keeps one row per complete subtree), or
 * undefined when one is missing. What the tree of a pruned prefix is known by.
 */
export async function treeSubtrees(manager: EntityManager, size: number): Promise<Buffer[] | undefined> {
  const subtrees = subtreesOf({ start: 0, end: size });
  const rows: { level: number; idx: string; hash: Buffer }[] = await manager.query(
    `SELECT t.level, t.idx::text AS idx, t.hash FROM unnest($1::int[], $2::bigint[]) AS wanted(level, idx)
     JOIN access_tree t ON t.level = wanted.level AND t.idx = wanted.idx`,
    [subtrees.map((subtree) => subtree.level), subtrees.map((subtree) => subtree.index)],
  );
  const hashes = subtrees.map((subtree) => rows.find((row) => row.level === subtree.level && Number(row.idx) === subtree.index)?.hash);
  return hashes.every((hash): hash is Buffer => hash !== undefined) ? hashes : undefined;
}
