import { EntityManager } from 'typeorm';
import { FieldProblem } from '@icjims/contracts';
import { Offence } from './offence.entity';

/** The classification a case records when registered: the offence as it was then, titled in English. */
export interface Classification {
  article: string;
  title: string;
  severity: string;
  iccsCode: string;
  iccsSection: string;
}

/**
 * The reference offence of an article, or null. Locked (FOR KEY SHARE) like the
 * jurisdiction, so that an admin cannot remove it before the caller's write commits.
 */
export async function lockedOffence(manager: EntityManager, article: string): Promise<Classification | null> {
  const offence = await manager.findOne(Offence, { where: { article }, lock: { mode: 'for_key_share' } });
  return offence && { article, title: offence.labels.en, severity: offence.severity, iccsCode: offence.iccsCode, iccsSection: offence.iccsSection };
}

export function unknownOffence(field: string): FieldProblem {
  return { field, reason: `${field} must be an article from GET /api/v1/reference/offences` };
}
