import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { CORRECTION_ACTIONS } from '@icjims/contracts';
import { IsDateTime } from '@icjims/platform';
import { STEP_TYPE_CODES } from '../../step-types/step-catalogue';
import { stepDetailsSchemas } from '../../step-types/step-details.schema';

export class CorrectionDto {
  @ApiProperty({ format: 'uuid', description: 'The step being corrected (of the same case)' })
  @IsUUID()
  correctsStepId: string;

  @ApiProperty({ maxLength: 1000, example: 'Wrong date of detention entered', description: 'Why the step is corrected' })
  @IsString() @IsNotEmpty() @MaxLength(1000)
  reason: string;

  @ApiProperty({ enum: CORRECTION_ACTIONS, description: 'annul: the step is treated as never having happened; amend: replaced by the values given here' })
  @IsIn(CORRECTION_ACTIONS)
  action: (typeof CORRECTION_ACTIONS)[number];

  @ApiPropertyOptional({ example: '2026-11-23T09:30:00Z', description: 'amend: the corrected time the step happened' })
  @IsOptional() @IsDateTime()
  occurredAt?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'amend: the corrected person of a person-level step' })
  @IsOptional() @IsUUID()
  personId?: string;

  @ApiPropertyOptional(stepDetailsSchemas('amend: the corrected fields of the step (all of them, as for a new step)'))
  @IsOptional() @IsObject()
  details?: Record<string, unknown>;
}

export class RecordStepDto {
  @ApiProperty({ enum: STEP_TYPE_CODES, description: 'A code from GET /step-types' })
  @IsIn(STEP_TYPE_CODES)
  stepType: string;

  @ApiProperty({ example: '2026-11-23T09:30:00Z', description: 'When the step happened: not in the future, not before the report was received' })
  @IsDateTime()
  occurredAt: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Pseudonymous id of the person a person-level step concerns (a person of the case; one who has left it only for their release or the lifting of a measure)' })
  @IsOptional() @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ ...stepDetailsSchemas('Fields of the step type, as listed by GET /step-types'), example: { sentenceType: 'probation', termMonths: 24 } })
  @IsOptional() @IsObject()
  details?: Record<string, unknown>;

  @ApiPropertyOptional({ minimum: 0, description: 'The journal version (number of steps) the recorder saw; another version is a 409. The If-Match header does the same.' })
  @IsOptional() @IsInt() @Min(0)
  expectedVersion?: number;

  @ApiPropertyOptional({ type: CorrectionDto, description: 'Required for, and only for, stepType "correction"' })
  @IsOptional() @ValidateNested() @Type(() => CorrectionDto)
  correction?: CorrectionDto;
}
