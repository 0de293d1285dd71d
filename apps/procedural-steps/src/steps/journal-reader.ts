import { EntityManager } from 'typeorm';
import { assertRegionAccess, Principal } from '@icjims/auth';
import { NotFoundError } from '@icjims/contracts';
import { KnownCase } from '../known-cases/known-case.entity';

/** The case, if this principal may see it (a case of another region is a 403). */
export async function readableCase(manager: EntityManager, caseId: string, principal: Principal): Promise<KnownCase> {
  const known = await manager.findOneBy(KnownCase, { caseId });
  if (!known) throw new NotFoundError(`case ${caseId} is not known`);
  assertRegionAccess(principal, known.region);
  return known;
}
