/** What a correction of the court's decision does to its probation cases; no framework, no database. */
import type { CorrectionAction, ProbationAnnulmentGround, ProbationCaseStatus } from '@icjims/contracts';
import type { Intake, IntakeDecision, RecordedStep } from './intake';
import { Conditions, sameConditions, Sentence, Supervision } from './probation-rules';

/** A probation case of a sentencing step, as far as corrections of that step matter. */
export interface CaseOfSentence extends Supervision, Conditions {
  status: ProbationCaseStatus;
  annulledByStepId: string | null;
  annulmentGround: ProbationAnnulmentGround | null;
}

/** A correction of a sentencing step: what it did, and how the step now stands (absent when annulled). */
export interface SentenceCorrection {
  correctedStepId: string;
  correctionStepId: string;
  /** The corrected step's type; a correction never changes it. */
  stepType: string;
  action: CorrectionAction;
  standsAs?: Sentence;
}

export type CorrectionDecision<C extends CaseOfSentence> =
  | { action: 'ignore' }
  | { action: 'open'; intake: Intake }
  | { action: 'amend'; probationCase: C; supervision: Supervision & Conditions }
  | { action: 'annul'; probationCase: C; ground: ProbationAnnulmentGround }
  | { action: 'refuse'; problem: string };

/**
 * What a correction of a sentencing step does to the step's probation cases. At most one of
 * them stands (is not annulled); the others were annulled by earlier corrections that made
 * the sentence something other than probation. The step as it stands is read as intake reads
 * a new one, so the pack's case types decide what it opens: the term, start and person, and
 * the case type, obligations and community-work hours a correction may change too.
 */
export function decideOnCorrection<C extends CaseOfSentence>(
  cases: readonly C[],
  correction: SentenceCorrection,
  /** What a step places under supervision: intake.ts's `intakeUnder(pack, timeZone)`. */
  intakeOf: (step: RecordedStep) => IntakeDecision,
): CorrectionDecision<C> {
  // The same correction again (a replay under another event id) has had its effect.
  if (cases.some((found) => found.annulledByStepId === correction.correctionStepId)) return { action: 'ignore' };
  // procedural-steps refuses to correct an annulled step, so this is an event out of order or out of place.
  if (cases.some((found) => found.annulmentGround === 'sentence_annulled')) {
    return { action: 'refuse', problem: 'the sentence was annulled before; an annulled step cannot be corrected again' };
  }
  const standing = cases.find((found) => found.status !== 'annulled');
  if (correction.action === 'annul') return standing ? { action: 'annul', probationCase: standing, ground: 'sentence_annulled' } : { action: 'ignore' };

  const sentence = correction.standsAs;
  if (!sentence) return { action: 'refuse', problem: 'an amendment must say what the step stands as (standsAs)' };
  const intake = intakeOf({ stepId: correction.correctedStepId, stepType: correction.stepType, ...sentence });
  if ('problem' in intake) return { action: 'refuse', problem: `${intake.problem.field}: ${intake.problem.reason}` };
  if (!intake.opens) return standing ? { action: 'annul', probationCase: standing, ground: 'sentence_no_longer_probation' } : { action: 'ignore' };
  if (!standing) return { action: 'open', intake: intake.intake };
  const { sourceStepId: _source, ...supervision } = intake.intake;
  return sameSupervision(standing, supervision) && sameConditions(standing, supervision) ? { action: 'ignore' } : { action: 'amend', probationCase: standing, supervision };
}

function sameSupervision(a: Supervision, b: Supervision): boolean {
  return a.personId === b.personId && a.termMonths === b.termMonths && a.startsOn === b.startsOn && a.endsOn === b.endsOn;
}
