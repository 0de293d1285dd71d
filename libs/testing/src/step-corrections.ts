import { randomUUID } from 'node:crypto';
import { CloudEvent, StepCorrected, StepCorrectedV1, StepRecorded, StepRecordedV1 } from '@icjims/contracts';
import { cloudEvent } from './events';

/**
 * The two events of a correction of `step`, in the order procedural-steps emits them: the
 * correction's own step.recorded (stepType `correction`, dated as the step it corrects), then
 * step.corrected, whose data `correction` completes or overrides.
 */
export function stepCorrection(
  step: StepRecordedV1,
  correction: Pick<StepCorrectedV1, 'action'> & Partial<StepCorrectedV1>,
): [CloudEvent<StepRecordedV1>, CloudEvent<StepCorrectedV1>] {
  const { caseId, region } = step;
  const corrected = cloudEvent(StepCorrected, caseId, { caseId, region, correctionStepId: randomUUID(), correctedStepId: step.stepId, stepType: step.stepType, ...correction });
  const recorded = cloudEvent(StepRecorded, caseId, {
    stepId: corrected.data.correctionStepId,
    caseId,
    region,
    sequence: step.sequence + 1,
    stepType: 'correction',
    occurredAt: step.occurredAt,
    recordedAt: step.recordedAt,
    details: { action: corrected.data.action },
    correctsStepId: step.stepId,
  });
  return [recorded, corrected];
}
