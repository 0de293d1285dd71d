import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';

/*
 * The published details of each entry type of the probation journal (`probation-entry.recorded`),
 * as classes so that the event's JSON Schema can type `details` per `entryType`
 * (ProbationEntryDetails in probation.events.ts maps each type to its class). Codes named
 * "(pack)" come from the jurisdiction pack's `probation` section; dates are YYYY-MM-DD in the
 * pack's time zone.
 */

export const PROBATION_ANNULMENT_GROUNDS = ['sentence_annulled', 'sentence_no_longer_probation'] as const;
/** Why a probation case no longer stands: the sentence that opened it was annulled, or corrected into another kind of sentence. */
export type ProbationAnnulmentGround = (typeof PROBATION_ANNULMENT_GROUNDS)[number];

/** What a submission to court asks for. Revocation and extension answer a violation; early termination answers good conduct. */
export const COURT_REQUESTS = ['extension', 'revocation', 'early_termination'] as const;
export type CourtRequest = (typeof COURT_REQUESTS)[number];

export const CONTACT_OUTCOMES = ['attended', 'missed'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const ALLOCATION_KINDS = ['initial', 'reallocation', 'transfer'] as const;
export type AllocationKind = (typeof ALLOCATION_KINDS)[number];

/** How supervision ends (the `ended` entry); `annulled` is not an end but the loss of the ground. */
export const PROBATION_ENDS = ['completed', 'terminated_early', 'revoked', 'deceased'] as const;
export type ProbationEnd = (typeof PROBATION_ENDS)[number];

export const ASSESSMENT_PURPOSES = ['intake', 'reassessment'] as const;

/** A court decision placed the person under supervision (system, from procedural-steps). */
export class ProbationOpenedDetails {
  @IsUUID() sourceStepId: string;
  /** (pack) probation.caseTypes: probation sentence, conditional sentence, parole, community work … */
  @IsString() caseType: string;
  @IsInt() termMonths: number;
  @IsDateString() startsOn: string;
  @IsDateString() endsOn: string;
  /** (pack) probation.obligations the court imposed. */
  @IsArray() @IsString({ each: true }) obligations: string[];
  @IsOptional() @IsNumber() communityWorkHours?: number;
}

/** A correction of the sentencing step changed the term, start, person, case type, obligations or hours (system). */
export class ProbationAmendedDetails {
  @IsUUID() sourceStepId: string;
  @IsUUID() correctionStepId: string;
  @IsInt() termMonths: number;
  @IsDateString() startsOn: string;
  @IsDateString() endsOn: string;
  /** The person supervised as the corrected sentence names them, so that the stream's state follows a correction of the person. */
  @IsOptional() @IsUUID() personId?: string;
  /**
   * The court's other terms as the corrected decision now stands — (pack) probation.caseTypes, the
   * (pack) obligations and, for a community-work case only, the hours ordered — on every amendment
   * since they were added, whether or not the correction changed them; absent on older amendments,
   * which changed none of them. An amendment with `caseType` and without `communityWorkHours`
   * orders no community work (any more). Hours already worked stay worked.
   */
  @IsOptional() @IsString() caseType?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) obligations?: string[];
  @IsOptional() @IsNumber() communityWorkHours?: number;
}

/** A correction of the sentencing step took the ground away (system). */
export class ProbationAnnulledDetails {
  @IsUUID() sourceStepId: string;
  @IsUUID() correctionStepId: string;
  @IsIn(PROBATION_ANNULMENT_GROUNDS) ground: ProbationAnnulmentGround;
}

/** The case (or report) went to an office and an officer. `officerId` is the officer's token subject. */
export class ProbationAllocatedDetails {
  @IsString() office: string;
  @IsString() officerId: string;
  @IsIn(ALLOCATION_KINDS) kind: AllocationKind;
  /** The office's region: a transfer to an office of another region moves the stream there (the entry says so itself, whatever the pack later holds). */
  @IsOptional() @IsString() region?: string;
}

export class ProbationPlanItem {
  @IsString() obligation: string;
  @IsOptional() @IsInt() everyDays?: number;
  @IsOptional() @IsDateString() dueOn?: string;
  @IsOptional() @IsNumber() hours?: number;
}

/** The officer's plan to meet the court's obligations; replaces the previous plan. */
export class ProbationPlanSetDetails {
  @IsArray() @ValidateNested({ each: true }) @Type(() => ProbationPlanItem) items: ProbationPlanItem[];
}

export class ProbationContactScheduledDetails {
  @IsString() contactId: string;
  @IsString() contactKind: string;
  @IsDateString() scheduledFor: string;
}

/** (pack) contactKinds; a missed contact says whether it was excused and (pack) why. */
export class ProbationContactRecordedDetails {
  @IsOptional() @IsString() contactId?: string;
  @IsString() contactKind: string;
  @IsIn(CONTACT_OUTCOMES) outcome: ContactOutcome;
  @IsOptional() @IsBoolean() excused?: boolean;
  @IsOptional() @IsString() missedReason?: string;
}

export class ProbationCommunityWorkLoggedDetails {
  @IsDateString() workedOn: string;
  @IsNumber() hours: number;
}

/** A risk and needs assessment with a (pack) instrument version; the score and band it gave. */
export class ProbationAssessmentRecordedDetails {
  @IsString() instrument: string;
  @IsInt() instrumentVersion: number;
  @IsIn(ASSESSMENT_PURPOSES) purpose: (typeof ASSESSMENT_PURPOSES)[number];
  @IsNumber() score: number;
  @IsString() band: string;
  @IsOptional() @IsDateString() nextDueOn?: string;
}

export class ProbationViolationRecordedDetails {
  @IsString() violationId: string;
  @IsString() obligation: string;
  @IsString() violationType: string;
  @IsDateString() occurredOn: string;
}

/** (pack) violationResponses that stay with probation: warning, written warning, adjusted plan … */
export class ProbationViolationRespondedDetails {
  @IsString() violationId: string;
  @IsString() response: string;
}

export class ProbationCourtSubmittedDetails {
  @IsString() submissionId: string;
  @IsIn(COURT_REQUESTS) request: CourtRequest;
  @IsOptional() @IsString() violationId?: string;
}

export class ProbationCourtDecidedDetails {
  @IsString() submissionId: string;
  @IsIn(COURT_REQUESTS) request: CourtRequest;
  @IsBoolean() granted: boolean;
  @IsOptional() @IsInt() extensionMonths?: number;
  @IsOptional() @IsDateString() endsOn?: string;
}

export class ProbationAbscondedDetails {
  @IsDateString() since: string;
}

export class ProbationFoundDetails {
  @IsDateString() on: string;
}

export class ProbationEndedDetails {
  @IsIn(PROBATION_ENDS) end: ProbationEnd;
  @IsDateString() endedOn: string;
}

/** A deadline (pack probation.deadlineRules) passed without what it waited for (system). */
export class ProbationDeadlineBreachedDetails {
  @IsString() rule: string;
  @IsDateString() dueOn: string;
}

/** Pre-sentence report stream. */
export class ProbationReportRequestedDetails {
  @IsUUID() sourceStepId: string;
  @IsString() requestedBy: string;
  @IsDateString() dueOn: string;
}

/**
 * A correction of the request step (procedural-steps' `pre_sentence_report_requested`) changed
 * its due date: the report is now due on `dueOn` (system). Never after the report is submitted
 * or withdrawn.
 */
export class ProbationReportAmendedDetails {
  @IsUUID() sourceStepId: string;
  @IsUUID() correctionStepId: string;
  @IsDateString() dueOn: string;
}

export class ProbationReportSectionDraftedDetails {
  @IsString() section: string;
}

export class ProbationReportSubmittedDetails {
  @IsString() recommendation: string;
  @IsDateString() dueOn: string;
  @IsBoolean() onTime: boolean;
}

export class ProbationReportWithdrawnDetails {
  @IsUUID() sourceStepId: string;
}
