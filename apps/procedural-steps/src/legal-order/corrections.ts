import { stepTypeSpec } from '../step-types/step-catalogue';
import { CORRECTION_ACTIONS, CORRECTION_REASON_MAX_LENGTH, Correction, EffectiveStep, JournalStep } from './journal-step';
import { Refusal, refusal } from './refusal';

function invalid(reason: string, field: string): Refusal {
  return refusal('invalid-correction', reason, field);
}

/**
 * Whether a correction step can apply to the journal recorded so far: it names a step of this
 * journal that still stands, that is not itself a correction (correct the original step again
 * instead) and that people recorded (system steps are corrected where they come from).
 */
export function correctionRefusal(recorded: readonly JournalStep[], effective: readonly EffectiveStep[], step: JournalStep): Refusal | undefined {
  const correction = step.correction;
  if (!correction) return invalid('a correction step carries correction: correctsStepId, reason and action', 'correction');
  if (typeof correction.reason !== 'string' || correction.reason.trim() === '' || correction.reason.length > CORRECTION_REASON_MAX_LENGTH) {
    return invalid(`correction.reason must say why, in at most ${CORRECTION_REASON_MAX_LENGTH} characters`, 'correction.reason');
  }
  if (!CORRECTION_ACTIONS.includes(correction.action)) return invalid(`correction.action must be one of: ${CORRECTION_ACTIONS.join(', ')}`, 'correction.action');
  const target = recorded.find((candidate) => candidate.stepId === correction.correctsStepId);
  if (!target) return invalid(`step ${correction.correctsStepId} is not in this case’s journal`, 'correction.correctsStepId');
  if (target.correction) return invalid('a correction is not corrected: correct the original step again', 'correction.correctsStepId');
  if (stepTypeSpec(target.stepType)?.roles.length === 0) {
    return invalid(`${target.stepType} is recorded by the system and corrected where it comes from`, 'correction.correctsStepId');
  }
  if (!effective.some((candidate) => candidate.stepId === target.stepId)) {
    return refusal('already-done', `step ${target.stepId} has already been annulled`, 'correction.correctsStepId');
  }
  if (correction.action === 'amend') {
    if (correction.occurredAt === undefined && correction.personId === undefined && correction.details === undefined) {
      return invalid('an amendment gives a new occurredAt, personId or details', 'correction');
    }
    if (correction.occurredAt && Number.isNaN(correction.occurredAt.getTime())) return invalid('correction.occurredAt must be a date-time', 'correction.occurredAt');
  }
  return undefined;
}

/** The effective journal with one (valid) correction applied. */
export function applyCorrection(effective: readonly EffectiveStep[], correction: Correction, correctionStepId: string): EffectiveStep[] {
  if (correction.action === 'annul') return effective.filter((step) => step.stepId !== correction.correctsStepId);
  return effective.map((step) =>
    step.stepId !== correction.correctsStepId
      ? step
      : {
          ...step,
          occurredAt: correction.occurredAt ?? step.occurredAt,
          personId: correction.personId ?? step.personId,
          details: correction.details ?? step.details,
          correctedBy: [...step.correctedBy, correctionStepId],
        },
  );
}

export function effectiveStepOf(step: JournalStep): EffectiveStep {
  const { stepId, stepType, occurredAt, personId, details } = step;
  return personId === undefined ? { stepId, stepType, occurredAt, details, correctedBy: [] } : { stepId, stepType, occurredAt, personId, details, correctedBy: [] };
}

/**
 * The journal as it stands with every correction applied, in recording order. Total: a
 * correction the rules would refuse (none is ever accepted) is left out rather than thrown on.
 */
export function effectiveJournal(steps: readonly JournalStep[]): EffectiveStep[] {
  let effective: EffectiveStep[] = [];
  steps.forEach((step, index) => {
    if (step.stepType !== 'correction') effective.push(effectiveStepOf(step));
    else if (step.correction && !correctionRefusal(steps.slice(0, index), effective, step)) effective = applyCorrection(effective, step.correction, step.stepId);
  });
  return effective;
}
