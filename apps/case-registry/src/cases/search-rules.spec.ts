import { ForbiddenError, InvalidInputError } from '@icjims/contracts';
import { decodeCursor, encodeCursor, searchRegion } from './search-rules';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('searchRegion', () => {
  const tallinnProsecutor = { sub: 'p-1', roles: ['prosecutor' as const], region: 'EE-37' };
  const nationalAdmin = { sub: 'a-1', roles: ['admin' as const] };

  it('confines a regional caller without a filter to their own region', () => {
    expect(searchRegion(tallinnProsecutor, undefined)).toBe('EE-37');
  });

  it('lets a regional caller name their own region', () => {
    expect(searchRegion(tallinnProsecutor, 'EE-37')).toBe('EE-37');
  });

  it('refuses a regional caller another region', () => {
    expect(() => searchRegion(tallinnProsecutor, 'EE-78')).toThrow(ForbiddenError);
  });

  it('lets a national caller search every region, or one', () => {
    expect(searchRegion(nationalAdmin, undefined)).toBeUndefined();
    expect(searchRegion(nationalAdmin, 'EE-78')).toBe('EE-78');
  });
});

describe('cursor', () => {
  const position = { registeredAt: new Date('2026-11-20T10:00:00.123Z'), id: '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01' };

  it('round-trips a position through an opaque URL-safe token', () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ['not base64 JSON', 'not a cursor'],
    ['a JSON object', Buffer.from('{"a":1}').toString('base64url')],
    ['a bad date', Buffer.from(JSON.stringify(['yesterday', position.id])).toString('base64url')],
    ['a bad id', Buffer.from(JSON.stringify([position.registeredAt.toISOString(), 'x'])).toString('base64url')],
  ])('refuses %s naming the cursor', (_label, cursor) => {
    const error = thrownBy(() => decodeCursor(cursor));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ fields: [{ field: 'cursor', reason: 'cursor must be a nextCursor from an earlier page' }] });
  });
});
