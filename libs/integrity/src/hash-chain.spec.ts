import { canonicalJson, ChainedFields, chainHash, ChainLink, ChainVerifier, GENESIS_HASH } from './hash-chain';

type Fields = ChainedFields & { action: string; actor: string | null; roles: string[]; status: number; at: string };

function fields(seq: number, overrides: Partial<Fields> = {}): Fields {
  return { seq, action: 'read', actor: 'officer-1', roles: ['prosecutor'], status: 200, at: '2026-11-23T10:00:00.000Z', ...overrides };
}

/** A valid chain of `length` entries. */
function chain(length: number): ChainLink<Fields>[] {
  const entries: ChainLink<Fields>[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const own = fields(seq);
    const hash = chainHash(prevHash, own);
    entries.push({ ...own, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

function verify(entries: ChainLink<Fields>[], head = { lastSeq: entries.at(-1)?.seq ?? 0, lastHash: entries.at(-1)?.hash ?? GENESIS_HASH }) {
  const verifier = new ChainVerifier();
  for (const entry of entries) verifier.feed(entry);
  return verifier.verdict(head);
}

describe('canonicalJson', () => {
  it('orders keys, keeps array order and leaves out whitespace', () => {
    expect(canonicalJson({ b: 1, a: [3, 'x', null], c: { z: true, y: false } })).toBe('{"a":[3,"x",null],"b":1,"c":{"y":false,"z":true}}');
  });

  it('does not depend on the order properties were set in', () => {
    expect(canonicalJson({ seq: 1, action: 'read' })).toBe(canonicalJson({ action: 'read', seq: 1 }));
  });

  it('escapes strings as JSON does', () => {
    expect(canonicalJson({ reason: 'quote " and \n newline' })).toBe('{"reason":"quote \\" and \\n newline"}');
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(RangeError);
  });
});

describe('chainHash', () => {
  it('is the hex sha256 of the previous hash followed by the canonical fields', () => {
    const hash = chainHash(GENESIS_HASH, fields(1));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, fields(1))).toBe(hash);
  });

  it.each<[string, Partial<Fields>]>([
    ['the action', { action: 'list' }],
    ['an absent value becoming present', { actor: null }],
    ['the roles', { roles: ['prosecutor', 'admin'] }],
    ['the status', { status: 403 }],
    ['the time', { at: '2026-11-23T10:00:00.001Z' }],
  ])('changes with %s', (_, change) => {
    expect(chainHash(GENESIS_HASH, fields(1, change))).not.toBe(chainHash(GENESIS_HASH, fields(1)));
  });

  it('changes with the previous hash', () => {
    expect(chainHash('f'.repeat(64), fields(1))).not.toBe(chainHash(GENESIS_HASH, fields(1)));
  });
});

describe('ChainVerifier', () => {
  it('accepts an intact chain and counts it', () => {
    expect(verify(chain(5))).toEqual({ valid: true, checked: 5 });
  });

  it('accepts an empty log whose head is at the start', () => {
    expect(verify([])).toEqual({ valid: true, checked: 0 });
  });

  it('finds a changed field', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], action: 'delete' };
    expect(verify(entries)).toEqual({ valid: false, checked: 2, firstBrokenSeq: 3 });
  });

  it('finds a changed entry whose own hash was recomputed, at the next link', () => {
    const entries = chain(5);
    const changed = fields(3, { actor: 'someone-else' });
    entries[2] = { ...changed, prevHash: entries[2].prevHash, hash: chainHash(entries[2].prevHash, changed) };
    expect(verify(entries)).toEqual({ valid: false, checked: 3, firstBrokenSeq: 4 });
  });

  it('finds a removed entry at its seq', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verify(entries, { lastSeq: 5, lastHash: entries.at(-1)!.hash })).toEqual({ valid: false, checked: 1, firstBrokenSeq: 2 });
  });

  it('finds swapped entries', () => {
    const entries = chain(4);
    [entries[1], entries[2]] = [entries[2], entries[1]];
    expect(verify(entries)).toMatchObject({ valid: false, firstBrokenSeq: 2 });
  });

  it('finds entries cut off the end through the head', () => {
    const entries = chain(5);
    expect(verify(entries.slice(0, 3), { lastSeq: 5, lastHash: entries[4].hash })).toEqual({ valid: false, checked: 3, firstBrokenSeq: 4 });
  });

  it('finds a head that does not match the last entry', () => {
    expect(verify(chain(3), { lastSeq: 3, lastHash: 'a'.repeat(64) })).toEqual({ valid: false, checked: 3, firstBrokenSeq: 4 });
  });

  it('stops at the first break', () => {
    const entries = chain(5);
    entries[1] = { ...entries[1], status: 500 };
    entries[3] = { ...entries[3], status: 500 };
    const verifier = new ChainVerifier();
    expect(entries.map((entry) => verifier.feed(entry))).toEqual([true, false, false, false, false]);
    expect(verifier.verdict({ lastSeq: 5, lastHash: entries[4].hash })).toEqual({ valid: false, checked: 1, firstBrokenSeq: 2 });
  });
});
