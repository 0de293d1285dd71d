import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class JoinCaseDto {
  @ApiProperty({ format: 'uuid', description: 'The case to join this one into: of the same region as far as the caller is concerned, neither closed nor itself joined' })
  @IsUUID()
  intoCaseId: string;

  @ApiProperty({ minLength: 1, maxLength: 500, example: 'Same suspect, same series of burglaries', description: 'Why; kept with the link, never published' })
  @IsString() @Matches(/\S/, { message: 'reason must not be blank' }) @MaxLength(500)
  reason: string;
}
