import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATUSES, CaseStatus, StepDetailsV1 } from '@icjims/contracts';
import { CaseJournalVerificationDto } from '../../journal-tree/dto/journal-tree.dto';
import { StepDto } from '../../steps/dto/step.dto';

export const ENTRY_STANDINGS = ['in_effect', 'amended', 'annulled'] as const;
export type EntryStanding = (typeof ENTRY_STANDINGS)[number];

export class CorrectionNoteDto {
  @ApiProperty({ format: 'uuid' }) stepId: string;
  @ApiProperty() sequence: number;
  @ApiProperty({ enum: ['annul', 'amend'] }) action: 'annul' | 'amend';
  @ApiProperty() reason: string;
}

export class EffectiveValuesDto {
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) personId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: StepDetailsV1;
}

export class TimelineEntryDto {
  @ApiProperty({ type: StepDto, description: 'The step as recorded' }) step: StepDto;
  @ApiProperty({ example: 'Detention' }) title: string;
  @ApiProperty({ enum: ENTRY_STANDINGS, description: 'Whether later corrections left the step as it was, amended it or annulled it' }) standing: EntryStanding;
  @ApiPropertyOptional({ type: EffectiveValuesDto, nullable: true, description: 'The values in effect after corrections (null when annulled)' })
  effective: EffectiveValuesDto | null;
  @ApiProperty({ type: [CorrectionNoteDto], description: 'The corrections of this step, in order' }) correctedBy: CorrectionNoteDto[];
}

export class TimelineDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'KG-GB-2026-000042' }) caseNumber: string;
  @ApiProperty({ example: 'KG-GB' }) region: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: CaseStatus;
  @ApiProperty({ description: 'The journal version (number of steps)' }) version: number;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: CaseJournalVerificationDto, description: 'The hash chain and the latest signed checkpoint checked as the timeline was read' })
  integrity: CaseJournalVerificationDto;
  @ApiProperty({ type: [TimelineEntryDto] }) entries: TimelineEntryDto[];
}
