import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsObject, IsOptional, IsUUID } from 'class-validator';
import { STEP_TYPE_CODES } from '../../step-types/step-catalogue';

export class RecordStepDto {
  @ApiProperty({ enum: STEP_TYPE_CODES, description: 'A code from GET /step-types' })
  @IsIn(STEP_TYPE_CODES)
  stepType: string;

  @ApiProperty({ example: '2026-11-23T09:30:00Z', description: 'When the step happened: not in the future, not before the report was received' })
  @IsISO8601({ strict: true })
  occurredAt: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Pseudonymous id of the person a person-level step concerns' })
  @IsOptional() @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { sentenceType: 'probation', termMonths: 24 }, description: 'Fields of the step type, as listed by GET /step-types' })
  @IsOptional() @IsObject()
  details?: Record<string, unknown>;
}
