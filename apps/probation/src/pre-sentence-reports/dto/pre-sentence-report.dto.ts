import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PRE_SENTENCE_REPORT_STATUSES, PreSentenceReportStatus } from '@icjims/contracts';

export class ReportSubmissionDto {
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ description: 'Submitted by its due date (in the pack’s zone)' }) onTime: boolean;
}

/** A pre-sentence report as lists show it: the state kept with its journal's head. */
export class PreSentenceReportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The criminal case that requested it' }) caseId: string;
  @ApiProperty({ example: 'KG-GB' }) region: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The person reported on (pseudonymous id; identity in case-registry)' }) personId: string | null;
  @ApiProperty({ format: 'uuid', description: 'The pre_sentence_report_requested step' }) sourceStepId: string;
  @ApiProperty({ example: 'court', description: 'Pack probation.reportRequesters' }) requestedBy: string;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ description: 'Past its due date and neither submitted nor withdrawn' }) overdue: boolean;
  @ApiProperty({ enum: PRE_SENTENCE_REPORT_STATUSES }) status: PreSentenceReportStatus;
  @ApiProperty({ nullable: true, type: String, example: 'PR-KG-GB-LENINSKY' }) office: string | null;
  @ApiProperty({ nullable: true, type: String }) officerId: string | null;
  @ApiProperty({ type: [String], description: 'The sections drafted so far (pack probation.reportSections)' }) sectionsDrafted: string[];
  @ApiProperty({ nullable: true, type: String }) recommendation: string | null;
  @ApiProperty({ nullable: true, type: ReportSubmissionDto }) submitted: ReportSubmissionDto | null;
  @ApiProperty({ description: 'Entries in the report’s journal: its ETag' }) version: number;
}

export class ReportSectionDto {
  @ApiProperty({ example: 'personal_circumstances' }) section: string;
  @ApiProperty({ description: 'The latest draft' }) text: string;
  @ApiProperty({ format: 'date-time' }) draftedAt: string;
  @ApiProperty() draftedBy: string;
}

/** One report with the latest draft of each section. */
export class PreSentenceReportDetailDto extends PreSentenceReportDto {
  @ApiPropertyOptional({ type: [ReportSectionDto] }) sections: ReportSectionDto[];
}
