import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Role, ROLES } from '@icjims/contracts';
import { IsDateTime } from '@icjims/platform';

/** At most this many users, and as many roles, may be named in one restriction. */
export const MAX_NAMED = 50;

const REASON = { maxLength: 500, description: 'Why; kept in the restriction’s history, never published' };

export class RestrictPersonDto {
  @ApiPropertyOptional({ type: [String], maxItems: MAX_NAMED, description: 'Users (token `sub`s) who may still see the record' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_NAMED) @IsString({ each: true }) @Matches(/^[^\s\p{Cc}][^\p{Cc}]{0,127}$/u, { each: true, message: 'each of subs must be a user id of 1 to 128 characters, without line breaks or other control characters' })
  subs?: string[];

  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: 'Roles whose holders may still see the record (within the usual region rule)' })
  @IsOptional() @IsArray() @ArrayMaxSize(ROLES.length) @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiProperty({ format: 'date-time', example: '2027-06-30T00:00:00Z', description: 'The restriction lapses then; it must be in the future' })
  @IsDateTime()
  until: string;

  @ApiProperty({ ...REASON, example: 'Protected witness under a court order' })
  @IsString() @Matches(/\S/, { message: 'reason must not be blank' }) @MaxLength(500)
  reason: string;
}

export class LiftRestrictionDto {
  @ApiProperty({ ...REASON, example: 'Court order lifted' })
  @IsString() @Matches(/\S/, { message: 'reason must not be blank' }) @MaxLength(500)
  reason: string;
}

/** One change of a record's restriction: set (or replaced) or lifted, by whom, when and why. */
export class RestrictionChangeDto {
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ enum: ['set', 'lifted'] }) change: 'set' | 'lifted';
  @ApiProperty({ type: [String], description: 'Users who may still see the record (empty when lifted)' }) subs: string[];
  @ApiProperty({ enum: ROLES, isArray: true, description: 'Roles who may still see the record (empty when lifted)' }) roles: Role[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it lapses; null when lifted' }) until: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'Subject of the token that made the change' }) changedBy: string;
  @ApiProperty({ format: 'date-time' }) changedAt: string;
}

export class RestrictionListDto {
  @ApiProperty({ type: [RestrictionChangeDto], description: 'The restrictions in force, each as last set, soonest to lapse first, then by person id' })
  items: RestrictionChangeDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

export class RestrictionHistoryDto {
  @ApiProperty({ type: RestrictionChangeDto, nullable: true, description: 'The restriction in force, if any' }) current: RestrictionChangeDto | null;
  @ApiProperty({ type: [RestrictionChangeDto], description: 'Every change, oldest first' }) changes: RestrictionChangeDto[];
}
