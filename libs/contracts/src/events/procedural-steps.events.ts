import { Type } from 'class-transformer';
import { IsDateString, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { defineEvent } from './cloud-event';

/**
 * Where a case stands in the procedure, as the journal's legal-order rules derive it from
 * its steps (procedural-steps owns the rules; case-registry shows the status).
 */
export const CASE_STATUSES = [
  'registered',
  'under_investigation',
  'suspended',
  'terminated',
  'in_court',
  'decided',
  'under_appeal',
  'closed',
  'joined',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The outcomes of a verdict step (its `outcome` field in the step catalogue), by which analytics counts verdicts. */
export const VERDICT_OUTCOMES = ['conviction', 'acquittal'] as const;
export type VerdictOutcome = (typeof VERDICT_OUTCOMES)[number];

/**
 * The type-specific fields of a step, as the step-type catalogue declares them: scalars, and
 * lists of codes (e.g. the obligations a court imposed with a sentence). Never personal data.
 */
export type StepDetailsV1 = Record<string, string | number | boolean | string[]>;

/** A procedural step was appended to a case's journal. Steps are immutable. */
export class StepRecordedV1 {
  @IsUUID() stepId: string;
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  /** Position of the step in the case's journal, from 1. */
  @IsInt() @Min(1) sequence: number;
  @IsString() @MaxLength(64) stepType: string;
  @IsDateString() occurredAt: string;
  @IsDateString() recordedAt: string;
  @IsOptional() @IsString() @MaxLength(128) recordedBy?: string;
  /** Pseudonymous person id for person-level steps. */
  @IsOptional() @IsUUID() personId?: string;
  /** Type-specific fields, as declared by the step-type catalogue (never personal data). */
  @IsObject() details: StepDetailsV1;
  /** For a correction: the step it corrects. Projections apply the correction in its place. */
  @IsOptional() @IsUUID() correctsStepId?: string;
}

/** What a step says once every correction of it so far is applied. */
export class CorrectedStepValues {
  @IsDateString() occurredAt: string;
  @IsOptional() @IsUUID() personId?: string;
  @IsObject() details: StepDetailsV1;
}

export const CORRECTION_ACTIONS = ['annul', 'amend'] as const;
export type CorrectionAction = (typeof CORRECTION_ACTIONS)[number];

/**
 * A correction changed how an earlier step stands. Emitted in the same transaction as the
 * correction's own step.recorded, so that projections apply the effect without decoding the
 * correction: drop the corrected step when `standsAs` is absent, else take it as given.
 */
export class StepCorrectedV1 {
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  /** The correction step. */
  @IsUUID() correctionStepId: string;
  @IsUUID() correctedStepId: string;
  /** The corrected step's type; a correction never changes it. */
  @IsString() @MaxLength(64) stepType: string;
  @IsIn(CORRECTION_ACTIONS) action: CorrectionAction;
  /** The corrected step as it now stands; absent when it was annulled. */
  // Required for an amendment: the producer's outbox refuses one without it, so consumers need not.
  @ValidateIf((event: StepCorrectedV1) => event.action === 'amend' || event.standsAs !== undefined)
  @IsDefined() @ValidateNested() @Type(() => CorrectedStepValues) standsAs?: CorrectedStepValues;
}

/** A step moved the case to another status. Emitted in the same transaction as the step. */
export class CaseStatusChangedV1 {
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  @IsIn(CASE_STATUSES) status: CaseStatus;
  @IsIn(CASE_STATUSES) previousStatus: CaseStatus;
  /** The step that changed it. */
  @IsUUID() stepId: string;
  @IsDateString() occurredAt: string;
}

/**
 * Whom a deadline notification is for: the case's responsible prosecutor (and investigator)
 * when assigned, and the supervising prosecutors of the case's region.
 */
export class DeadlineAddressees {
  @IsOptional() @IsString() @MaxLength(128) responsibleProsecutor?: string;
  @IsOptional() @IsString() @MaxLength(128) responsibleInvestigator?: string;
  @IsString() @MaxLength(16) supervisingRegion: string;
}

/** A legal deadline ran out before the step that stops it was recorded. Fired once per deadline. */
export class DeadlineBreachedV1 {
  @IsUUID() deadlineId: string;
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  /** Code of the deadline rule, e.g. "detention_court_decision". */
  @IsString() @MaxLength(64) rule: string;
  @IsString() @MaxLength(256) legalReference: string;
  @IsOptional() @IsUUID() personId?: string;
  /** The step that started the clock. */
  @IsUUID() startStepId: string;
  @IsDateString() startedAt: string;
  @IsDateString() dueAt: string;
  @IsDateString() breachedAt: string;
  /** Added after v1 was first published: absent in older events. */
  @IsOptional() @ValidateNested() @Type(() => DeadlineAddressees) addressedTo?: DeadlineAddressees;
}

/** A running clock entered its rule's warning window (warnBefore its due time). Fired once per deadline. */
export class DeadlineRunningOutV1 {
  @IsUUID() deadlineId: string;
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  @IsString() @MaxLength(64) rule: string;
  @IsOptional() @IsUUID() personId?: string;
  @IsDateString() warnFrom: string;
  @IsDateString() dueAt: string;
  @IsDefined() @ValidateNested() @Type(() => DeadlineAddressees) addressedTo: DeadlineAddressees;
}

/** Why an announced breach no longer stands. */
export const BREACH_WITHDRAWAL_REASONS = ['start_annulled', 'no_longer_breached'] as const;
export type BreachWithdrawalReason = (typeof BREACH_WITHDRAWAL_REASONS)[number];

/**
 * A breach announced earlier no longer stands after a correction: the step that started the
 * clock was annulled, or the corrected journal stops the clock in time or moves its due time
 * past the breach. The breach event stays in the history; projections take it back.
 */
export class DeadlineBreachWithdrawnV1 {
  @IsUUID() deadlineId: string;
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  @IsString() @MaxLength(64) rule: string;
  @IsOptional() @IsUUID() personId?: string;
  @IsIn(BREACH_WITHDRAWAL_REASONS) reason: BreachWithdrawalReason;
  /** When the withdrawn breach had been announced. */
  @IsDateString() breachedAt: string;
  @IsDateString() withdrawnAt: string;
}

export const StepRecorded = defineEvent('procedural-steps', 'step.recorded', 1, StepRecordedV1);
export const StepCorrected = defineEvent('procedural-steps', 'step.corrected', 1, StepCorrectedV1);
export const CaseStatusChanged = defineEvent('procedural-steps', 'case.status-changed', 1, CaseStatusChangedV1);
export const DeadlineBreached = defineEvent('procedural-steps', 'deadline.breached', 1, DeadlineBreachedV1);
export const DeadlineRunningOut = defineEvent('procedural-steps', 'deadline.running-out', 1, DeadlineRunningOutV1);
export const DeadlineBreachWithdrawn = defineEvent('procedural-steps', 'deadline.breach-withdrawn', 1, DeadlineBreachWithdrawnV1);
