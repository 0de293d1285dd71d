import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ACCESS_OUTCOMES, SERVICE_NAMES } from '@icjims/contracts';
import { IntegerQuery, IsDateTime } from '@icjims/platform';
import { AccessActorDto } from '../../access-log/dto/access-log-entry.dto';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../access-log/dto/access-log-query.dto';

/** The period a report covers; both ends optional. */
export class DataSubjectReportPeriod {
  @ApiPropertyOptional({ format: 'date-time', example: '2026-01-01T00:00:00Z', description: 'Consultations at or after this time' })
  @IsOptional() @IsDateTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2027-01-01T00:00:00Z', description: 'Consultations before this time' })
  @IsOptional() @IsDateTime()
  to?: string;
}

export class DataSubjectReportQuery extends DataSubjectReportPeriod {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Cursor: only consultations with a seq below this — the nextBefore of the previous page' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1)
  before?: number;
}

/** One consultation of the person’s data: who, when, why, what, with what outcome. */
export class ConsultationDto {
  @ApiProperty({ type: 'integer', description: 'The entry’s position in the access log (GET /access-logs, its proofs)' }) seq: number;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: AccessActorDto, description: 'Who: the user (token subject), their roles and region' }) actor: AccessActorDto;
  @ApiProperty({ type: String, nullable: true, example: 'investigation', description: 'Why: the purpose stated (null where none was required)' }) purpose: string | null;
  @ApiProperty({ enum: SERVICE_NAMES }) service: string;
  @ApiProperty({ example: 'read' }) action: string;
  @ApiProperty({ example: 'person' }) resourceType: string;
  @ApiProperty({ type: String, nullable: true }) resourceId: string | null;
  @ApiProperty({ type: String, nullable: true }) caseId: string | null;
  @ApiProperty({ enum: ACCESS_OUTCOMES, description: 'allowed: the data was shown or changed; otherwise the call was refused' }) outcome: string;
}

export class DataSubjectReportDto {
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [ConsultationDto], description: 'Newest first' }) items: ConsultationDto[];
  @ApiProperty({ type: 'integer', nullable: true, description: 'Pass as `before` for the next (older) page; null on the last page' })
  nextBefore: number | null;
}
