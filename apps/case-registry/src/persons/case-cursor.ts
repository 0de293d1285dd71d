import { decodeCursor, encodeCursor, CURSOR_PARTS } from '@icjims/platform';

/** Where a page of a person's cases ended: the last case's registration time (microseconds, UTC) and id. */
export interface CaseCursor {
  registeredAt: string;
  caseId: string;
}

/** The time as PostgreSQL keeps it, to the microsecond, so that the next page starts exactly after it. */
const MICROSECOND_TIME = (part: unknown) => typeof part === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(part);

export function encodeCaseCursor(cursor: CaseCursor): string {
  return encodeCursor([cursor.registeredAt, cursor.caseId]);
}

/** Reads a cursor this service made; anything else is invalid input naming `cursor`. */
export function decodeCaseCursor(text: string): CaseCursor {
  const [registeredAt, caseId] = decodeCursor(text, [MICROSECOND_TIME, CURSOR_PARTS.uuid]);
  return { registeredAt, caseId };
}

/** Where a page of another list ordered by a time and an id ended (restrictions by lapse, identity reviews by opening). */
export interface TimeCursor {
  /** To the microsecond, UTC, as PostgreSQL keeps it. */
  at: string;
  id: string;
}

export function encodeTimeCursor(cursor: TimeCursor): string {
  return encodeCursor([cursor.at, cursor.id]);
}

/** Reads a cursor this service made; anything else is invalid input naming `cursor`. */
export function decodeTimeCursor(text: string): TimeCursor {
  const [at, id] = decodeCursor(text, [MICROSECOND_TIME, CURSOR_PARTS.uuid]);
  return { at, id };
}
