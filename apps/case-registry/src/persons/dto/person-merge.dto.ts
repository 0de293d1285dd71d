import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** Longest reason a merge or unmerge keeps (the columns' CHECK). */
const REASON_MAX = 500;

/**
 * Why a merge or an unmerge was made: trimmed, not blank, at most REASON_MAX characters, and
 * no control characters (a reason is one line in the record's history).
 */
function MergeReason(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    Matches(/\S/, { message: 'reason must not be blank' }),
    MaxLength(REASON_MAX),
    Matches(/^\P{Cc}*$/u, { message: 'reason must not contain control characters' }),
  );
}

export class MergePersonsDto {
  @ApiProperty({ format: 'uuid', description: 'The record to merge away; it must not hold a national ID (the record with the ID survives)' })
  @IsUUID()
  mergedPersonId: string;

  @ApiProperty({ maxLength: REASON_MAX, example: 'Same person recorded twice before the ID was known', description: 'Why; trimmed, one line; kept with the merged record, never published' })
  @MergeReason()
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

export class UnmergePersonDto {
  @ApiProperty({ maxLength: REASON_MAX, example: 'Two different persons: the dates of birth differ', description: 'Why the merge was wrong; trimmed, one line; kept with the merge, never published' })
  @MergeReason()
  reason: string;
}

export class PersonUnmergeDto {
  @ApiProperty({ format: 'uuid', description: 'The record that was merged away and is a record of its own again' }) restoredPersonId: string;
  @ApiProperty({ format: 'uuid', description: 'The record it had been merged into' }) survivingPersonId: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) unmergedAt: string;
  @ApiProperty({ description: 'Subject of the unmerging officer’s token' }) unmergedBy: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The cases the merge touched; one PersonUnmerged event each' })
  caseIds: string[];
}

/** One merge in a record's history, undone or in force. */
export class PersonMergeEntryDto {
  @ApiProperty({ format: 'uuid' }) mergeId: string;
  @ApiProperty({ format: 'uuid' }) survivingPersonId: string;
  @ApiProperty({ format: 'uuid' }) mergedPersonId: string;
  @ApiProperty({ description: 'Why the records were merged' }) reason: string;
  @ApiProperty({ format: 'date-time' }) mergedAt: string;
  @ApiProperty({ description: 'Subject of the merging officer’s token' }) mergedBy: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the merge was undone; null while it is in force' }) unmergedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Subject of the unmerging officer’s token' }) unmergedBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the merge was undone' }) unmergeReason: string | null;
}

export class PersonMergeHistoryDto {
  @ApiProperty({ type: [PersonMergeEntryDto], description: 'Newest merge first; at most 100' }) items: PersonMergeEntryDto[];
}
