import type { StepTypes } from '../step-types/step-types';
import type { StepDetails } from '../steps/step-rules';

/** What the rules need to know about a case beyond its steps. */
export interface JournalFacts {
  /** When the report of the crime was received: no step happens before it. */
  receivedAt: Date;
  /** The step types under the installation's pack (its measures and grounds); the journal's own codes when not given. */
  stepTypes?: StepTypes;
}

export { CORRECTION_ACTIONS } from '@icjims/contracts';
export const CORRECTION_REASON_MAX_LENGTH = 1000;

/** Treats the corrected step as never having happened. */
export interface AnnulCorrection {
  correctsStepId: string;
  reason: string;
  action: 'annul';
}

/** Replaces what was recorded wrongly; `details`, when given, replace all of the corrected step's details. */
export interface AmendCorrection {
  correctsStepId: string;
  reason: string;
  action: 'amend';
  occurredAt?: Date;
  personId?: string;
  details?: StepDetails;
}

export type Correction = AnnulCorrection | AmendCorrection;

/** A step of a case's journal as recorded (never changed afterwards); `correction` only on a correction step. */
export interface JournalStep {
  stepId: string;
  stepType: string;
  occurredAt: Date;
  personId?: string;
  details: StepDetails;
  correction?: Correction;
}

/**
 * A step as it stands once every correction is applied: annulled steps are gone, amended ones
 * carry their new values under their original id, and correction steps themselves are not listed.
 */
export interface EffectiveStep {
  stepId: string;
  stepType: string;
  occurredAt: Date;
  personId?: string;
  details: StepDetails;
  /** Ids of the corrections that amended it, oldest first. */
  correctedBy: readonly string[];
}

/** The parts of a step that the per-type rules read. */
export type RuleStep = Pick<EffectiveStep, 'stepId' | 'stepType' | 'occurredAt' | 'personId' | 'details'>;
