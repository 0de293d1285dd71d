import type { Principal } from '@icjims/auth';
import { ForbiddenError } from '@icjims/contracts';
import type { Actor } from '../domain';

/**
 * Whether a caller may reach a probation stream: a regional caller only their region's; an
 * office-bound caller (the token's `office`) only their office's and those of the region not yet
 * allocated to an office. A stream out of reach is a 403, as another region's case is everywhere
 * (and a probation case is, in probation-cases/).
 */
export function mayReach(principal: Principal, stream: { region: string; office: string | null }): boolean {
  if (principal.region !== undefined && principal.region !== stream.region) return false;
  return principal.office === undefined || stream.office === null || stream.office === principal.office;
}

export function assertReach(principal: Principal, stream: { region: string; office: string | null }, what: string): void {
  if (!mayReach(principal, stream)) throw new ForbiddenError(`${what} is not of the caller’s region and office`);
}

/** The caller as the legal order sees them. */
export function actorOf(principal: Principal): Actor {
  return { sub: principal.sub, roles: principal.roles, ...(principal.office !== undefined && { office: principal.office }) };
}
