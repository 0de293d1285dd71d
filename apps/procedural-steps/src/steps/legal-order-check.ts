import { randomUUID } from 'node:crypto';
import { CaseStatus, ConflictError, DomainError, FieldProblem } from '@icjims/contracts';
import { textsIn } from '../i18n/texts';
import { decide, JournalStep, Refusal, replay } from '../legal-order';
import { KnownCase } from '../known-cases/known-case.entity';
import { StepTypes } from '../step-types/step-types';

/**
 * The legal order, applied to a proposed step: the journal so far is replayed under the
 * rules and the step decided against the state it leads to. Returns the case status after
 * the step; a refusal becomes a 409 (the step collides with what the journal holds) or a
 * 422 (the order of procedure forbids it), saying why.
 */
export function checkLegalOrder(known: KnownCase, journal: JournalStep[], proposal: Omit<JournalStep, 'stepId'>, stepTypes: StepTypes, language = 'en'): CaseStatus {
  const replayed = replay(journal, { receivedAt: known.receivedAt, stepTypes });
  if (!replayed.ok) {
    // Only a change of the rules themselves can make a stored journal stop replaying.
    throw new ConflictError(`the journal no longer fits the rules at step ${replayed.atStepId} (${replayed.refusal.reason}); correct that step first`);
  }
  const decision = decide(replayed.state, { stepId: randomUUID(), ...proposal });
  if (!decision.ok) throw new LegalOrderRefusalError(decision.refusal, language);
  return decision.status;
}

/**
 * A step the legal order refuses: 409 `conflict` or 422 `rule-violation`, as ConflictError and
 * RuleViolationError, with the problem's title in the request's language (its type never changes).
 */
export class LegalOrderRefusalError extends DomainError {
  readonly status: 409 | 422;
  readonly problemType: 'conflict' | 'rule-violation';
  readonly title: string;

  constructor(refusal: Refusal, language: string) {
    const fields: FieldProblem[] = refusal.field ? [{ field: refusal.field, reason: refusal.reason }] : [];
    super(`${refusal.reason} (${refusal.code})`, fields);
    this.status = refusal.status;
    this.problemType = refusal.status === 409 ? 'conflict' : 'rule-violation';
    this.title = textsIn(language).problemTitles[this.problemType];
  }
}
