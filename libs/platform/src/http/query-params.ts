import { Transform } from 'class-transformer';
import { InvalidInputError } from '@icjims/contracts';
import { DATE_TIME } from './date-time';

/** Query strings are text: digits only become a number; anything else stays a string and fails @IsInt, naming the field. */
export const IntegerQuery = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value));

/** What one part of a cursor's key must be; a cursor goes into SQL, so every part is checked. */
export type CursorPart = (part: unknown) => boolean;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const CURSOR_PARTS = {
  dateTime: (part: unknown) => typeof part === 'string' && DATE_TIME.test(part) && !Number.isNaN(Date.parse(part)),
  uuid: (part: unknown) => typeof part === 'string' && UUID.test(part),
} satisfies Record<string, CursorPart>;

/**
 * Opaque keyset cursors: the sort key of the last item of a page, base64url JSON. Stable
 * under inserts, unlike offsets. A cursor that does not decode to parts of the given kinds is
 * a 400 naming `cursor`.
 */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, parts: readonly CursorPart[]): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === parts.length && parts.every((isPart, index) => isPart(key[index]))) return key;
  } catch {
    // falls through to the refusal below
  }
  throw new InvalidInputError('cursor is not valid', [{ field: 'cursor', reason: 'cursor must be the nextCursor of a previous page' }]);
}
