import { Transform } from 'class-transformer';
import { InvalidInputError } from '@icjims/contracts';

/** An RFC 3339 date-time: date, time and offset (IsISO8601 alone also lets week and ordinal dates through). */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Query strings are text: digits only become a number; anything else stays a string and fails @IsInt, naming the field. */
export const IntegerQuery = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value));

/**
 * Opaque keyset cursors: the sort key of the last item of a page, base64url JSON. Stable
 * under inserts, unlike offsets. A cursor that does not decode is a 400 naming `cursor`.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((part) => typeof part === 'string' || typeof part === 'number')) return key;
  } catch {
    // falls through to the refusal below
  }
  throw new InvalidInputError('cursor is not valid', [{ field: 'cursor', reason: 'cursor must be the nextCursor of a previous page' }]);
}
