import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEADLINE_STATES, DeadlineState } from './deadline-query.dto';

export class DeadlineDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'KG-GB-2026-000042' }) caseNumber: string;
  @ApiProperty({ example: 'KG-GB' }) region: string;
  @ApiProperty({ example: 'detention_court_decision', description: 'Code of the rule (GET /deadline-rules)' }) rule: string;
  @ApiProperty({ type: 'integer', example: 1, description: 'The version of the rule the clock started under and keeps (GET /deadline-rules/{code}/versions)' }) ruleVersion: number;
  @ApiProperty({ description: 'The rule’s title in the request language (Accept-Language) where the rule has a label in it, else as stored (English)' }) title: string;
  @ApiProperty({ description: 'The law that sets the deadline' }) legalReference: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The person a person-level deadline runs for' }) personId: string | null;
  @ApiProperty({ format: 'uuid', description: 'The step that started the clock' }) startStepId: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'date', example: '2026-02-02', description: 'The local date of dueAt in the jurisdiction’s time zone: the day the deadline falls on there' })
  dueDate: string;
  @ApiProperty({ enum: DEADLINE_STATES }) state: DeadlineState;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) stoppedAt: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) breachedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) responsibleProsecutor: string | null;
  @ApiPropertyOptional({ nullable: true }) responsibleInvestigator: string | null;
}

export class DeadlinePageDto {
  @ApiProperty({ type: [DeadlineDto] }) items: DeadlineDto[];
  @ApiPropertyOptional({ nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}
