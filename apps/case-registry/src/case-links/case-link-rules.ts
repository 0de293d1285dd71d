/** Pure rules of joining cases and splitting a case; no framework, no database. */
import { CaseStatus, FieldProblem, InvalidInputError, PersonRole, RuleViolationError } from '@icjims/contracts';
import { assertCaseOpen, FINAL_STATUSES } from '../cases/case-rules';

export const CASE_LINK_KINDS = ['join', 'split'] as const;
export type CaseLinkKind = (typeof CASE_LINK_KINDS)[number];

export interface LinkableCase {
  id: string;
  caseNumber: string;
  status: CaseStatus;
}

export interface HeldRole {
  personId: string;
  role: PersonRole;
}

/** A join names another case; checked before anything is read. */
export function assertJoinsAnother(caseId: string, intoCaseId: string): void {
  if (caseId === intoCaseId) {
    throw new InvalidInputError('The request has 1 invalid field', [{ field: 'intoCaseId', reason: 'intoCaseId must be another case than the one joined' }]);
  }
}

/**
 * Refuses a join the rules do not allow: a closed or joined case is joined into nothing,
 * and nothing is joined into a closed case or a joined one (join into where that one went).
 */
export function assertJoinable(joined: LinkableCase, into: LinkableCase): void {
  assertCaseOpen(joined.status, 'joined into another');
  if (FINAL_STATUSES.includes(into.status)) {
    const reason = `case ${into.caseNumber} is ${into.status}: nothing can be joined into it`;
    throw new RuleViolationError(reason, [{ field: 'intoCaseId', reason }]);
  }
  // Its proceedings have ended: the standing, detentions and clocks joined in could not go on there.
  if (into.status === 'terminated') {
    const reason = `case ${into.caseNumber} is terminated: resume its proceedings before joining a case into it`;
    throw new RuleViolationError(reason, [{ field: 'intoCaseId', reason }]);
  }
}

/**
 * The roles that a split moves: every role the named persons hold in the source case.
 * A named person who holds none there is a 422 naming personIds.
 */
export function rolesToSplit<Role extends HeldRole>(source: LinkableCase, held: Role[], personIds: string[]): Role[] {
  assertCaseOpen(source.status, 'split');
  const holding = new Set(held.map((role) => role.personId));
  const problems: FieldProblem[] = personIds
    .filter((personId) => !holding.has(personId))
    .map((personId) => ({ field: 'personIds', reason: `person ${personId} holds no role in case ${source.caseNumber}` }));
  if (problems.length) throw new RuleViolationError(`${problems.length} of the persons named hold no role in case ${source.caseNumber}`, problems);
  const named = new Set(personIds);
  return held.filter((role) => named.has(role.personId));
}

/** The description of a split-off case when the request gives none; never the source's own, which may be about other persons. */
export function splitDescription(sourceCaseNumber: string): string {
  return `Split off case ${sourceCaseNumber}`;
}

/** Why a moved role ended in the source case, kept with the role row. */
export function splitRemovalReason(newCaseNumber: string): string {
  return `split off into case ${newCaseNumber}`;
}
