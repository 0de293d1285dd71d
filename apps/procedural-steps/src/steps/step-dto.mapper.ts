import type { Jurisdiction } from '@icjims/jurisdiction';
import { StepDto } from './dto/step.dto';
import { ProceduralStep } from './step.entity';

/** The step as the API shows it; `recordedLate` by the pack's recording term of steps. */
export function toStepDto(step: ProceduralStep, jurisdiction: Jurisdiction): StepDto {
  return {
    id: step.id,
    caseId: step.caseId,
    sequence: step.sequence,
    stepType: step.stepType,
    occurredAt: step.occurredAt.toISOString(),
    recordedAt: step.recordedAt.toISOString(),
    recordedLate: jurisdiction.recordedLate('step', step.occurredAt, step.recordedAt),
    recordedBy: step.recordedBy,
    personId: step.personId,
    details: step.details,
    correctsStepId: step.correctsStepId,
    hash: step.hash,
  };
}
