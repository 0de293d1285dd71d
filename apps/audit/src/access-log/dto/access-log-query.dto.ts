import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ACCESS_OUTCOMES, AccessOutcome, SERVICE_NAMES, ServiceName } from '@icjims/contracts';
import { IntegerQuery, IsDateTime } from '@icjims/platform';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

export class AccessLogQuery {
  @ApiPropertyOptional({ description: 'Only calls by this token subject' })
  @IsOptional() @IsString() @MaxLength(128)
  sub?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only calls that touched this case' })
  @IsOptional() @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-01T00:00:00Z', description: 'Calls at or after this time' })
  @IsOptional() @IsDateTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00Z', description: 'Calls before this time' })
  @IsOptional() @IsDateTime()
  to?: string;

  @ApiPropertyOptional({ enum: ACCESS_OUTCOMES, description: 'allowed; denied (401/403); rejected (other 4xx); failed (5xx)' })
  @IsOptional() @IsIn(ACCESS_OUTCOMES)
  outcome?: AccessOutcome;

  @ApiPropertyOptional({ enum: SERVICE_NAMES, description: 'Only calls to this service' })
  @IsOptional() @IsIn(SERVICE_NAMES)
  service?: ServiceName;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Cursor: only entries with a seq below this — the nextBefore of the previous page' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1)
  before?: number;
}
