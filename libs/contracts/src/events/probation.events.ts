import { IsDateString, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { defineEvent } from './cloud-event';

/** A probation sentence opened a probation case. Subject is the criminal case id. */
export class ProbationCaseOpenedV1 {
  @IsUUID() probationCaseId: string;
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  /** The sentencing step that caused it. */
  @IsUUID() sourceStepId: string;
  @IsOptional() @IsUUID() personId?: string;
  @IsInt() @Min(1) @Max(600) termMonths: number;
  @IsDateString() startsOn: string;
  @IsDateString() openedAt: string;
}

export const ProbationCaseOpened = defineEvent('probation', 'probation-case.opened', 1, ProbationCaseOpenedV1);
