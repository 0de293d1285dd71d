import { EntityManager } from 'typeorm';
import { FieldProblem } from '@icjims/contracts';
import { Offence } from './offence.entity';

/**
 * The reference offence of an article, or null. Locked (FOR KEY SHARE) like the
 * jurisdiction, so that an admin cannot remove it before the caller's write commits.
 */
export function lockedOffence(manager: EntityManager, article: string): Promise<Offence | null> {
  return manager.findOne(Offence, { where: { article }, lock: { mode: 'for_key_share' } });
}

export function unknownOffence(field: string): FieldProblem {
  return { field, reason: `${field} must be an article from GET /api/v1/reference/offences` };
}
