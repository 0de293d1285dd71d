import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CASE_STATUSES, CaseStatus } from '@icjims/contracts';
import { IntegerQuery, IsDateTime } from '@icjims/platform';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export class CaseSearchQuery {
  @ApiPropertyOptional({ example: 'KG-GB', description: 'Regional callers: their own region only (another is 403); national callers: any, or all when absent' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9-]{1,16}$/, { message: 'region must be a region code such as KG-GB' })
  region?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional() @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ example: '209-1', maxLength: 32, description: 'Offence article the case was registered with' })
  @IsOptional() @IsString() @MaxLength(32)
  article?: string;

  @ApiPropertyOptional({ example: '05', description: 'ICCS section: the first two digits of the case’s ICCS code' })
  @IsOptional() @Matches(/^\d{2}$/, { message: 'iccsSection must be two digits, such as 05' })
  iccsSection?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-01T00:00:00Z', description: 'Registered at or after this time' })
  @IsOptional() @IsDateTime()
  registeredFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00Z', description: 'Registered before this time' })
  @IsOptional() @IsDateTime()
  registeredTo?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Report received at or after this time' })
  @IsOptional() @IsDateTime()
  receivedFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Report received before this time' })
  @IsOptional() @IsDateTime()
  receivedTo?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Offence committed at or after this time (cases without an offence time do not match)' })
  @IsOptional() @IsDateTime()
  offenceFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Offence committed before this time' })
  @IsOptional() @IsDateTime()
  offenceTo?: string;

  @ApiPropertyOptional({ maxLength: 128, description: 'Token subject of the responsible prosecutor' })
  @IsOptional() @IsString() @MaxLength(128)
  prosecutor?: string;

  @ApiPropertyOptional({ maxLength: 128, description: 'Token subject of the responsible investigator' })
  @IsOptional() @IsString() @MaxLength(128)
  investigator?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'The nextCursor of the previous page; the filters must stay the same' })
  @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;
}
