import { canonicalJson, ChainLink, Json, leafHash } from '@icjims/integrity';
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

/** What a step's hash covers. Times are kept at millisecond precision, so what is read back hashes the same. */
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

/** A stored step as a link of its case's chain, with the hashes as stored. */
export function storedStepLink(step: ProceduralStep): ChainLink<StepChainFields> {
  return { ...stepChainFields(step), prevHash: step.prevHash, hash: step.hash };
}

/**
 * The step's leaf in the installation's journal tree (RFC 6962): the leaf hash of the same
 * canonical JSON its chain hash covers, so a changed field changes both.
 */
export function stepLeafHash(step: ChainableStep): Buffer {
  return leafHash(canonicalJson(stepChainFields(step)));
}
