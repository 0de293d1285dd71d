import { EntityManager } from 'typeorm';
import { assertRegionAccess, Principal } from '@icjims/auth';
import { NotFoundError } from '@icjims/contracts';
import { ChainVerifier } from '@icjims/integrity';
import { KnownCase } from '../known-cases/known-case.entity';
import { ChainVerificationDto } from './dto/step.dto';
import { storedStepLink } from './step-chain';
import { ProceduralStep } from './step.entity';

/** The case, if this principal may see it (a case of another region is a 403). */
export async function readableCase(manager: EntityManager, caseId: string, principal: Principal): Promise<KnownCase> {
  const known = await manager.findOneBy(KnownCase, { caseId });
  if (!known) throw new NotFoundError(`case ${caseId} is not known`);
  assertRegionAccess(principal, known.region);
  return known;
}

/** Recomputes the chain; the case's version and last hash are its head, so a step cut off the end shows too. */
export function verifyChain(known: KnownCase, steps: ProceduralStep[]): ChainVerificationDto {
  const verifier = new ChainVerifier();
  for (const step of steps) if (!verifier.feed(storedStepLink(step))) break;
  const { valid, checked, firstBrokenSeq } = verifier.verdict({ lastSeq: known.version, lastHash: known.lastHash });
  if (valid) return { valid, checked };
  const broken = steps.find((step) => step.sequence === firstBrokenSeq);
  return { valid, checked, firstBrokenSequence: firstBrokenSeq, ...(broken ? { firstBrokenStepId: broken.id } : {}) };
}
