import { DomainError, FieldProblem, Role } from '@icjims/contracts';

/** Pure rules about restricted person records; no framework, no database. */

/** A record's restriction as it stands on the row. */
export interface RestrictionState {
  restrictedUntil: Date | null;
  restrictedToSubs: string[];
  restrictedToRoles: string[];
}

/** Who is asking. */
export interface Consulter {
  sub: string;
  roles: readonly Role[];
}

/** Whether a restriction is in force at `now`: one past its date has lapsed on its own. */
export function isRestricted(record: RestrictionState, now: Date): boolean {
  return record.restrictedUntil !== null && record.restrictedUntil > now;
}

/** Whether `caller` may see the record: it is not restricted, or they are named by sub or by one of their roles. */
export function mayConsult(record: RestrictionState, caller: Consulter, now: Date): boolean {
  if (!isRestricted(record, now)) return true;
  return record.restrictedToSubs.includes(caller.sub) || caller.roles.some((role) => record.restrictedToRoles.includes(role));
}

/** A record restricted to others than the caller. Distinct from a 403 of role or region, so that clients (and auditors) tell them apart. */
export class RestrictedRecordError extends DomainError {
  readonly status = 403;
  readonly problemType = 'restricted-record';
  readonly title = 'Restricted record';
}

/** What a restriction request says. */
export interface RestrictionInput {
  subs?: string[];
  roles?: string[];
  until: string;
}

/**
 * Problems with a restriction: it must name someone who may still see the record (else
 * nobody could) and end in the future.
 */
export function restrictionProblems(input: RestrictionInput, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const subs = input.subs ?? [];
  const roles = input.roles ?? [];
  if (!subs.length && !roles.length) problems.push({ field: 'subs', reason: 'name at least one user in subs or one role in roles who may still see the record' });
  if (new Date(input.until) <= now) problems.push({ field: 'until', reason: 'until must be in the future' });
  return problems;
}
