import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { StepDetailsV1 } from '@icjims/contracts';

export class StepDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ description: 'Position in the case journal, from 1; also the journal version after this step' }) sequence: number;
  @ApiProperty({ example: 'sentence' }) stepType: string;
  @ApiProperty({ format: 'date-time', description: 'When it happened' }) occurredAt: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded (server clock)' }) recordedAt: string;
  @ApiProperty({ description: 'Recorded later after it happened than the jurisdiction pack’s recording term of steps (24 hours in the shipped packs)' }) recordedLate: boolean;
  @ApiProperty({ description: 'Subject of the recording officer’s token' }) recordedBy: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) personId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Fields of the step type: scalars, and arrays of codes for `codes` fields' }) details: StepDetailsV1;
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'For a correction: the step it corrects; its details then hold reason, action and, for an amendment, the corrected occurredAt, personId and details.<name>',
  })
  correctsStepId: string | null;
  @ApiProperty({ description: 'sha256 of the previous step’s hash and this step’s fields (see GET …/steps/verification)' }) hash: string;
}

export class ChainVerificationDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ description: 'Steps found intact, in order, before the first break' }) checked: number;
  @ApiPropertyOptional({ description: 'Sequence of the first step at which the chain does not hold' }) firstBrokenSequence?: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'Id of that step, when it exists' }) firstBrokenStepId?: string;
}
