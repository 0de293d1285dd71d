import type { Json } from '@icjims/integrity';
import type { ProceduralStep } from './step.entity';

/** Every stored field of a step except its two hashes; times ISO 8601 UTC with milliseconds. */
export type StepChainFields = {
  seq: number;
  stepId: string;
  caseId: string;
  stepType: string;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string;
  personId: string | null;
  details: { [key: string]: Json };
  correctsStepId: string | null;
};

export type ChainableStep = Omit<ProceduralStep, 'prevHash' | 'hash'>;

/**
 * The step codec: what a step's hash (and its leaf in the journal tree) covers. Stored hashes
 * depend on it, so it never changes. Times are kept at millisecond precision, so what is read
 * back hashes the same.
 */
export function stepChainFields(step: ChainableStep): StepChainFields {
  return {
    seq: step.sequence,
    stepId: step.id,
    caseId: step.caseId,
    stepType: step.stepType,
    occurredAt: step.occurredAt.toISOString(),
    recordedAt: step.recordedAt.toISOString(),
    recordedBy: step.recordedBy,
    personId: step.personId,
    details: step.details,
    correctsStepId: step.correctsStepId,
  };
}
