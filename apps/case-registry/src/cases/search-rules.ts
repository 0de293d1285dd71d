/** Pure rules of case search: who sees which region. No framework, no database. */
import { isNational, Principal } from '@icjims/auth';
import { ForbiddenError } from '@icjims/contracts';

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
