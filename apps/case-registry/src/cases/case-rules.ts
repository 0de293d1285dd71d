/** Pure rules of case registration; no framework, no database. */
import { CaseStatus, FieldProblem, RuleViolationError } from '@icjims/contracts';

/** How far a client clock may run ahead of ours before a time counts as "in the future". */
export const CLOCK_SKEW_MS = 2 * 60 * 1000;

export interface RegistrationTimes {
  receivedAt: Date;
  registeredAt: Date;
  offenceCommittedAt?: Date;
}

/** Field problems with the times of a registration, checked against `now`. */
export function registrationTimeProblems({ receivedAt, registeredAt, offenceCommittedAt }: RegistrationTimes, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const latest = now.getTime() + CLOCK_SKEW_MS;
  const times: [string, Date | undefined][] = [['registeredAt', registeredAt], ['receivedAt', receivedAt], ['offenceCommittedAt', offenceCommittedAt]];
  for (const [field, time] of times) {
    if (time && time.getTime() > latest) problems.push({ field, reason: `${field} must not be in the future` });
  }
  if (receivedAt.getTime() > registeredAt.getTime()) problems.push({ field: 'receivedAt', reason: 'receivedAt must not be after registeredAt' });
  if (offenceCommittedAt && offenceCommittedAt.getTime() > receivedAt.getTime()) {
    problems.push({ field: 'offenceCommittedAt', reason: 'offenceCommittedAt must not be after receivedAt' });
  }
  return problems;
}

/** Statuses after which nobody is assigned to or moves the case any more. */
export const FINAL_STATUSES: readonly CaseStatus[] = ['closed', 'joined'];

/** Refuses changing who conducts a case, or where, once it is closed or joined into another. */
export function assertCaseOpen(status: CaseStatus, change: string): void {
  if (FINAL_STATUSES.includes(status)) throw new RuleViolationError(`a ${status} case cannot be ${change}`);
}
