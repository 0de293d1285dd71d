import { canonicalJson, chainHash, GENESIS_HASH } from '@icjims/integrity';
import { ChainedFields, ChainedFieldsV1, entryJson, hashedFields } from './access-chain';
import { storable } from './access-log.store';

const v1: ChainedFieldsV1 = {
  seq: 7, eventId: 'e-7', occurredAt: '2025-06-01T10:00:00.000Z', service: 'case-registry', actorSub: 'old-timer', actorRoles: ['prosecutor'],
  actorRegion: 'KG-GB', action: 'read', resourceType: 'case', resourceId: null, caseId: null, outcome: 'allowed', status: 200, method: 'GET',
  route: '/api/v1/cases/:caseId', reason: null, sourceIp: null, correlationId: null, recordedAt: '2025-06-01T10:00:01.000Z',
};
const empty = { purpose: null, personIds: [], flags: [], count: null };

describe('access-log entry formats', () => {
  it('hashes a format-1 entry exactly as the first access log did: its nineteen fields', () => {
    const entry: ChainedFields = { ...v1, format: 1, ...empty };
    expect(hashedFields(entry)).toEqual(v1);
    expect(entryJson(entry)).toBe(canonicalJson(v1));
    expect(chainHash(GENESIS_HASH, hashedFields(entry) as ChainedFieldsV1)).toBe(chainHash(GENESIS_HASH, v1));
  });

  it('hashes a format-2 entry with its format, purpose, persons, flags and count, never its own hashes', () => {
    const entry: ChainedFields = { ...v1, format: 2, purpose: 'investigation', personIds: ['p-1'], flags: ['restricted-record'], count: null };
    expect(hashedFields({ ...entry, prevHash: GENESIS_HASH, hash: 'f'.repeat(64) })).toEqual(entry);
    expect(JSON.parse(entryJson(entry))).toEqual(entry);
    expect(entryJson(entry)).not.toBe(entryJson({ ...entry, purpose: 'statistics' }));
  });

  it.each([
    ['a purpose', { purpose: 'investigation' }],
    ['persons', { personIds: ['p-1'] }],
    ['flags', { flags: ['restricted-record'] }],
    ['a count', { count: 3 }],
  ])('refuses a format-1 entry with %s, which its hash would not cover', (_, extra) => {
    expect(() => entryJson({ ...v1, format: 1, ...empty, ...extra })).toThrow(/format 1/);
  });
});

describe('storable', () => {
  it.each([
    ['plain text', 'GET /api/v1/cases', 'GET /api/v1/cases'],
    ['a NUL', 'a\u0000b', 'a\\u0000b'],
    ['a lone high surrogate', 'x\uD800y', 'x\uFFFDy'],
    ['a lone low surrogate', '\uDC00', '\uFFFD'],
    ['a surrogate pair', '😀', '😀'],
    ['other control characters, which JSON escapes', 'a\u0001\n\u007f', 'a\u0001\n\u007f'],
  ])('keeps %s storable and hashable as stored', (_, text, stored) => {
    expect(storable(text)).toBe(stored);
  });
});
