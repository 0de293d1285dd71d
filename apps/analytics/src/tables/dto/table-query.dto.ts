import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { TABLE_PERIODS, TablePeriod } from '../periods';

export class TableQuery {
  @ApiPropertyOptional({
    enum: TABLE_PERIODS,
    default: 'month',
    description: 'The periods the figures are given for, in the jurisdiction’s calendar; `range`: one period, the days from `from` to `to` (both YYYY-MM-DD, included; at most ten years), for indicators computed from the facts',
  })
  @IsOptional() @IsIn(TABLE_PERIODS, { message: `period must be one of: ${TABLE_PERIODS.join(', ')}` })
  period?: TablePeriod;

  @ApiPropertyOptional({ example: '2026-01', description: 'First period (inclusive): YYYY-MM, YYYY-Qn, YYYY or, for a range, YYYY-MM-DD as `period` says; default: the latest 12 months, 4 quarters or 3 years' })
  @IsOptional() @Matches(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$|^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a period: YYYY-MM, YYYY-Qn, YYYY or a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last period (inclusive), written like from; default: the current one' })
  @IsOptional() @Matches(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$|^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a period: YYYY-MM, YYYY-Qn, YYYY or a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({
    example: 'region',
    description: 'Comma-separated breakdowns beside the period, from the indicator’s breakdowns (GET /indicators); none: national figures only. Each breakdown has a total (_T) category',
  })
  @IsOptional() @Matches(/^[A-Za-z]{1,32}(,[A-Za-z]{1,32}){0,3}$/, { message: 'by must be breakdown names separated by commas, e.g. region,citizenshipGroup' })
  by?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-01T00:00:00+06:00',
    description: 'The figures as they stood at this instant: only what was recorded by then, corrections made by then applied (indicators computed from facts)',
  })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 date or date-time' })
  asOf?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'CSV: a label column (in the request’s language) after each code column' })
  @IsOptional() @IsIn(['true', 'false'], { message: 'labels must be true or false' })
  labels?: 'true' | 'false';

  @ApiPropertyOptional({ example: 'KG-GB', description: 'Only this region (a region code of the jurisdiction pack); a regional caller sees their own region only' })
  @IsOptional() @Matches(/^[A-Za-z0-9-]{1,16}$/, { message: 'region must be a region code such as KG-GB' })
  region?: string;
}
