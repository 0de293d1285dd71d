import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONTACT_OUTCOMES, ContactOutcome, COURT_REQUESTS, CourtRequest, PROBATION_ANNULMENT_GROUNDS, PROBATION_CASE_STATUSES, PROBATION_ENDS, ProbationAnnulmentGround,
  ProbationCaseStatus, ProbationEnd,
} from '@icjims/contracts';

export class CommunityWorkDto {
  @ApiProperty({ type: 'integer', description: 'Hours the court ordered' }) ordered: number;
  @ApiProperty({ type: 'integer', description: 'Hours worked so far' }) worked: number;
}

export class PlanItemViewDto {
  @ApiProperty({ example: 'report_regularly' }) obligation: string;
  @ApiPropertyOptional({ type: 'integer' }) everyDays?: number;
  @ApiPropertyOptional({ format: 'date' }) dueOn?: string;
  @ApiPropertyOptional({ type: 'integer' }) hours?: number;
}

export class ContactViewDto {
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty({ example: 'office_appointment' }) contactKind: string;
  @ApiProperty({ format: 'date-time' }) scheduledFor: string;
  @ApiPropertyOptional({ enum: CONTACT_OUTCOMES, description: 'Once recorded' }) outcome?: ContactOutcome;
  @ApiPropertyOptional({ description: 'A missed contact: whether its reason is excused' }) excused?: boolean;
}

export class ViolationViewDto {
  @ApiProperty({ format: 'uuid' }) violationId: string;
  @ApiProperty() obligation: string;
  @ApiProperty() violationType: string;
  @ApiProperty({ format: 'date' }) occurredOn: string;
  @ApiProperty({ type: [String], description: 'Responses in the order given (a submission to court is one too)' }) responses: string[];
}

export class SubmissionViewDto {
  @ApiProperty({ format: 'uuid' }) submissionId: string;
  @ApiProperty({ enum: COURT_REQUESTS }) request: CourtRequest;
  @ApiPropertyOptional({ format: 'uuid' }) violationId?: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiPropertyOptional({ description: 'The court’s decision, once it came back', type: 'object', properties: { granted: { type: 'boolean' }, decidedAt: { type: 'string', format: 'date-time' } } })
  decision?: { granted: boolean; decidedAt: string };
}

export class AssessmentViewDto {
  @ApiProperty() instrument: string;
  @ApiProperty({ type: 'integer' }) instrumentVersion: number;
  @ApiProperty({ type: 'integer' }) score: number;
  @ApiProperty() band: string;
  @ApiProperty({ format: 'date-time' }) assessedAt: string;
  @ApiPropertyOptional({ format: 'date', description: 'When the band’s reassessment falls due' }) nextDueOn?: string;
}

export class EndViewDto {
  @ApiProperty({ enum: PROBATION_ENDS }) end: ProbationEnd;
  @ApiProperty({ format: 'date' }) endedOn: string;
}

/** A probation case as its journal stands: the head's state, with its version. */
export class ProbationCaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The criminal case the court decision was passed in' }) caseId: string;
  @ApiProperty({ example: 'KG-GB', description: 'Region of the case: the criminal case’s, then its probation office’s (a transfer moves it)' }) region: string;
  @ApiProperty({ format: 'uuid', description: 'The procedural step (the court decision) that opened this probation case' }) sourceStepId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Pseudonymous id of the person supervised, when the step named one' })
  personId: string | null;
  @ApiProperty({ example: 'probation_supervision', description: 'The pack’s case type (probation.caseTypes) whose opensOn the court decision matched' }) caseType: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 600, example: 24, description: 'Term in months as sentenced (corrections included, extensions not)' }) termMonths: number;
  @ApiProperty({
    format: 'date',
    example: '2026-11-20',
    description: 'Day of the court decision: the calendar date of the step’s occurredAt in the jurisdiction’s time zone (Asia/Bishkek for KG)',
  })
  startsOn: string;
  @ApiProperty({
    format: 'date',
    example: '2028-11-20',
    description: 'startsOn plus termMonths and the months courts added by extensions; a day the last month lacks is clamped to its end (Jan 31 + 1 month = Feb 28/29)',
  })
  endsOn: string;
  @ApiProperty({
    enum: PROBATION_CASE_STATUSES,
    description:
      'active while supervised; absconded while the person is wanted; completed, terminated_early, revoked and deceased are ends; annulled (final) when a correction of the sentence annulled it or made it a decision probation does not supervise',
  })
  status: ProbationCaseStatus;
  @ApiProperty({ type: [String], description: 'The obligations the court imposed (pack probation.obligations)' }) obligations: string[];
  @ApiProperty({ nullable: true, type: String, example: 'PR-KG-GB-LENINSKY', description: 'The probation office, once allocated' }) office: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The officer (token subject), once allocated' }) officerId: string | null;
  @ApiProperty({ nullable: true, type: CommunityWorkDto, description: 'Hours ordered and worked, for a community-work case' }) communityWork: CommunityWorkDto | null;
  @ApiProperty({ type: [PlanItemViewDto] }) plan: PlanItemViewDto[];
  @ApiProperty({ type: [ContactViewDto], description: 'Scheduled contacts and what became of them' }) contacts: ContactViewDto[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The first attended contact' }) firstMeetingAt: string | null;
  @ApiProperty({ nullable: true, type: AssessmentViewDto }) lastAssessment: AssessmentViewDto | null;
  @ApiProperty({ type: [ViolationViewDto] }) violations: ViolationViewDto[];
  @ApiProperty({ type: [SubmissionViewDto] }) submissions: SubmissionViewDto[];
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'While absconded: since when' }) abscondedSince: string | null;
  @ApiProperty({ nullable: true, type: EndViewDto, description: 'How and when supervision ended' }) ended: EndViewDto | null;
  @ApiProperty({ format: 'date-time', description: 'When this service opened the probation case' }) openedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was annulled; null unless annulled' }) annulledAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The correction step that annulled it; null unless annulled' })
  annulledByStepId: string | null;
  @ApiProperty({
    enum: PROBATION_ANNULMENT_GROUNDS,
    nullable: true,
    description: 'sentence_annulled: the court decision was annulled; sentence_no_longer_probation: it was corrected into a decision probation does not supervise. Null unless annulled',
  })
  annulmentGround: ProbationAnnulmentGround | null;
  @ApiProperty({ type: 'integer', description: 'Entries in the case’s journal: the ETag, for If-Match and expectedVersion' }) version: number;
}
