import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PRE_SENTENCE_REPORT_STATUSES, PreSentenceReportStatus } from '@icjims/contracts';
import { IntegerQuery } from '@icjims/platform';

export const DEFAULT_REPORT_PAGE = 50;
export const MAX_REPORT_PAGE = 100;

export class ListPreSentenceReportsQuery {
  @ApiPropertyOptional({ enum: PRE_SENTENCE_REPORT_STATUSES, description: 'Only reports in this status' })
  @IsOptional() @IsIn(PRE_SENTENCE_REPORT_STATUSES)
  status?: PreSentenceReportStatus;

  @ApiPropertyOptional({ type: 'boolean', description: 'true: only reports past their due date and neither submitted nor withdrawn; false: only the others' })
  @IsOptional() @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only reports requested in this criminal case' })
  @IsOptional() @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_REPORT_PAGE, default: DEFAULT_REPORT_PAGE, description: 'At most this many, soonest due first' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(MAX_REPORT_PAGE)
  limit: number = DEFAULT_REPORT_PAGE;
}
