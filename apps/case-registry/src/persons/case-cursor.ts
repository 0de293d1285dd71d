import { InvalidInputError } from '@icjims/contracts';

/** Where a page of a person's cases ended: the last case's registration time (microseconds, UTC) and id. */
export interface CaseCursor {
  registeredAt: string;
  caseId: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque to clients: base64url of the JSON pair, so its shape can change without an API change. */
export function encodeCaseCursor(cursor: CaseCursor): string {
  return Buffer.from(JSON.stringify([cursor.registeredAt, cursor.caseId])).toString('base64url');
}

/** Reads a cursor this service made; anything else is invalid input naming `cursor`. */
export function decodeCaseCursor(text: string): CaseCursor {
  let pair: unknown;
  try {
    pair = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    pair = undefined;
  }
  if (!Array.isArray(pair) || pair.length !== 2 || !TIMESTAMP.test(String(pair[0])) || !UUID.test(String(pair[1]))) {
    throw new InvalidInputError('The request has 1 invalid field', [{ field: 'cursor', reason: 'cursor must be the nextCursor of a previous page' }]);
  }
  return { registeredAt: pair[0], caseId: pair[1] };
}
