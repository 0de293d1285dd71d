import type { CaseStatus } from '@icjims/contracts';
import type { JournalStep } from './journal-step';

/**
 * Why a step is refused. The rule for the status:
 * - 409: the step collides with what the journal already holds — the case is finished
 *   (`case-finished`), or the step already happened / its result already holds (`already-done`:
 *   a second verdict, releasing a person who is not detained, lifting a measure that is not running).
 * - 422: the order of procedure forbids it — the case is not in a stage where the step belongs
 *   (`wrong-stage`), a step it presupposes is missing (`missing-prerequisite`: a sentence without a
 *   conviction, extending a measure that is not running), it occurred before a step it depends on
 *   (`occurred-too-early`), a term that does not move forward (`invalid-term`), the person has left the
 *   case and the step is not one that ends their detention or a measure (`person-left`), a malformed
 *   step (`invalid-step`) or correction (`invalid-correction`), or a correction after which the
 *   journal no longer replays (`correction-breaks-journal`).
 */
export const REFUSAL_CODES = {
  'case-finished': 409,
  'already-done': 409,
  'wrong-stage': 422,
  'missing-prerequisite': 422,
  'occurred-too-early': 422,
  'invalid-term': 422,
  'person-left': 422,
  'invalid-step': 422,
  'invalid-correction': 422,
  'correction-breaks-journal': 422,
} as const;
export type RefusalCode = keyof typeof REFUSAL_CODES;

export interface Refusal {
  status: 409 | 422;
  code: RefusalCode;
  reason: string;
  /** The request field at fault, e.g. `personId`, `details.until`, `correction.correctsStepId`. */
  field?: string;
  /** For `correction-breaks-journal`: the step (original id) at which the corrected journal breaks. */
  stepId?: string;
}

/** Accepted: the steps to append (the one proposed) and the case status after them; or refused, saying why. */
export type Decision = { ok: true; steps: JournalStep[]; status: CaseStatus } | { ok: false; refusal: Refusal };

export function refusal(code: RefusalCode, reason: string, field?: string): Refusal {
  return field === undefined ? { status: REFUSAL_CODES[code], code, reason } : { status: REFUSAL_CODES[code], code, reason, field };
}

/** A step may not occur before the step its precondition rests on. */
export function notBefore(step: { occurredAt: Date }, since: Date | undefined, what: string): Refusal | undefined {
  if (since === undefined || step.occurredAt.getTime() >= since.getTime()) return undefined;
  return refusal('occurred-too-early', `occurredAt must not be before ${what} (${since.toISOString()})`, 'occurredAt');
}
