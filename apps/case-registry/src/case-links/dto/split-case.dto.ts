import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** At most this many persons move in one split. */
export const MAX_SPLIT_PERSONS = 50;

export class SplitCaseDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: MAX_SPLIT_PERSONS,
    uniqueItems: true,
    description: 'The persons whose proceedings go to the new case; each must hold a role in this case, and every role they hold here moves',
  })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_SPLIT_PERSONS) @IsUUID('all', { each: true }) @ArrayUnique((id: string) => String(id).toLowerCase())
  personIds: string[];

  @ApiProperty({ minLength: 1, maxLength: 500, example: 'The accomplice is tried separately', description: 'Why; kept with the link, never published' })
  @IsString() @Matches(/\S/, { message: 'reason must not be blank' }) @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'The new case’s description; stays in case-registry. Absent: “Split off case <number>”, never this case’s own description' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({
    example: '209-1',
    maxLength: 32,
    description: 'Article from GET /reference/offences for the new case. Absent: this case’s classification as it was recorded',
  })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(32)
  offenceArticle?: string;
}
