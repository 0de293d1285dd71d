import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IntegerQuery, IsDateTime } from '@icjims/platform';

export const DEADLINE_STATES = ['running', 'breached', 'stopped'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

export class DeadlineQuery {
  @ApiPropertyOptional({ example: 'KG-GB', pattern: '^[A-Za-z0-9-]{1,16}$', description: 'Region of the case; regional callers see only their own' })
  @IsOptional() @Matches(/^[A-Za-z0-9-]{1,16}$/, { message: 'region must be a region code such as KG-GB' })
  region?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 128, description: 'Token subject of the responsible prosecutor or investigator' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(128)
  responsible?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00Z', description: 'Only deadlines due before this time' })
  @IsOptional() @IsDateTime()
  dueBefore?: string;

  @ApiPropertyOptional({ enum: DEADLINE_STATES, default: 'running', description: 'running: the clock still runs; breached: it ran out; stopped: a step stopped it in time' })
  @IsOptional() @IsIn(DEADLINE_STATES)
  state: DeadlineState = 'running';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(100)
  limit = 20;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;
}

/** The caller's own due list: the cases they are responsible for (as prosecutor or investigator), in the regions they may see. */
export class MyDeadlineQuery extends OmitType(DeadlineQuery, ['responsible', 'region'] as const) {}
