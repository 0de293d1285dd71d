import { IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
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

/*
 * The probation journal. Every change of a probation case — and of a pre-sentence report — is an
 * immutable entry of a hash-chained journal of its own (a stream), and each entry is published
 * as `probation-entry.recorded`, keyed by the stream's id so that one stream's entries stay in
 * order. The details of each entry type are typed below; free text (evidence, report sections,
 * reasons) stays in the journal and is never published.
 */

/** The two kinds of stream the probation journal holds. */
export const PROBATION_STREAMS = ['probation_case', 'pre_sentence_report'] as const;
export type ProbationStream = (typeof PROBATION_STREAMS)[number];

/**
 * Where a probation case stands. `active` while supervised; `absconded` while the person is
 * wanted (the term does not complete meanwhile); the others are ends and final. `annulled`: a
 * correction of the sentence took its ground away.
 */
export const PROBATION_CASE_STATUSES = ['active', 'absconded', 'completed', 'terminated_early', 'revoked', 'deceased', 'annulled'] as const;
export type ProbationCaseStatus = (typeof PROBATION_CASE_STATUSES)[number];

/** How supervision ends (the `ended` entry); `annulled` is not an end but the loss of the ground. */
export const PROBATION_ENDS = ['completed', 'terminated_early', 'revoked', 'deceased'] as const;
export type ProbationEnd = (typeof PROBATION_ENDS)[number];

/** Where a pre-sentence report stands. */
export const PRE_SENTENCE_REPORT_STATUSES = ['requested', 'assigned', 'drafting', 'submitted', 'withdrawn'] as const;
export type PreSentenceReportStatus = (typeof PRE_SENTENCE_REPORT_STATUSES)[number];

/** What a submission to court asks for. Revocation and extension answer a violation; early termination answers good conduct. */
export const COURT_REQUESTS = ['extension', 'revocation', 'early_termination'] as const;
export type CourtRequest = (typeof COURT_REQUESTS)[number];

export const CONTACT_OUTCOMES = ['attended', 'missed'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const ALLOCATION_KINDS = ['initial', 'reallocation', 'transfer'] as const;
export type AllocationKind = (typeof ALLOCATION_KINDS)[number];

/**
 * The published details of each entry type. Codes named "(pack)" come from the jurisdiction
 * pack's `probation` section; dates are YYYY-MM-DD in the pack's time zone.
 */
export interface ProbationEntryDetails {
  /** A court decision placed the person under supervision (system, from procedural-steps). */
  opened: {
    sourceStepId: string;
    /** (pack) probation.caseTypes: probation sentence, conditional sentence, parole, community work … */
    caseType: string;
    termMonths: number;
    startsOn: string;
    endsOn: string;
    /** (pack) probation.obligations the court imposed. */
    obligations: string[];
    communityWorkHours?: number;
  };
  /** A correction of the sentencing step changed the term, start, person, case type, obligations or hours (system). */
  amended: {
    sourceStepId: string;
    correctionStepId: string;
    termMonths: number;
    startsOn: string;
    endsOn: string;
    /** The person supervised as the corrected sentence names them, so that the stream's state follows a correction of the person. */
    personId?: string;
    /**
     * The court's other terms as the corrected decision now stands — (pack) probation.caseTypes, the
     * (pack) obligations and, for a community-work case only, the hours ordered — on every amendment
     * since they were added, whether or not the correction changed them; absent on older amendments,
     * which changed none of them. An amendment with `caseType` and without `communityWorkHours`
     * orders no community work (any more). Hours already worked stay worked.
     */
    caseType?: string;
    obligations?: string[];
    communityWorkHours?: number;
  };
  /** A correction of the sentencing step took the ground away (system). */
  annulled: { sourceStepId: string; correctionStepId: string; ground: ProbationAnnulmentGround };
  /** The case (or report) went to an office and an officer. `officerId` is the officer's token subject. */
  allocated: {
    office: string;
    officerId: string;
    kind: AllocationKind;
    /** The office's region: a transfer to an office of another region moves the stream there (the entry says so itself, whatever the pack later holds). */
    region?: string;
  };
  /** The officer's plan to meet the court's obligations; replaces the previous plan. */
  plan_set: { items: { obligation: string; everyDays?: number; dueOn?: string; hours?: number }[] };
  contact_scheduled: { contactId: string; contactKind: string; scheduledFor: string };
  /** (pack) contactKinds; a missed contact says whether it was excused and (pack) why. */
  contact_recorded: { contactId?: string; contactKind: string; outcome: ContactOutcome; excused?: boolean; missedReason?: string };
  community_work_logged: { workedOn: string; hours: number };
  /** A risk and needs assessment with a (pack) instrument version; the score and band it gave. */
  assessment_recorded: { instrument: string; instrumentVersion: number; purpose: 'intake' | 'reassessment'; score: number; band: string; nextDueOn?: string };
  violation_recorded: { violationId: string; obligation: string; violationType: string; occurredOn: string };
  /** (pack) violationResponses that stay with probation: warning, written warning, adjusted plan … */
  violation_responded: { violationId: string; response: string };
  court_submitted: { submissionId: string; request: CourtRequest; violationId?: string };
  court_decided: { submissionId: string; request: CourtRequest; granted: boolean; extensionMonths?: number; endsOn?: string };
  absconded: { since: string };
  found: { on: string };
  ended: { end: ProbationEnd; endedOn: string };
  /** A deadline (pack probation.deadlineRules) passed without what it waited for (system). */
  deadline_breached: { rule: string; dueOn: string };
  /** Pre-sentence report stream. */
  report_requested: { sourceStepId: string; requestedBy: string; dueOn: string };
  /**
   * A correction of the request step (procedural-steps' `pre_sentence_report_requested`) changed
   * its due date: the report is now due on `dueOn` (system). Never after the report is submitted
   * or withdrawn.
   */
  report_amended: { sourceStepId: string; correctionStepId: string; dueOn: string };
  report_section_drafted: { section: string };
  report_submitted: { recommendation: string; dueOn: string; onTime: boolean };
  report_withdrawn: { sourceStepId: string };
}
export type ProbationEntryType = keyof ProbationEntryDetails;

/** Every entry type of the probation journal, in the order a case usually meets them. */
export const PROBATION_ENTRY_TYPES = [
  'opened', 'amended', 'annulled', 'allocated', 'plan_set', 'contact_scheduled', 'contact_recorded', 'community_work_logged',
  'assessment_recorded', 'violation_recorded', 'violation_responded', 'court_submitted', 'court_decided', 'absconded', 'found',
  'ended', 'deadline_breached', 'report_requested', 'report_amended', 'report_section_drafted', 'report_submitted', 'report_withdrawn',
] as const satisfies readonly ProbationEntryType[];

/** An entry was appended to a probation journal. Subject: the stream id (probation case or report). */
export class ProbationEntryRecordedV1 {
  @IsUUID() entryId: string;
  @IsIn(PROBATION_STREAMS) stream: ProbationStream;
  /** The probation case id or the pre-sentence report id. */
  @IsUUID() streamId: string;
  /** Position in the stream's journal, from 1. */
  @IsInt() @Min(1) sequence: number;
  @IsIn(PROBATION_ENTRY_TYPES) entryType: ProbationEntryType;
  /** The criminal case the stream belongs to. */
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  /** The probation office responsible after this entry, once allocated. */
  @IsOptional() @IsString() @MaxLength(32) office?: string;
  /** Pseudonymous person id of the person supervised (or reported on). */
  @IsOptional() @IsUUID() personId?: string;
  /** When it happened (an instant); the day the law counts is its date in the pack's zone. */
  @IsDateString() occurredAt: string;
  @IsDateString() recordedAt: string;
  @IsString() @MaxLength(128) recordedBy: string;
  /** The stream's status after the entry (a ProbationCaseStatus or a PreSentenceReportStatus). */
  @IsIn([...PROBATION_CASE_STATUSES, ...PRE_SENTENCE_REPORT_STATUSES]) status: ProbationCaseStatus | PreSentenceReportStatus;
  /** ProbationEntryDetails[entryType]. */
  @IsObject() details: Record<string, unknown>;
}

export const ProbationEntryRecorded = defineEvent('probation', 'probation-entry.recorded', 1, ProbationEntryRecordedV1);

/**
 * A pre-sentence report was submitted: procedural-steps records it in the requesting case's
 * journal. Subject: the criminal case id. The report's text stays with probation.
 */
export class PreSentenceReportSubmittedV1 {
  @IsUUID() reportId: string;
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  /** The step that requested the report. */
  @IsUUID() sourceStepId: string;
  @IsOptional() @IsUUID() personId?: string;
  /** (pack) probation.reportRecommendations. */
  @IsString() @MaxLength(64) recommendation: string;
  @IsDateString() dueOn: string;
  @IsDateString() submittedAt: string;
}

export const PreSentenceReportSubmitted = defineEvent('probation', 'pre-sentence-report.submitted', 1, PreSentenceReportSubmittedV1);
