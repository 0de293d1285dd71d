import { ForbiddenError, Role } from '@icjims/contracts';

/** Who is calling, as established from a verified token. */
export interface Principal {
  sub: string;
  roles: Role[];
  /** The jurisdiction; undefined means national. */
  region?: string;
  /** The probation office of a probation officer or supervisor (the `office` claim), when the token names one. */
  office?: string;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

export function isNational(principal: Principal): boolean {
  return principal.region === undefined;
}

/** Refuses access to a resource of another region than the caller's. */
export function assertRegionAccess(principal: Principal, region: string): void {
  if (!isNational(principal) && principal.region !== region) {
    throw new ForbiddenError(`region ${principal.region} may not access resources of region ${region}`);
  }
}

