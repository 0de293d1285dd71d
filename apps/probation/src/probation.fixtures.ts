import { randomUUID } from 'node:crypto';
import { CaseRegistered, CaseRegisteredV1, CaseTransferred, CaseTransferredV1, CloudEvent, CorrectedStepValues, StepCorrectedV1, StepRecorded, StepRecordedV1 } from '@icjims/contracts';
import { cloudEvent, stepCorrection } from '@icjims/testing';

/** Test fixtures: events as procedural-steps publishes them. */

/** A StepRecorded event; a probation sentence unless overridden. */
export function stepRecorded(data: Partial<StepRecordedV1> = {}): CloudEvent<StepRecordedV1> {
  const caseId = data.caseId ?? randomUUID();
  return cloudEvent(StepRecorded, caseId, {
    stepId: randomUUID(),
    caseId,
    region: 'KG-GB',
    sequence: 5,
    stepType: 'sentence',
    occurredAt: '2026-01-31T10:00:00Z',
    recordedAt: '2026-01-31T10:00:01Z',
    personId: randomUUID(),
    details: { sentenceType: 'probation', termMonths: 13 },
    ...data,
  });
}

/** What `step` stands as after an amendment that changes `changes` (details given replace all details). */
export function amended(step: StepRecordedV1, changes: Partial<CorrectedStepValues> = {}): CorrectedStepValues {
  return { occurredAt: step.occurredAt, personId: step.personId, details: step.details, ...changes };
}

/** The two events of a correction of `step` (see stepCorrection): an amendment that changes nothing unless `standsAs` is given; `{ action: 'annul' }` drops the step. */
export function correctionOf(step: StepRecordedV1, data: Partial<StepCorrectedV1> = {}): [CloudEvent<StepRecordedV1>, CloudEvent<StepCorrectedV1>] {
  const action = data.action ?? 'amend';
  return stepCorrection(step, { action, ...(action === 'amend' && { standsAs: amended(step) }), ...data });
}

/** A CaseRegistered event as case-registry publishes it: the case's region and district, no personal data. */
export function caseRegistered(data: Partial<CaseRegisteredV1> = {}): CloudEvent<CaseRegisteredV1> {
  const caseId = data.caseId ?? randomUUID();
  return cloudEvent(CaseRegistered, caseId, {
    caseId,
    caseNumber: `KG-${caseId.slice(0, 8)}`,
    region: 'KG-GB',
    district: 'leninsky',
    offence: { article: '188', iccsCode: '0501', severity: 'medium' },
    receivedAt: '2026-01-10T08:00:00Z',
    registeredAt: '2026-01-10T09:00:00Z',
    ...data,
  });
}

export function caseTransferred(data: CaseTransferredV1): CloudEvent<CaseTransferredV1> {
  return cloudEvent(CaseTransferred, data.caseId, data);
}
