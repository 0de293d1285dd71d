import fc from 'fast-check';
import { chainHashOfJson, GENESIS_HASH, leafHash } from '@icjims/integrity';
import { ChainedFields, entryJson } from './access-chain';
import { storable } from './access-log.store';
import { EntryHashingWorker } from './entry-hashing-worker';
import { CopyFormatError, EntryHasher, EntryRecomputer, inlineHasher, RECOMPUTE_COLUMNS, RecomputedEntry } from './entry-recompute';

/** A row as PostgreSQL's binary COPY sends it (columns of RECOMPUTE_COLUMNS), written from the entry's fields. */
function copyRow(fields: ChainedFields, prevHash: string, hash: string): Buffer {
  const parts: Buffer[] = [];
  const field = (value: Buffer | null) => {
    const length = Buffer.alloc(4);
    length.writeInt32BE(value === null ? -1 : value.length);
    parts.push(length, ...(value ? [value] : []));
  };
  const text = (value: string | null) => field(value === null ? null : Buffer.from(value, 'utf8'));
  const integer = (bytes: 2 | 4 | 8, value: number | null) => {
    if (value === null) return field(null);
    const buffer = Buffer.alloc(bytes);
    if (bytes === 2) buffer.writeInt16BE(value);
    else if (bytes === 4) buffer.writeInt32BE(value);
    else buffer.writeBigInt64BE(BigInt(value));
    field(buffer);
  };
  const time = (iso: string) => integer(8, (Date.parse(iso) - Date.parse('2000-01-01T00:00:00Z')) * 1000);
  const texts = (values: string[]) => {
    const header = Buffer.alloc(values.length ? 20 : 12);
    header.writeInt32BE(values.length ? 1 : 0, 0); // dimensions
    header.writeInt32BE(25, 8); // element type: text
    if (values.length) {
      header.writeInt32BE(values.length, 12);
      header.writeInt32BE(1, 16); // lower bound
    }
    const elements = values.flatMap((value) => {
      const length = Buffer.alloc(4);
      length.writeInt32BE(Buffer.byteLength(value));
      return [length, Buffer.from(value, 'utf8')];
    });
    field(Buffer.concat([header, ...elements]));
  };
  const count = Buffer.alloc(2);
  count.writeInt16BE(26);
  parts.push(count);
  const columns: Record<string, () => void> = {
    action: () => text(fields.action),
    actor_region: () => text(fields.actorRegion),
    actor_roles: () => texts(fields.actorRoles),
    actor_sub: () => text(fields.actorSub),
    case_id: () => text(fields.caseId),
    correlation_id: () => text(fields.correlationId),
    count: () => integer(4, fields.count),
    event_id: () => text(fields.eventId),
    flags: () => texts(fields.flags),
    format: () => integer(2, fields.format),
    method: () => text(fields.method),
    occurred_at: () => time(fields.occurredAt),
    outcome: () => text(fields.outcome),
    person_ids: () => texts(fields.personIds),
    purpose: () => text(fields.purpose),
    reason: () => text(fields.reason),
    recorded_at: () => time(fields.recordedAt),
    resource_id: () => text(fields.resourceId),
    resource_type: () => text(fields.resourceType),
    route: () => text(fields.route),
    seq: () => integer(8, fields.seq),
    service: () => text(fields.service),
    source_ip: () => text(fields.sourceIp),
    status: () => integer(4, fields.status),
    prev_hash: () => text(prevHash),
    hash: () => text(hash),
  };
  for (const column of RECOMPUTE_COLUMNS.split(', ')) columns[column]();
  return Buffer.concat(parts);
}

const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const TRAILER = Buffer.from([0xff, 0xff]);

/** Recomputes rows fed as the given payloads (one row per payload, the header with the first, as PostgreSQL sends them). */
function recompute(payloads: Buffer[], hasher: (onEntry: (entry: RecomputedEntry) => void) => EntryHasher = inlineHasher): RecomputedEntry[] {
  const entries: RecomputedEntry[] = [];
  const recomputer = new EntryRecomputer(hasher((entry) => entries.push(entry)));
  payloads.forEach((payload) => recomputer.push(payload));
  recomputer.end();
  return entries;
}

const stream = (rows: Buffer[]) => (rows.length ? [Buffer.concat([HEADER, rows[0]]), ...rows.slice(1), TRAILER] : [Buffer.concat([HEADER, TRAILER])]);

const entry: ChainedFields = {
  seq: 1, eventId: 'e-1', occurredAt: '2026-12-05T01:38:00.120Z', service: 'case-registry', actorSub: 'prosecutor-1', actorRoles: ['prosecutor'],
  actorRegion: 'KG-GB', action: 'read', resourceType: 'case', resourceId: 'c-1', caseId: 'c-1', outcome: 'allowed', status: 200, method: 'GET',
  route: '/api/v1/cases/:caseId', reason: null, sourceIp: '10.0.0.7', correlationId: 'r-1', recordedAt: '2026-12-05T01:38:01.000Z',
  format: 2, purpose: 'investigation', personIds: ['p-1', 'p-2'], flags: [], count: null,
};

/** Text as the store keeps it: any code point but NUL, no lone surrogate. */
const storedText = fc.string({ unit: 'binary', maxLength: 40 }).map((text) => storable(text));
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const isoTime = fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2200-01-01T00:00:00Z') }).map((ms) => new Date(ms).toISOString());
const format2Entry: fc.Arbitrary<ChainedFields> = fc.record({
  seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  eventId: storedText,
  occurredAt: isoTime,
  service: storedText,
  actorSub: nullable(storedText),
  actorRoles: fc.array(storedText, { maxLength: 3 }),
  actorRegion: nullable(storedText),
  action: storedText,
  resourceType: storedText,
  resourceId: nullable(storedText),
  caseId: nullable(storedText),
  outcome: storedText,
  status: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  method: storedText,
  route: storedText,
  reason: nullable(storedText),
  sourceIp: nullable(storedText),
  correlationId: nullable(storedText),
  recordedAt: isoTime,
  format: fc.constant(2 as const),
  purpose: nullable(storedText),
  personIds: fc.array(storedText, { maxLength: 3 }),
  flags: fc.array(storedText, { maxLength: 2 }),
  count: nullable(fc.integer({ min: 1, max: 2 ** 31 - 1 })),
});

describe('EntryRecomputer', () => {
  it('gives every entry the leaf and chain hash its canonical JSON gives, whatever its text (escapes, any script, emoji)', () => {
    fc.assert(
      fc.property(format2Entry, fc.boolean(), (fields, tampered) => {
        const json = entryJson(fields);
        const hash = chainHashOfJson(GENESIS_HASH, json);
        const stored = tampered ? chainHashOfJson(GENESIS_HASH, `${json} `) : hash;
        const [recomputed] = recompute(stream([copyRow(fields, GENESIS_HASH, stored)]));
        expect(recomputed).toEqual({ seq: fields.seq, leaf: leafHash(json), intact: !tampered, prevHash: GENESIS_HASH, hash: stored });
      }),
      { numRuns: 300 },
    );
  });

  it('writes the escapes JSON.stringify writes', () => {
    const fields = { ...entry, reason: 'a"b\\c\n\t\r\b\f\u0001\u001f\u007f é 😀 \u2028', actorRoles: ['x"y'], personIds: [] };
    const json = entryJson(fields);
    const [recomputed] = recompute(stream([copyRow(fields, GENESIS_HASH, chainHashOfJson(GENESIS_HASH, json))]));
    expect(recomputed.leaf).toEqual(leafHash(json));
    expect(recomputed.intact).toBe(true);
  });

  it('chains rows: each hashed after the prev_hash it stores', () => {
    const first = entryJson(entry);
    const firstHash = chainHashOfJson(GENESIS_HASH, first);
    const second = { ...entry, seq: 2, eventId: 'e-2' };
    const secondHash = chainHashOfJson(firstHash, entryJson(second));
    const entries = recompute(stream([copyRow(entry, GENESIS_HASH, firstHash), copyRow(second, firstHash, secondHash)]));
    expect(entries.map(({ seq, intact, prevHash, hash }) => ({ seq, intact, prevHash, hash }))).toEqual([
      { seq: 1, intact: true, prevHash: GENESIS_HASH, hash: firstHash },
      { seq: 2, intact: true, prevHash: firstHash, hash: secondHash },
    ]);
  });

  it('hashes a format-1 entry as its nineteen fields, and refuses one with fields format 1 does not have', () => {
    const v1 = { ...entry, format: 1 as const, purpose: null, personIds: [], flags: [], count: null };
    const json = entryJson(v1);
    expect(JSON.parse(json)).not.toHaveProperty('format');
    const [recomputed] = recompute(stream([copyRow(v1, GENESIS_HASH, chainHashOfJson(GENESIS_HASH, json))]));
    expect(recomputed).toMatchObject({ leaf: leafHash(json), intact: true });

    const [refused] = recompute(stream([copyRow({ ...v1, purpose: 'investigation' }, GENESIS_HASH, chainHashOfJson(GENESIS_HASH, json))]));
    expect(refused).toMatchObject({ leaf: Buffer.alloc(32), intact: false });
  });

  it('refuses a format no entry has', () => {
    const [refused] = recompute(stream([copyRow({ ...entry, format: 3 as never }, GENESIS_HASH, chainHashOfJson(GENESIS_HASH, entryJson(entry)))]));
    expect(refused).toMatchObject({ leaf: Buffer.alloc(32), intact: false });
  });

  it('does not vouch for a prev_hash that is not a hash', () => {
    const json = entryJson(entry);
    const [recomputed] = recompute(stream([copyRow(entry, '', chainHashOfJson('', json))]));
    expect(recomputed).toMatchObject({ leaf: leafHash(json), intact: false });
  });

  it('reads rows split anywhere across payloads', () => {
    const rows = [1, 2, 3].map((seq) => copyRow({ ...entry, seq }, GENESIS_HASH, GENESIS_HASH));
    const whole = Buffer.concat(stream(rows));
    const expected = recompute(stream(rows));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: whole.length - 1 }), { maxLength: 12 }), (cuts) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), whole.length];
        const payloads = bounds.slice(1).map((end, i) => whole.subarray(bounds[i], end));
        expect(recompute(payloads)).toEqual(expected);
      }),
    );
  });

  it('refuses a stream cut short, or one that is not binary COPY', () => {
    const whole = Buffer.concat(stream([copyRow(entry, GENESIS_HASH, GENESIS_HASH)]));
    expect(() => recompute([whole.subarray(0, whole.length - 2)])).toThrow(CopyFormatError);
    expect(() => recompute([Buffer.from('seq\thash\n')])).toThrow(CopyFormatError);
  });
});

describe('EntryHashingWorker', () => {
  it('hands on, in order, what hashing on this thread gives: across slots, with entries too large for one, in run after run', async () => {
    // Slots of 3 entries and 2,000 bytes: the ring wraps many times and a long reason does not fit.
    const worker = new EntryHashingWorker({ entries: 3, bytes: 2_000 });
    try {
      let prevHash = GENESIS_HASH;
      const rows = Array.from({ length: 50 }, (_, i) => {
        const fields = { ...entry, seq: i + 1, reason: i % 7 === 3 ? 'x'.repeat(3_000) : null, format: (i % 11 === 5 ? 1 : 2) as 1 | 2 };
        const stored = i % 13 === 4 ? 'f'.repeat(64) : fields.format === 1 ? prevHash : chainHashOfJson(prevHash, entryJson(fields));
        const row = copyRow(fields, prevHash, stored);
        prevHash = stored;
        return row;
      });
      const expected = recompute(stream(rows));
      expect(expected.filter((e) => e.intact)).toHaveLength(50 - 4 - 5); // every 13th tampered (4), every 11th a format-1 entry with format-2 fields (5)
      for (let run = 0; run < 3; run++) expect(recompute(stream(rows), (onEntry) => worker.hasher(onEntry))).toEqual(expected);
    } finally {
      await worker.close();
    }
  });
});
