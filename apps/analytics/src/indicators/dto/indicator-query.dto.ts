import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PERIOD_PATTERN } from '../../counting/period';

export class IndicatorQuery {
  @ApiPropertyOptional({
    example: 'KG-GB',
    description: 'Only this region, a region code of the jurisdiction pack; a regional caller may only name their own (and sees only it anyway)',
  })
  @IsOptional() @Matches(/^[A-Za-z0-9-]{1,16}$/, { message: 'region must be a region code such as KG-GB' })
  region?: string;

  @ApiPropertyOptional({ example: '2026-01', description: 'First month, YYYY-MM (inclusive)' })
  @IsOptional() @Matches(PERIOD_PATTERN, { message: 'from must be a month as YYYY-MM' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last month, YYYY-MM (inclusive)' })
  @IsOptional() @Matches(PERIOD_PATTERN, { message: 'to must be a month as YYYY-MM' })
  to?: string;

  @ApiPropertyOptional({ example: 'sentence', description: 'Only this step type (indicators broken down by stepType)' })
  @IsOptional() @IsString() @MaxLength(64)
  stepType?: string;

  @ApiPropertyOptional({
    example: 'national',
    description: 'Only this citizenship group (indicators broken down by citizenshipGroup): a group code of the jurisdiction pack, `unknown`, or any other code events carried',
  })
  @IsOptional() @IsString() @MaxLength(32)
  citizenshipGroup?: string;
}
