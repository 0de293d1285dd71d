import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { IsDateTime } from '@icjims/platform';

/**
 * The bodies of the commands on a pre-sentence report. The shape is checked here (400 naming the
 * field); codes of the pack (offices, sections, recommendations) and the legal order are the
 * domain's to judge (422 naming the field, 409 when the report already holds it).
 */

/** Most characters of one section's text: the domain's bound too. */
export const MAX_SECTION_TEXT = 20_000;

export class ReportCommandDto {
  @ApiPropertyOptional({ example: '2026-11-23T09:30:00Z', description: 'When it happened: not in the future, not before the report was requested. Default: now.' })
  @IsOptional() @IsDateTime()
  occurredAt?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'The report’s version the caller saw (its ETag); another version is a 409. The If-Match header does the same.' })
  @IsOptional() @IsInt() @Min(0)
  expectedVersion?: number;
}

export class AssignReportDto extends ReportCommandDto {
  @ApiProperty({ example: 'PR-KG-GB-LENINSKY', maxLength: 32, description: 'A probation office of the pack; the first assignment stays in the supervisor’s own office, a later one to another office transfers the report' })
  @IsString() @IsNotEmpty() @MaxLength(32)
  office: string;

  @ApiProperty({ example: 'officer-17', maxLength: 64, description: 'The officer who drafts it: their token subject (sub)' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  officerId: string;
}

export class DraftSectionDto extends ReportCommandDto {
  @ApiProperty({ maxLength: MAX_SECTION_TEXT, description: 'The section’s text as it now stands (it replaces an earlier draft). Kept in the probation journal only: never published, never logged. Line breaks and tabs allowed, other control characters not.' })
  @IsString() @MaxLength(MAX_SECTION_TEXT)
  text: string;
}

export class SubmitReportDto extends ReportCommandDto {
  @ApiProperty({ example: 'community_supervision_suitable', maxLength: 64, description: 'The recommendation: a code of the pack’s probation reportRecommendations. Every section of the pack must be drafted first.' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  recommendation: string;
}
