import { EntityManager } from 'typeorm';
import { assertRegionAccess, Principal } from '@icjims/auth';
import { NotFoundError } from '@icjims/contracts';
import { entitiesFromRows, entityColumns, readTogether } from '@icjims/persistence';
import { KnownCase } from '../known-cases/known-case.entity';
import { ProceduralStep } from './step.entity';

/** The case, if this principal may see it (a case of another region is a 403). */
export async function readableCase(manager: EntityManager, caseId: string, principal: Principal): Promise<KnownCase> {
  return readable(await manager.findOneBy(KnownCase, { caseId }), caseId, principal);
}

/**
 * The case, if this principal may see it, and its journal in order: one message, on one snapshot
 * (readTogether). The steps are read before the case is known to be the caller's, and not used
 * unless it is.
 */
export async function readableJournal(manager: EntityManager, caseId: string, principal: Principal): Promise<{ known: KnownCase; steps: ProceduralStep[] }> {
  const [caseRows, stepRows] = await readTogether(manager, [
    { text: `SELECT ${entityColumns(manager, KnownCase, 'k')} FROM known_cases k WHERE k.case_id = $1`, values: [caseId] },
    { text: `SELECT ${entityColumns(manager, ProceduralStep, 's')} FROM steps s WHERE s.case_id = $1 ORDER BY s.sequence`, values: [caseId] },
  ]);
  const known = readable(entitiesFromRows(manager, KnownCase, caseRows)[0], caseId, principal);
  return { known, steps: entitiesFromRows(manager, ProceduralStep, stepRows) };
}

function readable(known: KnownCase | null | undefined, caseId: string, principal: Principal): KnownCase {
  if (!known) throw new NotFoundError(`case ${caseId} is not known`);
  assertRegionAccess(principal, known.region);
  return known;
}
