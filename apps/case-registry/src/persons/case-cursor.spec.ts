import { InvalidInputError } from '@icjims/contracts';
import { decodeCaseCursor, decodeTimeCursor, encodeCaseCursor, encodeTimeCursor } from './case-cursor';

describe('case cursors', () => {
  const cursor = { registeredAt: '2026-11-20T10:00:00.123456Z', caseId: '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01' };

  it('read back what they wrote', () => {
    expect(decodeCaseCursor(encodeCaseCursor(cursor))).toEqual(cursor);
  });

  it('are URL-safe', () => {
    expect(encodeCaseCursor(cursor)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['an empty string', ''],
    ['a JSON object', Buffer.from('{"a":1}').toString('base64url')],
    ['a time without microseconds', encodeCaseCursor({ ...cursor, registeredAt: '2026-11-20T10:00:00Z' })],
    ['a case id that is not a UUID', encodeCaseCursor({ ...cursor, caseId: "1' OR '1'='1" })],
  ])('refuse %s naming the cursor', (_scenario, text) => {
    expect(() => decodeCaseCursor(text)).toThrow(InvalidInputError);
    expect(() => decodeCaseCursor(text)).toThrow(
      expect.objectContaining({ fields: [{ field: 'cursor', reason: 'cursor must be the nextCursor of a previous page' }] }),
    );
  });
});

describe('time cursors', () => {
  const cursor = { at: '2099-01-01T00:00:00.000000Z', id: '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01' };

  it('read back what they wrote', () => {
    expect(decodeTimeCursor(encodeTimeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    ['a time without microseconds', encodeTimeCursor({ ...cursor, at: '2099-01-01T00:00:00Z' })],
    ['an id that is not a UUID', encodeTimeCursor({ ...cursor, id: 'x' })],
  ])('refuse %s naming the cursor', (_scenario, text) => {
    expect(() => decodeTimeCursor(text)).toThrow(expect.objectContaining({ fields: [{ field: 'cursor', reason: 'cursor must be the nextCursor of a previous page' }] }));
  });
});
