import { isNational, Principal } from '@icjims/auth';
import { ForbiddenError } from '@icjims/contracts';

/** What a data-subject request touches spans every region: only national callers may. */
export function assertNationalCaller(principal: Principal, what: string): void {
  if (!isNational(principal)) throw new ForbiddenError(`${what} are national: only a caller without a region may use them`);
}
