import { InvalidInputError } from '@icjims/contracts';
import { decodeCaseCursor, encodeCaseCursor } from './case-cursor';

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
