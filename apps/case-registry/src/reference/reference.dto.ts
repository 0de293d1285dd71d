import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { OFFENCE_SEVERITIES, OffenceSeverity } from '@icjims/contracts';
import { MayBeOmitted } from '@icjims/platform';
import { AGENCY_KINDS, AgencyKind, ARTICLE, ICCS_CODE, LOCAL_CODE, REGION_CODE } from './reference-rules';

/*
 * Each item class is both what GET answers and what PUT takes, so the two cannot drift
 * apart. A PUT upserts the items it lists and removes the codes in `remove`, in one
 * transaction; what it does not mention stays as it is (a 64 kB body need not hold all).
 */

export class DistrictDto {
  @ApiProperty({ example: 'tallinn', pattern: LOCAL_CODE.source, description: 'Unique within its region' })
  @IsString() @Matches(LOCAL_CODE, { message: 'code must be 1–32 letters, digits, "-" or "_"' })
  code: string;

  @ApiProperty({ example: 'Tallinn', maxLength: 100 })
  @IsString() @Length(1, 100)
  name: string;
}

export class RegionDto {
  @ApiProperty({ example: 'EE-37', pattern: REGION_CODE.source, description: 'The jurisdiction code tokens carry in `region`' })
  @IsString() @Matches(REGION_CODE, { message: 'code must be 1–16 letters, digits or "-"' })
  code: string;

  @ApiProperty({ example: 'Harju', maxLength: 100 })
  @IsString() @Length(1, 100)
  name: string;

  @ApiProperty({ type: [DistrictDto], maxItems: 200, description: 'The region’s districts; a case’s district must be one of them' })
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => DistrictDto)
  districts: DistrictDto[];
}

export class AgencyDto {
  @ApiProperty({ example: 'PPA-NORTH', pattern: LOCAL_CODE.source })
  @IsString() @Matches(LOCAL_CODE, { message: 'code must be 1–32 letters, digits, "-" or "_"' })
  code: string;

  @ApiProperty({ example: 'Police and Border Guard Board, North Prefecture', maxLength: 200 })
  @IsString() @Length(1, 200)
  name: string;

  @ApiProperty({ enum: AGENCY_KINDS })
  @IsIn(AGENCY_KINDS)
  kind: AgencyKind;
}

export class OffenceDto {
  @ApiProperty({ example: '199-1', pattern: ARTICLE.source, description: 'Criminal-code article with part' })
  @IsString() @MaxLength(32) @Matches(ARTICLE, { message: 'article must be an article number with its parts, e.g. 199-1' })
  article: string;

  @ApiProperty({ example: 'Theft', maxLength: 200 })
  @IsString() @Length(1, 200)
  title: string;

  @ApiProperty({ enum: OFFENCE_SEVERITIES })
  @IsIn(OFFENCE_SEVERITIES)
  severity: OffenceSeverity;

  @ApiProperty({ example: '0502', pattern: ICCS_CODE.source, description: 'ICCS code (UNODC International Classification of Crime for Statistical Purposes), 2–6 digits' })
  @IsString() @Matches(ICCS_CODE, { message: 'iccsCode must be 2–6 digits' })
  iccsCode: string;

  @ApiProperty({ example: '05 Acts against property only', maxLength: 200, description: 'The ICCS section: the first two digits of iccsCode, a space, its name' })
  @IsString() @MaxLength(200)
  iccsSection: string;
}

/** What every PUT takes besides its list: codes to remove, which no case may use. */
class Removals {
  @ApiPropertyOptional({ type: [String], maxItems: 1000, description: 'Codes to remove; refused with 409 while a case uses one. Unknown codes are ignored, so a repeated PUT succeeds.' })
  @MayBeOmitted() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(32, { each: true })
  remove?: string[];
}

export class ReplaceRegionsDto extends Removals {
  @ApiProperty({ type: [RegionDto], maxItems: 100, description: 'Regions to add or update; each listed region’s districts become exactly the ones given' })
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => RegionDto)
  regions: RegionDto[];
}

export class ReplaceAgenciesDto extends Removals {
  @ApiProperty({ type: [AgencyDto], maxItems: 500, description: 'Agencies to add or update' })
  @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => AgencyDto)
  agencies: AgencyDto[];
}

export class ReplaceOffencesDto extends Removals {
  @ApiProperty({ type: [OffenceDto], maxItems: 1000, description: 'Offences to add or update (cases keep the classification they were registered with)' })
  @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => OffenceDto)
  offences: OffenceDto[];
}
