import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PACK_CODE } from '@icjims/contracts';
import type { Labels } from '@icjims/jurisdiction';
import { IntegerQuery, MayBeOmitted } from '@icjims/platform';
import { ARTICLE, ICCS_CODE, LOCAL_CODE, REGION_CODE } from './reference-rules';

/*
 * Each item class is both what GET answers and what PUT takes, so the two cannot drift
 * apart. A GET gives `name`/`title` in the request's language and every label in `labels`.
 * A PUT upserts the items it lists and removes the codes in `remove`, in one transaction;
 * what it does not mention stays as it is (a 64 kB body need not hold all). An item's
 * `labels` are laid over the ones it has (languages not given keep theirs); `name`/`title`
 * sets the English label.
 */

const LABELS = {
  type: 'object',
  additionalProperties: { type: 'string', minLength: 1, maxLength: 200 },
  example: { en: 'Bishkek', ky: 'Бишкек', ru: 'Бишкек' },
  description: 'The name by language of the jurisdiction pack (GET /api/v1/reference/… answers all; a PUT may give some). A language the pack does not have is refused.',
} as const;

class Labelled {
  @ApiPropertyOptional(LABELS)
  @MayBeOmitted() @IsObject()
  labels?: Labels;
}

class Named extends Labelled {
  @ApiProperty({ example: 'Bishkek', maxLength: 200, description: 'In the request’s language (Accept-Language); on a PUT, the English name (or give labels)' })
  @MayBeOmitted() @IsString() @Length(1, 200)
  name?: string;
}

export class DistrictDto extends Named {
  @ApiProperty({ example: 'leninsky', pattern: LOCAL_CODE.source, description: 'Unique within its region' })
  @IsString() @Matches(LOCAL_CODE, { message: 'code must be 1–32 letters, digits, "-" or "_"' })
  code: string;
}

export class RegionDto extends Named {
  @ApiProperty({ example: 'KG-GB', pattern: REGION_CODE.source, description: 'The jurisdiction code tokens carry in `region`' })
  @IsString() @Matches(REGION_CODE, { message: 'code must be 1–16 letters, digits or "-"' })
  code: string;

  @ApiProperty({ type: [DistrictDto], maxItems: 200, description: 'The region’s districts; a case’s district must be one of them' })
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => DistrictDto)
  districts: DistrictDto[];
}

export class AgencyDto extends Named {
  @ApiProperty({ example: 'PR-GB', pattern: LOCAL_CODE.source })
  @IsString() @Matches(LOCAL_CODE, { message: 'code must be 1–32 letters, digits, "-" or "_"' })
  code: string;

  @ApiProperty({ example: 'prosecutor', description: 'One of the jurisdiction pack’s agency kinds' })
  @IsString() @Matches(PACK_CODE, { message: 'kind must be a snake_case code of at most 32 characters' })
  kind: string;
}

export class OffenceDto extends Labelled {
  @ApiProperty({ example: '209-1', pattern: ARTICLE.source, description: 'Criminal-code article with part' })
  @IsString() @MaxLength(32) @Matches(ARTICLE, { message: 'article must be an article number with its parts, e.g. 209-1' })
  article: string;

  @ApiProperty({ example: 'Fraud', maxLength: 200, description: 'In the request’s language (Accept-Language); on a PUT, the English title (or give labels)' })
  @MayBeOmitted() @IsString() @Length(1, 200)
  title?: string;

  @ApiProperty({ example: 'minor', description: 'One of the jurisdiction pack’s severity classes' })
  @IsString() @Matches(PACK_CODE, { message: 'severity must be a snake_case code of at most 32 characters' })
  severity: string;

  @ApiProperty({ example: '0701', pattern: ICCS_CODE.source, description: 'ICCS code (UNODC International Classification of Crime for Statistical Purposes), 2–6 digits' })
  @IsString() @Matches(ICCS_CODE, { message: 'iccsCode must be 2–6 digits' })
  iccsCode: string;

  @ApiProperty({ example: '07 Acts involving fraud, deception or corruption', maxLength: 200, description: 'The ICCS section: the first two digits of iccsCode, a space, its name' })
  @IsString() @MaxLength(200)
  iccsSection: string;

  @ApiPropertyOptional({ default: false, description: 'Sexual or gender-based violence, for the gender-responsive indicators' })
  @MayBeOmitted() @IsBoolean()
  sexualOrGenderBasedViolence?: boolean;
}

export class CourtDto {
  @ApiProperty({ example: 'RC-GB' }) code: string;
  @ApiProperty({ example: 'Bishkek City Court', description: 'In the request’s language (Accept-Language)' }) name: string;
  @ApiProperty(LABELS) labels: Labels;
  @ApiProperty({ example: 'regional', description: 'One of the jurisdiction pack’s court levels' }) level: string;
  @ApiProperty({ example: 'KG-GB', nullable: true, type: String, description: 'The region it serves; null for a national court' }) region: string | null;
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

export const HISTORY_PAGE_SIZE = 50;
export const MAX_HISTORY_PAGE_SIZE = 200;

export class ReferenceHistoryQuery {
  @ApiPropertyOptional({ maxLength: 200, description: 'The nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_HISTORY_PAGE_SIZE, default: HISTORY_PAGE_SIZE })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(MAX_HISTORY_PAGE_SIZE)
  limit: number = HISTORY_PAGE_SIZE;
}

export class ReferenceChangeDto {
  @ApiProperty({ example: '2026-12-04T20:00:00.000Z' }) changedAt: string;
  @ApiProperty({ example: 'pack KG 2026.1', description: '"pack <country> <version>" for the jurisdiction pack, else the token subject of the admin' }) source: string;
  @ApiProperty({ enum: ['region', 'district', 'agency', 'offence', 'court'] }) kind: string;
  @ApiProperty({ example: 'KG-GB/leninsky', description: 'The code; region/code for a district, the article for an offence' }) code: string;
  @ApiProperty({ enum: ['added', 'changed', 'removed'] }) change: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The row before (null when added), by column' }) before: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The row after (null when removed), by column' }) after: Record<string, unknown> | null;
}

export class ReferenceHistoryPageDto {
  @ApiProperty({ type: [ReferenceChangeDto], description: 'Newest first' }) items: ReferenceChangeDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor: string | null;
}
