import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { PersonMergeDto } from './person-merge.dto';

export const IDENTITY_RESOLUTIONS = ['merge', 'dismiss'] as const;
export type IdentityResolution = (typeof IDENTITY_RESOLUTIONS)[number];

/** A provisional record waiting for a national admin to decide whether it is the national ID's holder. */
export class IdentityReviewDto {
  @ApiProperty({ format: 'uuid', description: 'The provisional record' }) personId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The record holding the national ID the provisional record claims' })
  nationalIdHolderId: string | null;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ description: 'Subject of the token whose add created the provisional record' }) openedBy: string;
}

export class IdentityReviewListDto {
  @ApiProperty({ type: [IdentityReviewDto], description: 'Pending reviews, oldest first, then by person id' }) items: IdentityReviewDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

export class ResolveIdentityReviewDto {
  @ApiProperty({
    enum: IDENTITY_RESOLUTIONS,
    description: 'merge: the same person — the provisional record is merged into the holder of the national ID (its roles move there); dismiss: keep them apart',
  })
  @IsIn(IDENTITY_RESOLUTIONS)
  resolution: IdentityResolution;

  @ApiProperty({ maxLength: 500, example: 'Same person: date of birth and address match the ID card' })
  @IsString() @Matches(/\S/, { message: 'reason must not be blank' }) @MaxLength(500)
  reason: string;
}

export class IdentityReviewResolutionDto {
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ enum: ['merged', 'dismissed'] }) resolution: 'merged' | 'dismissed';
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) resolvedAt: string;
  @ApiProperty({ description: 'Subject of the resolving admin’s token' }) resolvedBy: string;
  @ApiProperty({ type: PersonMergeDto, nullable: true, description: 'The merge, when merged' }) merge: PersonMergeDto | null;
}
