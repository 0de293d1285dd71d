import { randomUUID } from 'node:crypto';
import { CaseStatus, ConflictError, DomainError, RuleViolationError } from '@icjims/contracts';
import { decide, JournalStep, Refusal, replay } from '../legal-order';
import { KnownCase } from '../known-cases/known-case.entity';
import { StepTypes } from '../step-types/step-types';

/**
 * The legal order, applied to a proposed step: the journal so far is replayed under the
 * rules and the step decided against the state it leads to. Returns the case status after
 * the step; a refusal becomes a 409 (the step collides with what the journal holds) or a
 * 422 (the order of procedure forbids it), saying why.
 */
export function checkLegalOrder(known: KnownCase, journal: JournalStep[], proposal: Omit<JournalStep, 'stepId'>, stepTypes: StepTypes): CaseStatus {
  const replayed = replay(journal, { receivedAt: known.receivedAt, stepTypes });
  if (!replayed.ok) {
    // Only a change of the rules themselves can make a stored journal stop replaying.
    throw new ConflictError(`the journal no longer fits the rules at step ${replayed.atStepId} (${replayed.refusal.reason}); correct that step first`);
  }
  const decision = decide(replayed.state, { stepId: randomUUID(), ...proposal });
  if (!decision.ok) throw refusalError(decision.refusal);
  return decision.status;
}

function refusalError(refusal: Refusal): DomainError {
  const fields = refusal.field ? [{ field: refusal.field, reason: refusal.reason }] : [];
  const message = `${refusal.reason} (${refusal.code})`;
  return refusal.status === 409 ? new ConflictError(message, fields) : new RuleViolationError(message, fields);
}
