import { EntityManager } from 'typeorm';
import { assertRegionAccess, Principal } from '@icjims/auth';
import { NotFoundError } from '@icjims/contracts';
import { CriminalCase } from './case.entity';

/**
 * The case, if it exists (404) and belongs to the caller's region (403). `forUpdate` locks
 * it until the transaction ends, for changes that depend on its current state.
 */
export async function findAccessibleCase(manager: EntityManager, caseId: string, principal: Principal, forUpdate = false): Promise<CriminalCase> {
  const found = await manager.findOne(CriminalCase, { where: { id: caseId }, ...(forUpdate && { lock: { mode: 'pessimistic_write' as const } }) });
  return accessibleCase(found, caseId, principal);
}

/** `found`, the case `caseId` as read, if it exists (404) and belongs to the caller's region (403). */
export function accessibleCase(found: CriminalCase | null | undefined, caseId: string, principal: Principal): CriminalCase {
  if (!found) throw new NotFoundError(`case ${caseId} does not exist`);
  assertRegionAccess(principal, found.region);
  return found;
}
