import { EntityManager } from 'typeorm';
import { AccessRecordedV1, CloudEvent } from '@icjims/contracts';
import { ChainHead, chainHashOfJson, leafHash, MerkleLog, subtreesOf } from '@icjims/integrity';
import { ChainedEntry, ChainedFields, CURRENT_ENTRY_FORMAT, EntryFormat, entryJson, PERSON_IDS_TRUNCATED } from './access-chain';

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
 * the tree: one lock of the head, one INSERT, one head update and one tree append however
 * many events. Locking the head row makes concurrent appenders (several audit instances)
 * take turns; it is held until the caller's transaction — the consumer's inbox
 * transaction — commits, so each event is appended once.
 */
export async function appendAccessEntries(manager: EntityManager, events: CloudEvent<AccessRecordedV1>[]): Promise<ChainedEntry[]> {
  if (!events.length) return [];
  const [locked]: { last_seq: string; last_hash: string; tree_size: string }[] = await manager.query(
    `SELECT h.last_seq, h.last_hash, (SELECT coalesce(max(idx) + 1, 0) FROM access_tree WHERE level = 0) AS tree_size
     FROM access_log_head h FOR UPDATE OF h`,
  );
  const head: ChainHead = { lastSeq: Number(locked.last_seq), lastHash: locked.last_hash };
  if (Number(locked.tree_size) < head.lastSeq) await catchUpTree(manager, head.lastSeq);
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

/**
 * One INSERT for the lot, a typed array per column. The list columns travel as PostgreSQL
 * array literals, one per entry (an array of arrays would have to be rectangular).
 */
async function insertEntries(manager: EntityManager, entries: ChainedEntry[]): Promise<void> {
  const column = <T>(value: (entry: ChainedEntry) => T) => entries.map(value);
  await manager.query(
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

/**
 * A time as entries hash it, ISO 8601 UTC with milliseconds (`2026-12-04T17:03:28.080Z`;
 * entries store milliseconds, no finer).
 */
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
  /** Entries in the run. */
  count: number;
  /** The first entry's seq and prev_hash (null for an empty run), to check the run continues the one before it. */
  firstSeq: number | null;
  firstPrevHash: string | null;
  lastSeq: number;
  lastHash: string | null;
  /**
   * The first seq in the run where the chain does not hold: a gap, a link to the wrong hash,
   * or a hash its fields do not give (the first entry's link is the caller's to check when
   * it passed no prevHash).
   */
  firstBrokenSeq: number | null;
  /** The entries' Merkle leaf hashes, 32 bytes each, in seq order. */
  leaves: Buffer;
}

/**
 * Recomputes a run of entries in one query (inside the caller's transaction), inside the database — where the rows are, so
 * that only 32 bytes an entry travel — from their stored fields alone: each leaf hash, and
 * whether each entry extends the chain. The run is the entries after seq `after`: up to
 * `limit` of them, or those up to seq `upTo`. `prevHash`: the hash entry `after` has, if known.
 */
export async function recomputeRun(
  manager: EntityManager,
  run: { after: number; prevHash: string | null } & ({ limit: number } | { upTo: number }),
): Promise<RecomputedRun> {
  // A range is also given as a LIMIT, so that the planner walks the primary key in order rather than sorting.
  const bound = 'limit' in run ? { where: '', limit: 'LIMIT $3', value: run.limit } : { where: 'AND a.seq <= $3', limit: 'LIMIT $3 - $1', value: run.upTo };
  const [row]: {
    count: number; first_seq: string | null; first_prev_hash: string | null; last_seq: string | null; last_hash: string | null;
    first_broken: string | null; leaves: Buffer | null;
  }[] = await manager.query(
    `WITH entries AS (
       SELECT a.seq, a.prev_hash, a.hash, ${ENTRY_JSON_SQL} AS json
       FROM access_log a CROSS JOIN LATERAL ${jsonRow(V1_JSON_FIELDS)} v1 CROSS JOIN LATERAL ${jsonRow(V2_JSON_FIELDS)} v2
       WHERE a.seq > $1 ${bound.where} ORDER BY a.seq ${bound.limit}
     ), checked AS (
       SELECT seq, prev_hash, hash, coalesce(lag(seq) OVER w, $1) + 1 AS expected_seq,
         lag(seq) OVER w IS NULL AS is_first, lead(seq) OVER w IS NULL AS is_last,
         coalesce(sha256('\\x00'::bytea || convert_to(json, 'UTF8')), decode(repeat('00', 32), 'hex')) AS leaf,
         json IS NULL OR seq <> coalesce(lag(seq) OVER w, $1) + 1 OR prev_hash <> coalesce(lag(hash) OVER w, $2::text)
           OR hash <> encode(sha256(convert_to(prev_hash || json, 'UTF8')), 'hex') AS broken
       FROM entries WINDOW w AS (ORDER BY seq)
     )
     SELECT count(*)::int AS count, min(seq)::text AS first_seq, max(prev_hash) FILTER (WHERE is_first) AS first_prev_hash,
       max(seq)::text AS last_seq, max(hash) FILTER (WHERE is_last) AS last_hash,
       (min(least(seq, expected_seq)) FILTER (WHERE broken))::text AS first_broken, string_agg(leaf, ''::bytea ORDER BY seq) AS leaves
     FROM checked`,
    [run.after, run.prevHash, bound.value],
  );
  return {
    count: row.count,
    firstSeq: row.first_seq === null ? null : Number(row.first_seq),
    firstPrevHash: row.first_prev_hash,
    lastSeq: row.last_seq === null ? run.after : Number(row.last_seq),
    lastHash: row.last_hash,
    firstBrokenSeq: row.first_broken === null ? null : Number(row.first_broken),
    leaves: row.leaves ?? Buffer.alloc(0),
  };
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
