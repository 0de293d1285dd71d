import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PROBATION_CASE_STATUSES, ProbationCaseStatus } from '@icjims/contracts';
import { IntegerQuery } from '@icjims/platform';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export class ListProbationCasesQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only probation cases of this criminal case' })
  @IsOptional() @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ enum: PROBATION_CASE_STATUSES, description: 'Only probation cases in this status; every status when absent' })
  @IsOptional() @IsIn(PROBATION_CASE_STATUSES)
  status?: ProbationCaseStatus;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'At most this many, newest first' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;
}
