import { EntityManager } from 'typeorm';
import { FieldProblem } from '@icjims/contracts';
import { runStatement, Statement } from '@icjims/persistence';

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
  return offenceFrom(article, (await runStatement(manager, offenceLookup(article)))[0]);
}

/**
 * The statement of `lockedOffence`, to send with others (queryTogether). Plain SQL: on every
 * registration, where TypeORM's query building for a locked findOne costs more than the lookup.
 */
export function offenceLookup(article: string): Statement {
  return { name: 'offence-lookup', text: `SELECT labels->>'en' AS title, severity, iccs_code, iccs_section FROM offences WHERE article = $1 FOR KEY SHARE`, values: [article] };
}

/** The classification of `article` from the row `offenceLookup` found, if any. */
export function offenceFrom(article: string, row: unknown): Classification | null {
  const offence = row as { title: string; severity: string; iccs_code: string; iccs_section: string } | undefined;
  return offence ? { article, title: offence.title, severity: offence.severity, iccsCode: offence.iccs_code, iccsSection: offence.iccs_section } : null;
}

export function unknownOffence(field: string): FieldProblem {
  return { field, reason: `${field} must be an article from GET /api/v1/reference/offences` };
}
