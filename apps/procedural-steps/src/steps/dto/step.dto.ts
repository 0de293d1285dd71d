import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class StepDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ description: 'Position in the case journal, from 1' }) sequence: number;
  @ApiProperty({ example: 'sentence' }) stepType: string;
  @ApiProperty({ format: 'date-time', description: 'When it happened' }) occurredAt: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded (server clock)' }) recordedAt: string;
  @ApiProperty({ description: 'Subject of the recording officer’s token' }) recordedBy: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) personId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, string | number | boolean>;
}
