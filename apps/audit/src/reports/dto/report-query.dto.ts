import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IntegerQuery, IsDateTime } from '@icjims/platform';

export const DEFAULT_REPORT_ROWS = 100;
export const MAX_REPORT_ROWS = 500;

/** A report covers a period of its own choosing, of at most MAX_REPORT_DAYS. */
export class ReportQuery {
  @ApiProperty({ format: 'date-time', example: '2026-11-01T00:00:00Z', description: 'Start of the period (inclusive)' })
  @IsDateTime()
  from: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T00:00:00Z', description: 'End of the period (exclusive); at most 366 days after from' })
  @IsDateTime()
  to: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_REPORT_ROWS, default: DEFAULT_REPORT_ROWS, description: 'Most rows, the most remarkable first' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(MAX_REPORT_ROWS)
  limit: number = DEFAULT_REPORT_ROWS;
}

export class PersonsConsultedQuery extends ReportQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Report everyone who consulted at least this many distinct persons (default AUDIT_PERSONS_THRESHOLD)' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1)
  threshold?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 2, maximum: 1000, description: 'Report also who consulted this many times their own average (default AUDIT_PERSONS_BASELINE_FACTOR)' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(2) @Max(1000)
  baselineFactor?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 52, description: 'Average over this many periods of the same length just before from (default AUDIT_PERSONS_BASELINE_PERIODS)' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(52)
  baselinePeriods?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The baseline rule reports only users with at least this many persons (default AUDIT_PERSONS_BASELINE_MINIMUM)' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1)
  baselineMinimum?: number;
}

export const BURST_KEYS = ['user', 'address'] as const;
export type BurstKey = (typeof BURST_KEYS)[number];
export const REFUSAL_OUTCOMES = ['denied', 'rejected', 'throttled'] as const;
export type RefusalOutcome = (typeof REFUSAL_OUTCOMES)[number];

export class RefusalBurstsQuery extends ReportQuery {
  @ApiPropertyOptional({ enum: BURST_KEYS, default: 'user', description: 'Count per user (token subject) or per client address' })
  @IsOptional() @IsIn(BURST_KEYS)
  by: BurstKey = 'user';

  @ApiPropertyOptional({
    type: String,
    example: 'denied,throttled',
    default: 'denied,throttled',
    description: 'Comma-separated outcomes that count as refusals: denied (401/403), throttled (429s, each entry weighs its count), rejected (other 4xx — e.g. probing ids that do not exist)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray() @ArrayNotEmpty() @IsIn(REFUSAL_OUTCOMES, { each: true })
  outcomes: RefusalOutcome[] = ['denied', 'throttled'];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 86400, description: 'Length of the sliding window in seconds (default AUDIT_REFUSAL_BURST_WINDOW_SECONDS)' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(86400)
  windowSeconds?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 2, description: 'Refusals within one window that make a burst (default AUDIT_REFUSAL_BURST_THRESHOLD)' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(2)
  threshold?: number;
}
