import type { StepDetails } from '../steps/step-rules';
import type { Correction } from './journal-step';

/**
 * A correction as flat details, for storage and for StepRecordedV1 (whose details are flat
 * scalars and whose correctsStepId travels beside them): `reason`, `action`, and for an
 * amendment `occurredAt`, `personId` and, when the details are replaced, `replacesDetails: true`
 * with each new detail under `details.<name>`.
 */
export function correctionToDetails(correction: Correction): StepDetails {
  const flat: StepDetails = { reason: correction.reason, action: correction.action };
  if (correction.action === 'annul') return flat;
  if (correction.occurredAt) flat.occurredAt = correction.occurredAt.toISOString();
  if (correction.personId !== undefined) flat.personId = correction.personId;
  if (correction.details) {
    flat.replacesDetails = true;
    for (const [name, value] of Object.entries(correction.details)) flat[`details.${name}`] = value;
  }
  return flat;
}

/** The correction that `correctionToDetails` flattened; the rules check what it says. */
export function correctionFromDetails(correctsStepId: string, flat: StepDetails): Correction {
  const reason = String(flat.reason ?? '');
  if (flat.action !== 'amend') return { correctsStepId, reason, action: flat.action as 'annul' };
  const details = flat.replacesDetails
    ? Object.fromEntries(Object.entries(flat).filter(([name]) => name.startsWith('details.')).map(([name, value]) => [name.slice('details.'.length), value]))
    : undefined;
  return {
    correctsStepId,
    reason,
    action: 'amend',
    ...(typeof flat.occurredAt === 'string' && { occurredAt: new Date(flat.occurredAt) }),
    ...(typeof flat.personId === 'string' && { personId: flat.personId }),
    ...(details && { details }),
  };
}
