import { IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
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

/** Why a probation case no longer stands: the sentence that opened it was annulled, or corrected into another kind of sentence. */
export const PROBATION_ANNULMENT_GROUNDS = ['sentence_annulled', 'sentence_no_longer_probation'] as const;
export type ProbationAnnulmentGround = (typeof PROBATION_ANNULMENT_GROUNDS)[number];

/** A correction of the sentencing step changed the term, start or person of a probation case. */
export class ProbationCaseAmendedV1 {
  @IsUUID() probationCaseId: string;
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  @IsUUID() sourceStepId: string;
  /** The correction step that caused it. */
  @IsUUID() correctionStepId: string;
  @IsOptional() @IsUUID() personId?: string;
  @IsInt() @Min(1) @Max(600) termMonths: number;
  @IsDateString() startsOn: string;
  @IsDateString() endsOn: string;
}

/** A correction of the sentencing step took away the ground of a probation case; it is annulled, never deleted. */
export class ProbationCaseAnnulledV1 {
  @IsUUID() probationCaseId: string;
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  @IsUUID() sourceStepId: string;
  @IsUUID() correctionStepId: string;
  @IsIn(PROBATION_ANNULMENT_GROUNDS) ground: ProbationAnnulmentGround;
}

export const ProbationCaseAmended = defineEvent('probation', 'probation-case.amended', 1, ProbationCaseAmendedV1);
export const ProbationCaseAnnulled = defineEvent('probation', 'probation-case.annulled', 1, ProbationCaseAnnulledV1);
