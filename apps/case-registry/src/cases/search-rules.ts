/** Pure rules of case search: who sees which region, and the page cursor. No framework, no database. */
import { isNational, Principal } from '@icjims/auth';
import { ForbiddenError, InvalidInputError } from '@icjims/contracts';

/**
 * The region a search is confined to: a regional caller's own (naming another is 403); for
 * a national caller the one asked for, or undefined for all regions.
 */
export function searchRegion(principal: Principal, requested: string | undefined): string | undefined {
  if (isNational(principal)) return requested;
  if (requested !== undefined && requested !== principal.region) {
    throw new ForbiddenError(`region ${principal.region} may not search the cases of region ${requested}`);
  }
  return principal.region;
}

/** Where a page ended: pages run newest registration first, ties broken by id. */
export interface SearchPosition {
  registeredAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An opaque token for the position; clients pass it back unchanged. */
export function encodeCursor({ registeredAt, id }: SearchPosition): string {
  return Buffer.from(JSON.stringify([registeredAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): SearchPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === 'string' && typeof decoded[1] === 'string' && UUID.test(decoded[1])) {
    const registeredAt = new Date(decoded[0]);
    if (!Number.isNaN(registeredAt.getTime())) return { registeredAt, id: decoded[1] };
  }
  throw new InvalidInputError('The request has 1 invalid field', [{ field: 'cursor', reason: 'cursor must be a nextCursor from an earlier page' }]);
}
