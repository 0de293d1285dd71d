import type { Correction, JournalStep } from '../legal-order/journal-step';
import { ProceduralStep } from './step.entity';
import { StepDetails } from './step-rules';

/** A stored step as the legal-order rules read it. */
export function toJournalStep(step: ProceduralStep): JournalStep {
  return {
    stepId: step.id,
    stepType: step.stepType,
    occurredAt: step.occurredAt,
    ...(step.personId ? { personId: step.personId } : {}),
    details: step.details,
    ...(step.correctsStepId && step.correction ? { correction: toCorrection(step.correctsStepId, step.correction) } : {}),
  };
}

function toCorrection(correctsStepId: string, stored: NonNullable<ProceduralStep['correction']>): Correction {
  const reason = String(stored.reason);
  if (stored.action === 'annul') return { correctsStepId, reason, action: 'annul' };
  return {
    correctsStepId,
    reason,
    action: 'amend',
    ...(typeof stored.occurredAt === 'string' ? { occurredAt: new Date(stored.occurredAt) } : {}),
    ...(typeof stored.personId === 'string' ? { personId: stored.personId } : {}),
    ...(stored.details && typeof stored.details === 'object' ? { details: stored.details as StepDetails } : {}),
  };
}
