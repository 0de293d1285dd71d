import { IsDateString, IsInt, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { defineEvent } from './cloud-event';

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
  @IsObject() details: Record<string, string | number | boolean>;
}

export const StepRecorded = defineEvent('procedural-steps', 'step.recorded', 1, StepRecordedV1);
