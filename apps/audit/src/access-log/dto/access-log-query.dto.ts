import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ACCESS_OUTCOMES, AccessOutcome, NATIONAL_REGION, SERVICE_NAMES, ServiceName } from '@icjims/contracts';
import { IntegerQuery, IsDateTime, PURPOSE_CODE } from '@icjims/platform';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** A region code as tokens carry it (or `national`): letters, digits and dashes. */
const REGION_CODE = /^[A-Za-z0-9-]{1,16}$/;

/** Which entries: every filter narrows; the list and both exports take the same ones. */
export class AccessLogFilter {
  @ApiPropertyOptional({ description: 'Only calls by this token subject (user)' })
  @IsOptional() @IsString() @MaxLength(128)
  sub?: string;

  @ApiPropertyOptional({
    example: 'KG-GB',
    description: `Only calls by callers of this region (the caller’s token region); \`${NATIONAL_REGION}\` for national callers. A regional auditor may only name their own region.`,
  })
  @IsOptional() @IsString() @Matches(REGION_CODE, { message: 'region must be a region code such as KG-GB, or national' })
  region?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only calls that consulted or changed the data of this person (the entry’s personIds)' })
  @IsOptional() @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only calls that touched this case' })
  @IsOptional() @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ example: 'person', description: 'Only calls on this kind of resource (case, person, step, probation-case, access-log …)' })
  @IsOptional() @IsString() @MaxLength(64)
  resourceType?: string;

  @ApiPropertyOptional({ description: 'Only calls on the resource with this id' })
  @IsOptional() @IsString() @MaxLength(128)
  resourceId?: string;

  @ApiPropertyOptional({ example: 'investigation', description: 'Only calls made for this purpose (X-Purpose; codes: GET /api/v1/access-purposes)' })
  @IsOptional() @IsString() @Matches(PURPOSE_CODE, { message: 'purpose must be a purpose code such as investigation' })
  purpose?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-01T00:00:00Z', description: 'Calls at or after this time' })
  @IsOptional() @IsDateTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00Z', description: 'Calls before this time' })
  @IsOptional() @IsDateTime()
  to?: string;

  @ApiPropertyOptional({
    enum: ACCESS_OUTCOMES,
    description: 'allowed; denied (401/403); rejected (other 4xx); failed (5xx); throttled (429s of one client in one window, counted in one entry)',
  })
  @IsOptional() @IsIn(ACCESS_OUTCOMES)
  outcome?: AccessOutcome;

  @ApiPropertyOptional({ enum: SERVICE_NAMES, description: 'Only calls to this service' })
  @IsOptional() @IsIn(SERVICE_NAMES)
  service?: ServiceName;
}

export class AccessLogQuery extends AccessLogFilter {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Cursor: only entries with a seq below this — the nextBefore of the previous page' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1)
  before?: number;
}
