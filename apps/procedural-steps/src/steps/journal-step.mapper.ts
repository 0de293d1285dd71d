import { correctionFromDetails, JournalStep } from '../legal-order';
import { ProceduralStep } from './step.entity';

/** A stored step as the legal-order rules read it. */
export function toJournalStep(step: ProceduralStep): JournalStep {
  return {
    stepId: step.id,
    stepType: step.stepType,
    occurredAt: step.occurredAt,
    ...(step.personId ? { personId: step.personId } : {}),
    details: step.correctsStepId ? {} : step.details,
    ...(step.correctsStepId ? { correction: correctionFromDetails(step.correctsStepId, step.details) } : {}),
  };
}
