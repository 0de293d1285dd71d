import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROBATION_STREAMS, ProbationStream } from '@icjims/contracts';

export class DueItemDto {
  @ApiProperty({ format: 'uuid', description: 'The probation case or pre-sentence report' }) streamId: string;
  @ApiProperty({ enum: PROBATION_STREAMS }) stream: ProbationStream;
  @ApiProperty({ format: 'uuid', description: 'The criminal case' }) caseId: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: a pre-sentence report not yet assigned, that the listed office would get' }) office: string | null;
  @ApiProperty({ nullable: true, type: String }) officerId: string | null;
  @ApiProperty({ enum: ['contact', 'plan_item', 'deadline'], description: 'A scheduled contact, an item of the plan, or a deadline of the pack (first meeting, assessments, report due, term end …)' })
  kind: 'contact' | 'plan_item' | 'deadline';
  @ApiProperty({ example: 'term_end', description: 'The contact kind, the obligation or the deadline rule: a pack code' }) code: string;
  @ApiProperty({ format: 'date', description: 'In the pack’s zone' }) dueOn: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'A contact’s scheduled time' }) at?: string;
  @ApiPropertyOptional({ description: 'A contact’s id, to record it' }) contactId?: string;
  @ApiProperty({ description: 'Past its day and not done; listed whatever the window' }) overdue: boolean;
  @ApiProperty({ description: 'A deadline recorded as breached, listed until met' }) breached: boolean;
}

export class CaseloadStreamDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PROBATION_STREAMS }) stream: ProbationStream;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'active' }) status: string;
  @ApiPropertyOptional({ example: 'probation_supervision', description: 'A probation case’s type' }) caseType?: string;
  @ApiPropertyOptional({ format: 'date', description: 'A probation case’s end of term, or a report’s due date' }) endsOn?: string;
  @ApiProperty({ nullable: true, type: String }) office: string | null;
  @ApiProperty({ nullable: true, type: String }) officerId: string | null;
  @ApiProperty() version: number;
}

/** The caller's own caseload. */
export class CaseloadDto {
  @ApiProperty() officerId: string;
  @ApiProperty({ format: 'date', description: 'Today, in the pack’s zone' }) from: string;
  @ApiProperty({ format: 'date', description: 'Six days on: the week' }) to: string;
  @ApiProperty({ type: [CaseloadStreamDto], description: 'The running probation cases and open reports allocated to the caller' }) streams: CaseloadStreamDto[];
  @ApiProperty({ type: [DueItemDto], description: 'What is due this week, and whatever is overdue' }) due: DueItemDto[];
}

export class OfficerLoadDto {
  @ApiProperty({ nullable: true, type: String, description: 'null: the office’s streams allocated to no officer, and the reports not yet assigned that it would get' }) officerId: string | null;
  @ApiProperty({ description: 'Running probation cases' }) cases: number;
  @ApiProperty({ description: 'Open pre-sentence reports' }) reports: number;
  @ApiProperty({ description: 'Items due this week' }) dueThisWeek: number;
  @ApiProperty({ description: 'Items overdue' }) overdue: number;
}

/** An office's caseload: per officer, and the office's due list for the week. */
export class OfficeCaseloadDto {
  @ApiProperty({ example: 'PR-KG-GB-LENINSKY' }) office: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [OfficerLoadDto], description: 'Most cases first' }) officers: OfficerLoadDto[];
  @ApiProperty({ type: [DueItemDto] }) due: DueItemDto[];
}

export class DueListDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [DueItemDto] }) due: DueItemDto[];
}
