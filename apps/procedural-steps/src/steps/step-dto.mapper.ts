import { StepDto } from './dto/step.dto';
import { ProceduralStep } from './step.entity';

/** Recording more than this after the step happened is flagged as late. */
export const LATE_RECORDING_MS = 24 * 60 * 60 * 1000;

export function toStepDto(step: ProceduralStep): StepDto {
  return {
    id: step.id,
    caseId: step.caseId,
    sequence: step.sequence,
    stepType: step.stepType,
    occurredAt: step.occurredAt.toISOString(),
    recordedAt: step.recordedAt.toISOString(),
    recordedLate: step.recordedAt.getTime() - step.occurredAt.getTime() > LATE_RECORDING_MS,
    recordedBy: step.recordedBy,
    personId: step.personId,
    details: step.details,
    correctsStepId: step.correctsStepId,
    hash: step.hash,
  };
}
