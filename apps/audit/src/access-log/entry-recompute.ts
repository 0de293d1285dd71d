import { hash } from 'node:crypto';
import { ChainedFields, EntryFormat, entryJson } from './access-chain';

/**
 * Recomputes access-log entries from the rows PostgreSQL streams in binary COPY format
 * (`COPY (SELECT ${RECOMPUTE_COLUMNS} …) TO STDOUT (FORMAT binary)`): each entry's canonical
 * JSON (what entryJson gives), its Merkle leaf hash and whether it hashes to its stored chain
 * hash. Verification reads millions of entries, so this works on the bytes as they arrive:
 * no row objects, no text decoding, the JSON written straight into the hasher's buffer, which
 * takes the leaf and the chain hash from the same bytes (EntryHasher: here, or on a worker
 * thread, entry-hashing-worker.ts). The columns come in the order of a
 * format-2 entry's JSON keys, so a format-2 entry is written field after field; any other
 * format is decoded and serialised by entryJson itself.
 */

/** [JSON key, column, how the column is sent], in the key order of canonicalJson (code-point order). */
const FIELDS = [
  ['action', 'action', 'text'],
  ['actorRegion', 'actor_region', 'text'],
  ['actorRoles', 'actor_roles', 'texts'],
  ['actorSub', 'actor_sub', 'text'],
  ['caseId', 'case_id', 'text'],
  ['correlationId', 'correlation_id', 'text'],
  ['count', 'count', 'int'],
  ['eventId', 'event_id', 'text'],
  ['flags', 'flags', 'texts'],
  ['format', 'format', 'int'],
  ['method', 'method', 'text'],
  ['occurredAt', 'occurred_at', 'time'],
  ['outcome', 'outcome', 'text'],
  ['personIds', 'person_ids', 'texts'],
  ['purpose', 'purpose', 'text'],
  ['reason', 'reason', 'text'],
  ['recordedAt', 'recorded_at', 'time'],
  ['resourceId', 'resource_id', 'text'],
  ['resourceType', 'resource_type', 'text'],
  ['route', 'route', 'text'],
  ['seq', 'seq', 'int'],
  ['service', 'service', 'text'],
  ['sourceIp', 'source_ip', 'text'],
  ['status', 'status', 'int'],
] as const;

type Kind = (typeof FIELDS)[number][2];

/** The columns to COPY, in the order this reader expects them. */
export const RECOMPUTE_COLUMNS = [...FIELDS.map(([, column]) => column), 'prev_hash', 'hash'].join(', ');

const COLUMN_COUNT = FIELDS.length + 2;
const PREV_HASH = FIELDS.length;
const HASH = FIELDS.length + 1;
const FORMAT = FIELDS.findIndex(([key]) => key === 'format');
const SEQ = FIELDS.findIndex(([key]) => key === 'seq');
/** Each time column's slot in the cache of formatted seconds. */
const TIME_SLOTS = FIELDS.map(([key]) => (key === 'occurredAt' ? 0 : 1));
const KINDS: Kind[] = FIELDS.map(([, , kind]) => kind);
const KEY_BYTES = FIELDS.map(([key], i) => Buffer.from(`${i ? ',' : '{'}"${key}":`, 'latin1'));
const KEYS_LENGTH = KEY_BYTES.reduce((total, key) => total + key.length, 0);
const NULL_BYTES = Buffer.from('null', 'latin1');

/** Binary COPY: the 11-byte signature, then flags and the header extension's length (int32 each). */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** 2000-01-01T00:00:00Z, PostgreSQL's epoch for timestamps, in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
/** Hex chain hashes (and the genesis) are 64 characters: a stored prev_hash of any other length links to nothing. */
const HASH_TEXT_LENGTH = 64;
/** The leaf's 0x00 prefix sits just before the JSON, the prev_hash just before that while the chain hash is taken. */
const JSON_START = HASH_TEXT_LENGTH + 1;
/** A leaf for an entry whose fields no format allows: it cannot be the one signed for. */
const UNREPRESENTABLE_LEAF = Buffer.alloc(32);

export interface RecomputedEntry {
  seq: number;
  /** The Merkle leaf hash of the entry's canonical JSON (32 zero bytes when no format allows its fields). */
  leaf: Buffer;
  /** Whether its fields, hashed after its stored prev_hash, give its stored hash. */
  intact: boolean;
  prevHash: string;
  hash: string;
}

/** A row that is not a binary COPY row of RECOMPUTE_COLUMNS: the stream, not the log, is at fault. */
export class CopyFormatError extends Error {}

/**
 * Hashes what EntryRecomputer wrote and hands each entry on, in order: here (inlineHasher) or
 * on another thread (entry-hashing-worker.ts). The recomputer writes each entry straight into
 * the hasher's buffer: from the position `base` that room() gives, `out[base + 1, base + 65)`
 * holds the entry's prev_hash (when it is 64 characters long) and its canonical JSON follows
 * from `base + 65` (`out[base + 64]` is left for the leaf's 0x00 prefix).
 */
export interface EntryHasher {
  /** Where the next entry may take up to `size` bytes of `out` (which may change with it). */
  room(size: number): number;
  readonly out: Buffer;
  /**
   * The entry just written at `base`, its JSON ending at `end` (-1 for an entry whose fields no
   * format allows). The hasher sets its `leaf` and `intact` (one object an entry: there are millions).
   */
  add(entry: RecomputedEntry, base: number, end: number): void;
  /** Hands on every entry added. */
  flush(): void;
}

/** An entry's leaf and whether it hashes to its stored hash, from what EntryHasher.add describes. */
export function hashEntry(entry: RecomputedEntry, out: Buffer, base: number, end: number): RecomputedEntry {
  if (end < 0) return entry; // UNREPRESENTABLE_LEAF, not intact
  entry.intact = entry.prevHash.length === HASH_TEXT_LENGTH && hash('sha256', out.subarray(base + 1, end), 'hex') === entry.hash;
  out[base + JSON_START - 1] = 0x00;
  // Hex and back: a 'buffer' digest allocates a backing store per call, the slower way (Node 20).
  entry.leaf = Buffer.from(hash('sha256', out.subarray(base + JSON_START - 1, end), 'hex'), 'hex');
  return entry;
}

/** Hashes each entry as it is added, on this thread. */
export function inlineHasher(onEntry: (entry: RecomputedEntry) => void): EntryHasher {
  return new InlineHasher(onEntry);
}

class InlineHasher implements EntryHasher {
  out = Buffer.alloc(64 * 1024);

  constructor(private readonly onEntry: (entry: RecomputedEntry) => void) {}

  room(size: number): number {
    if (size > this.out.length) this.out = Buffer.alloc(Math.max(2 * this.out.length, size));
    return 0;
  }

  add(entry: RecomputedEntry, base: number, end: number): void {
    this.onEntry(hashEntry(entry, this.out, base, end));
  }

  flush(): void {}
}

/** Feed it the CopyData payloads of one COPY in order; its hasher gets each row's entry, in order. */
export class EntryRecomputer {
  /** Bytes of a row split across payloads (PostgreSQL sends one row per payload, but need not). */
  private pending: Buffer | undefined;
  private headerRead = false;
  private ended = false;
  private readonly starts = new Int32Array(COLUMN_COUNT);
  private readonly lengths = new Int32Array(COLUMN_COUNT);
  /** The last second formatted per time column (TIME_SLOTS), and its text up to the seconds (`2026-12-05T01:38:00`). */
  private readonly seconds = [Number.NaN, Number.NaN];
  private readonly secondTexts = ['', ''];

  constructor(private readonly hasher: EntryHasher) {}

  push(payload: Buffer): void {
    let data = payload;
    if (this.pending) {
      data = Buffer.concat([this.pending, payload]);
      this.pending = undefined;
    }
    let p = 0;
    if (!this.headerRead) {
      if (data.length < SIGNATURE.length + 8) return void (this.pending = data);
      if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new CopyFormatError('not a binary COPY stream');
      p = SIGNATURE.length + 8 + data.readInt32BE(SIGNATURE.length + 4);
      this.headerRead = true;
    }
    while (p < data.length) {
      if (this.ended) throw new CopyFormatError('data after the end of the COPY stream');
      const end = this.rowEnd(data, p);
      if (end < 0) return void (this.pending = data.subarray(p));
      if (end === p + 2) this.ended = true; // the trailer: a field count of -1
      else this.row(data, p, end);
      p = end;
    }
  }

  /** Throws unless the stream ended with its trailer, every row read; hands over the last entries. */
  end(): void {
    if (!this.ended || this.pending) throw new CopyFormatError('the COPY stream ended in the middle');
    this.hasher.flush();
  }

  /** Where the row at `p` ends (its fields' positions noted), or -1 if it is not all there yet. */
  private rowEnd(data: Buffer, p: number): number {
    if (p + 2 > data.length) return -1;
    const count = data.readInt16BE(p);
    if (count === -1) return p + 2;
    if (count !== COLUMN_COUNT) throw new CopyFormatError(`a row of ${count} columns, not ${COLUMN_COUNT}`);
    let q = p + 2;
    for (let f = 0; f < COLUMN_COUNT; f++) {
      if (q + 4 > data.length) return -1;
      const length = data.readInt32BE(q);
      q += 4;
      this.starts[f] = q;
      this.lengths[f] = length;
      if (length > 0) q += length;
    }
    return q <= data.length ? q : -1;
  }

  private row(data: Buffer, rowStart: number, rowEnd: number): void {
    const { starts, lengths, hasher } = this;
    const seq = int(data, starts[SEQ], lengths[SEQ]);
    const prevHash = data.toString('latin1', starts[PREV_HASH], starts[PREV_HASH] + Math.max(0, lengths[PREV_HASH]));
    const stored = data.toString('latin1', starts[HASH], starts[HASH] + Math.max(0, lengths[HASH]));
    const entry: RecomputedEntry = { seq, prevHash, hash: stored, leaf: UNREPRESENTABLE_LEAF, intact: false };
    let base: number;
    let end: number;
    if (lengths[FORMAT] === 2 && data.readInt16BE(starts[FORMAT]) === 2) {
      // The JSON is at most the keys, every byte escaped to six, and some room for numbers and times.
      base = hasher.room(JSON_START + KEYS_LENGTH + 6 * (rowEnd - rowStart) + 256);
      end = this.writeFormat2(data, hasher.out, base);
    } else {
      const json = decodedJson(data, starts, lengths);
      base = hasher.room(JSON_START + (json === undefined ? 0 : Buffer.byteLength(json)));
      end = json === undefined ? -1 : base + JSON_START + hasher.out.write(json, base + JSON_START, 'utf8');
    }
    if (end >= 0 && prevHash.length === HASH_TEXT_LENGTH) hasher.out.write(prevHash, base + 1, 'latin1');
    hasher.add(entry, base, end);
  }

  /** Writes a format-2 entry's canonical JSON from its columns; where it ends, or -1 if no entry could have them. */
  private writeFormat2(data: Buffer, out: Buffer, base: number): number {
    const { starts, lengths } = this;
    let o = base + JSON_START;
    for (let f = 0; f < FIELDS.length; f++) {
      const start = starts[f];
      const length = lengths[f];
      o = writeBytes(out, o, KEY_BYTES[f]);
      if (length < 0) {
        o = writeBytes(out, o, NULL_BYTES);
        continue;
      }
      switch (KINDS[f]) {
        case 'text':
          o = writeText(out, o, data, start, start + length);
          break;
        case 'int':
          o = writeInteger(out, o, int(data, start, length));
          break;
        case 'time':
          o = this.writeTime(out, o, data, start, TIME_SLOTS[f]);
          break;
        case 'texts':
          o = writeTexts(out, o, data, start);
          break;
      }
      if (o < 0) return -1;
    }
    out[o++] = 0x7d; // }
    return o;
  }

  /** A timestamp as entries hash it (ISO 8601 UTC, milliseconds), or -1 for one no Date holds (e.g. infinity). */
  private writeTime(out: Buffer, o: number, data: Buffer, start: number, slot: number): number {
    const ms = timestampMs(data, start);
    const second = Math.floor(ms / 1000);
    if (second !== this.seconds[slot]) {
      const date = new Date(second * 1000);
      if (Number.isNaN(date.getTime())) return -1;
      this.seconds[slot] = second;
      this.secondTexts[slot] = date.toISOString().slice(0, -5);
    }
    const millis = ms - second * 1000;
    out[o++] = 0x22;
    o = writeAscii(out, o, this.secondTexts[slot]);
    out[o++] = 0x2e; // .
    out[o++] = 0x30 + Math.floor(millis / 100);
    out[o++] = 0x30 + (Math.floor(millis / 10) % 10);
    out[o++] = 0x30 + (millis % 10);
    out[o++] = 0x5a; // Z
    out[o++] = 0x22;
    return o;
  }
}

/** Any other format: its fields decoded and serialised by entryJson, or undefined where it refuses them (no format allows them). */
function decodedJson(data: Buffer, starts: Int32Array, lengths: Int32Array): string | undefined {
  const values: Record<string, unknown> = {};
  for (let f = 0; f < FIELDS.length; f++) {
    const start = starts[f];
    const length = lengths[f];
    const [key, , kind] = FIELDS[f];
    if (length < 0) values[key] = null;
    else if (kind === 'text') values[key] = data.toString('utf8', start, start + length);
    else if (kind === 'int') values[key] = int(data, start, length);
    else if (kind === 'time') values[key] = isoTime(data, start);
    else values[key] = textArray(data, start);
  }
  const fields = values as unknown as ChainedFields;
  if (typeof fields.occurredAt !== 'string' || typeof fields.recordedAt !== 'string' || !fields.actorRoles || !fields.personIds || !fields.flags) return undefined;
  try {
    return entryJson({ ...fields, format: fields.format as EntryFormat });
  } catch (error) {
    if (error instanceof RangeError) return undefined; // a format-1 entry with fields format 1 does not have, or a format no entry has
    throw error;
  }
}

function int(data: Buffer, start: number, length: number): number {
  if (length === 8) return data.readInt32BE(start) * 2 ** 32 + data.readUInt32BE(start + 4);
  if (length === 4) return data.readInt32BE(start);
  if (length === 2) return data.readInt16BE(start);
  throw new CopyFormatError(`an integer of ${length} bytes`);
}

/** A JSON string, escaped as JSON.stringify escapes (PostgreSQL text is valid UTF-8 without NUL); where it ends. */
function writeText(out: Buffer, o: number, data: Buffer, start: number, end: number): number {
  out[o++] = 0x22;
  for (let i = start; i < end; i++) {
    const b = data[i];
    if (b >= 0x20 && b !== 0x22 && b !== 0x5c) {
      out[o++] = b;
      continue;
    }
    out[o++] = 0x5c;
    if (b === 0x22 || b === 0x5c) out[o++] = b;
    else if (b === 0x08) out[o++] = 0x62; // \b
    else if (b === 0x09) out[o++] = 0x74; // \t
    else if (b === 0x0a) out[o++] = 0x6e; // \n
    else if (b === 0x0c) out[o++] = 0x66; // \f
    else if (b === 0x0d) out[o++] = 0x72; // \r
    else {
      out[o++] = 0x75; // \u00XX
      out[o++] = 0x30;
      out[o++] = 0x30;
      out[o++] = HEX_DIGITS[b >> 4];
      out[o++] = HEX_DIGITS[b & 15];
    }
  }
  out[o++] = 0x22;
  return o;
}

/** A text[] as a JSON array of strings (null elements as null); -1 for more than one dimension. */
function writeTexts(out: Buffer, o: number, data: Buffer, start: number): number {
  const dimensions = data.readInt32BE(start);
  if (dimensions > 1) return -1;
  out[o++] = 0x5b; // [
  if (dimensions === 1) {
    const count = data.readInt32BE(start + 12);
    let p = start + 20;
    for (let k = 0; k < count; k++) {
      if (k) out[o++] = 0x2c; // ,
      const length = data.readInt32BE(p);
      p += 4;
      if (length < 0) {
        o = writeBytes(out, o, NULL_BYTES);
        continue;
      }
      o = writeText(out, o, data, p, p + length);
      p += length;
    }
  }
  out[o++] = 0x5d; // ]
  return o;
}

/** An integer as JSON.stringify writes it, without making a string of it (a few million of them). */
function writeInteger(out: Buffer, o: number, value: number): number {
  if (!Number.isSafeInteger(value)) return writeAscii(out, o, String(value));
  let rest = Math.abs(value);
  if (value < 0) out[o++] = 0x2d; // -
  let digits = 1;
  for (let power = 10; power <= rest; power *= 10) digits++;
  for (let i = o + digits - 1; i >= o; i--) {
    out[i] = 0x30 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return o + digits;
}

function writeAscii(out: Buffer, o: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[o++] = text.charCodeAt(i);
  return o;
}

function writeBytes(out: Buffer, o: number, bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) out[o++] = bytes[i];
  return o;
}

function timestampMs(data: Buffer, start: number): number {
  const micros = data.readInt32BE(start) * 2 ** 32 + data.readUInt32BE(start + 4);
  return Math.floor(micros / 1000) + PG_EPOCH_MS;
}

function isoTime(data: Buffer, start: number): string | null {
  const date = new Date(timestampMs(data, start));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function textArray(data: Buffer, start: number): (string | null)[] | null {
  const dimensions = data.readInt32BE(start);
  if (dimensions === 0) return [];
  if (dimensions > 1) return null;
  const values: (string | null)[] = [];
  let p = start + 20;
  for (let k = data.readInt32BE(start + 12); k > 0; k--) {
    const length = data.readInt32BE(p);
    p += 4;
    values.push(length < 0 ? null : data.toString('utf8', p, p + length));
    if (length > 0) p += length;
  }
  return values;
}
