import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class MergePersonsDto {
  @ApiProperty({ format: 'uuid', description: 'The record to merge away; it must not hold a national ID (the record with the ID survives)' })
  @IsUUID()
  mergedPersonId: string;

  @ApiProperty({ maxLength: 500, example: 'Same person recorded twice before the ID was known', description: 'Why; kept with the merged record, never published' })
  @IsString() @Matches(/\S/, { message: 'reason must not be blank' }) @MaxLength(500)
  reason: string;
}

export class PersonMergeDto {
  @ApiProperty({ format: 'uuid' }) survivingPersonId: string;
  @ApiProperty({ format: 'uuid' }) mergedPersonId: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) mergedAt: string;
  @ApiProperty({ description: 'Subject of the merging officer’s token' }) mergedBy: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The cases whose roles moved to the surviving record; one PersonMerged event each' })
  caseIds: string[];
}
