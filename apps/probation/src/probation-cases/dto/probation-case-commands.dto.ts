import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { ALLOCATION_KINDS, AllocationKind, CONTACT_OUTCOMES, ContactOutcome, COURT_REQUESTS, CourtRequest } from '@icjims/contracts';
import { IsDateTime } from '@icjims/platform';

/**
 * The bodies of the commands on a probation case. The shape is checked here (400 naming the
 * field); codes of the pack (offices, obligations, contact kinds …) and the legal order are the
 * domain's to judge (422 naming the field, 409 when the case already holds it).
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE_LENGTH = 64;

/** What every command may carry: when it happened (default now) and the version the caller saw. */
export class CaseCommandDto {
  @ApiPropertyOptional({ example: '2026-11-23T09:30:00Z', description: 'When it happened: not in the future, not before the case was opened. Default: now.' })
  @IsOptional() @IsDateTime()
  occurredAt?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'The case’s version the caller saw (its ETag); another version is a 409. The If-Match header does the same.' })
  @IsOptional() @IsInt() @Min(0)
  expectedVersion?: number;
}

export class AllocateDto extends CaseCommandDto {
  @ApiProperty({ enum: ALLOCATION_KINDS, description: 'initial: the first allocation; reallocation: another officer of the same office; transfer: another office (and its region)' })
  @IsIn(ALLOCATION_KINDS)
  kind: AllocationKind;

  @ApiProperty({ example: 'PR-KG-GB-LENINSKY', maxLength: 32, description: 'A probation office of the pack (GET …/allocation-suggestions lists the region’s)' })
  @IsString() @IsNotEmpty() @MaxLength(32)
  office: string;

  @ApiProperty({ example: 'officer-17', maxLength: 64, description: 'The officer: their token subject (sub)' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  officerId: string;
}

export class PlanItemDto {
  @ApiProperty({ example: 'report_regularly', maxLength: CODE_LENGTH, description: 'An obligation of the case (pack probation.obligations)' })
  @IsString() @IsNotEmpty() @MaxLength(CODE_LENGTH)
  obligation: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 366, description: 'For an obligation measured every_days: how often' })
  @IsOptional() @IsInt() @Min(1) @Max(366)
  everyDays?: number;

  @ApiPropertyOptional({ format: 'date', description: 'For an obligation measured by due_date: by when' })
  @IsOptional() @Matches(DATE, { message: 'dueOn must be a date, YYYY-MM-DD' })
  dueOn?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'For an obligation measured in hours: how many' })
  @IsOptional() @IsInt() @Min(1) @Max(10_000)
  hours?: number;
}

export class SetPlanDto extends CaseCommandDto {
  @ApiProperty({ type: [PlanItemDto], minItems: 1, maxItems: 50, description: 'The whole plan, an item per obligation of the case; it replaces the previous one' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => PlanItemDto)
  items: PlanItemDto[];
}

export class ScheduleContactDto extends CaseCommandDto {
  @ApiProperty({ example: 'office_appointment', maxLength: CODE_LENGTH, description: 'Pack probation.contactKinds' })
  @IsString() @IsNotEmpty() @MaxLength(CODE_LENGTH)
  contactKind: string;

  @ApiProperty({ example: '2026-12-01T10:00:00Z', description: 'When the contact is to take place (not before the case was opened)' })
  @IsDateTime()
  scheduledFor: string;
}

export class RecordContactDto extends CaseCommandDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The scheduled contact this records (its time must have come); absent for an unscheduled contact' })
  @IsOptional() @IsUUID()
  contactId?: string;

  @ApiProperty({ example: 'home_visit', maxLength: CODE_LENGTH, description: 'Pack probation.contactKinds; a scheduled contact’s own kind' })
  @IsString() @IsNotEmpty() @MaxLength(CODE_LENGTH)
  contactKind: string;

  @ApiProperty({ enum: CONTACT_OUTCOMES })
  @IsIn(CONTACT_OUTCOMES)
  outcome: ContactOutcome;

  @ApiPropertyOptional({ example: 'illness', maxLength: CODE_LENGTH, description: 'Required when missed, absent when attended: pack probation.missedReasons (each excused or not)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(CODE_LENGTH)
  missedReason?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'The officer’s note: kept in the journal, never published' })
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

export class LogCommunityWorkDto extends CaseCommandDto {
  @ApiProperty({ format: 'date', example: '2026-11-20', description: 'The day worked: not after occurredAt’s day, not before the term started' })
  @Matches(DATE, { message: 'workedOn must be a date, YYYY-MM-DD' })
  workedOn: string;

  @ApiProperty({ minimum: 1, maximum: 24, description: 'Hours worked that day; the total never exceeds the hours ordered' })
  @IsInt() @Min(1) @Max(24)
  hours: number;
}

export class RecordAssessmentDto extends CaseCommandDto {
  @ApiProperty({ example: 'sample_risk_needs', maxLength: CODE_LENGTH, description: 'Pack probation.riskInstruments code' })
  @IsString() @IsNotEmpty() @MaxLength(CODE_LENGTH)
  instrument: string;

  @ApiProperty({ example: 1, minimum: 1, description: 'The instrument’s version, valid on the day assessed' })
  @IsInt() @Min(1) @Max(1000)
  version: number;

  @ApiProperty({ enum: ['intake', 'reassessment'] })
  @IsIn(['intake', 'reassessment'])
  purpose: 'intake' | 'reassessment';

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { accommodation: 'none', employment: 'some' }, description: 'Item code → answer code, every item of the instrument' })
  @IsObject()
  answers: Record<string, string>;
}

export class RecordViolationDto extends CaseCommandDto {
  @ApiProperty({ example: 'report_regularly', maxLength: CODE_LENGTH, description: 'The obligation of the case that was violated' })
  @IsString() @IsNotEmpty() @MaxLength(CODE_LENGTH)
  obligation: string;

  @ApiProperty({ example: 'missed_appointment', maxLength: CODE_LENGTH, description: 'Pack probation.violationTypes' })
  @IsString() @IsNotEmpty() @MaxLength(CODE_LENGTH)
  violationType: string;

  @ApiProperty({ format: 'date', example: '2026-11-20', description: 'The day of the violation: not after occurredAt’s day, not before the term started' })
  @Matches(DATE, { message: 'occurredOn must be a date, YYYY-MM-DD' })
  occurredOn: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'What shows it: kept in the journal, never published' })
  @IsOptional() @IsString() @MaxLength(4000)
  evidence?: string;
}

export class RespondToViolationDto extends CaseCommandDto {
  @ApiProperty({ example: 'written_warning', maxLength: CODE_LENGTH, description: 'Pack probation.violationResponses that stay with probation (a court request goes to …/court-submissions)' })
  @IsString() @IsNotEmpty() @MaxLength(CODE_LENGTH)
  response: string;
}

export class SubmitToCourtDto extends CaseCommandDto {
  @ApiProperty({ enum: COURT_REQUESTS, description: 'extension and revocation answer a recorded violation; early_termination answers good conduct' })
  @IsIn(COURT_REQUESTS)
  request: CourtRequest;

  @ApiPropertyOptional({ format: 'uuid', description: 'The violation an extension or a revocation answers' })
  @IsOptional() @IsUUID()
  violationId?: string;
}

export class RecordCourtDecisionDto extends CaseCommandDto {
  @ApiProperty({ description: 'Whether the court granted the request' })
  @IsBoolean()
  granted: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 600, description: 'A granted extension: by how many months the term grows' })
  @IsOptional() @IsInt() @Min(1) @Max(600)
  extensionMonths?: number;
}

export class RecordAbscondingDto extends CaseCommandDto {
  @ApiProperty({ format: 'date', example: '2026-11-20', description: 'Since when the person is absconding' })
  @Matches(DATE, { message: 'since must be a date, YYYY-MM-DD' })
  since: string;
}

export class RecordFoundDto extends CaseCommandDto {
  @ApiProperty({ format: 'date', example: '2026-11-25', description: 'The day the person was found' })
  @Matches(DATE, { message: 'on must be a date, YYYY-MM-DD' })
  on: string;
}

export class RecordDeathDto extends CaseCommandDto {
  @ApiProperty({ format: 'date', example: '2026-11-25', description: 'The day of death' })
  @Matches(DATE, { message: 'diedOn must be a date, YYYY-MM-DD' })
  diedOn: string;
}
