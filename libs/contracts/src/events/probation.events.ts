import { IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { DataClass, defineEvent } from './cloud-event';
import { typedBy } from './discriminated';
import {
  PROBATION_ANNULMENT_GROUNDS, ProbationAbscondedDetails, ProbationAllocatedDetails, ProbationAmendedDetails, ProbationAnnulledDetails,
  ProbationAnnulmentGround, ProbationAssessmentRecordedDetails, ProbationCommunityWorkLoggedDetails, ProbationContactRecordedDetails,
  ProbationContactScheduledDetails, ProbationCourtDecidedDetails, ProbationCourtSubmittedDetails, ProbationDeadlineBreachedDetails, ProbationEndedDetails,
  ProbationFoundDetails, ProbationOpenedDetails, ProbationPlanSetDetails, ProbationReportAmendedDetails, ProbationReportRequestedDetails,
  ProbationReportSectionDraftedDetails, ProbationReportSubmittedDetails, ProbationReportWithdrawnDetails, ProbationViolationRecordedDetails,
  ProbationViolationRespondedDetails,
} from './probation-entry-details';

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


/** Where a pre-sentence report stands. */
export const PRE_SENTENCE_REPORT_STATUSES = ['requested', 'assigned', 'drafting', 'submitted', 'withdrawn'] as const;
export type PreSentenceReportStatus = (typeof PRE_SENTENCE_REPORT_STATUSES)[number];


/** A class's fields as a plain object type (which, unlike the class, reads as a Record<string, unknown>). */
type Fields<T> = { [K in keyof T]: T[K] };

/**
 * The published details of each entry type: the class of each (probation-entry-details.ts, with
 * what each means), from which the event's JSON Schema types `details` per `entryType`.
 */
export interface ProbationEntryDetails {
  opened: Fields<ProbationOpenedDetails>;
  amended: Fields<ProbationAmendedDetails>;
  annulled: Fields<ProbationAnnulledDetails>;
  allocated: Fields<ProbationAllocatedDetails>;
  plan_set: Fields<ProbationPlanSetDetails>;
  contact_scheduled: Fields<ProbationContactScheduledDetails>;
  contact_recorded: Fields<ProbationContactRecordedDetails>;
  community_work_logged: Fields<ProbationCommunityWorkLoggedDetails>;
  assessment_recorded: Fields<ProbationAssessmentRecordedDetails>;
  violation_recorded: Fields<ProbationViolationRecordedDetails>;
  violation_responded: Fields<ProbationViolationRespondedDetails>;
  court_submitted: Fields<ProbationCourtSubmittedDetails>;
  court_decided: Fields<ProbationCourtDecidedDetails>;
  absconded: Fields<ProbationAbscondedDetails>;
  found: Fields<ProbationFoundDetails>;
  ended: Fields<ProbationEndedDetails>;
  deadline_breached: Fields<ProbationDeadlineBreachedDetails>;
  report_requested: Fields<ProbationReportRequestedDetails>;
  report_amended: Fields<ProbationReportAmendedDetails>;
  report_section_drafted: Fields<ProbationReportSectionDraftedDetails>;
  report_submitted: Fields<ProbationReportSubmittedDetails>;
  report_withdrawn: Fields<ProbationReportWithdrawnDetails>;
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
  /** ProbationEntryDetails[entryType] (typed per entry type in the JSON Schema; validated as an object). */
  @IsObject() details: Record<string, unknown>;
}

export const ProbationEntryRecorded = defineEvent('probation', 'probation-entry.recorded', 1, ProbationEntryRecordedV1);

/** The class of each entry type's details. */
export const PROBATION_ENTRY_DETAILS: { [K in ProbationEntryType]: DataClass<ProbationEntryDetails[K]> } = {
  opened: ProbationOpenedDetails,
  amended: ProbationAmendedDetails,
  annulled: ProbationAnnulledDetails,
  allocated: ProbationAllocatedDetails,
  plan_set: ProbationPlanSetDetails,
  contact_scheduled: ProbationContactScheduledDetails,
  contact_recorded: ProbationContactRecordedDetails,
  community_work_logged: ProbationCommunityWorkLoggedDetails,
  assessment_recorded: ProbationAssessmentRecordedDetails,
  violation_recorded: ProbationViolationRecordedDetails,
  violation_responded: ProbationViolationRespondedDetails,
  court_submitted: ProbationCourtSubmittedDetails,
  court_decided: ProbationCourtDecidedDetails,
  absconded: ProbationAbscondedDetails,
  found: ProbationFoundDetails,
  ended: ProbationEndedDetails,
  deadline_breached: ProbationDeadlineBreachedDetails,
  report_requested: ProbationReportRequestedDetails,
  report_amended: ProbationReportAmendedDetails,
  report_section_drafted: ProbationReportSectionDraftedDetails,
  report_submitted: ProbationReportSubmittedDetails,
  report_withdrawn: ProbationReportWithdrawnDetails,
};

typedBy(ProbationEntryRecordedV1, { property: 'details', discriminator: 'entryType', classes: PROBATION_ENTRY_DETAILS });

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
