import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class DueListQuery {
  @ApiPropertyOptional({ format: 'date', description: 'First day (YYYY-MM-DD, in the pack’s zone); default today' })
  @IsOptional() @Matches(DATE, { message: 'from must be a date, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day, at most 31 days after `from`; default six days after it' })
  @IsOptional() @Matches(DATE, { message: 'to must be a date, YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ example: 'PR-KG-GB-LENINSKY', maxLength: 32, description: 'The office; a caller bound to an office gets theirs (another office is a 403), others must name one' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(32)
  office?: string;

  @ApiPropertyOptional({ example: 'officer-17', maxLength: 64, description: 'Only what is allocated to this officer (their token subject)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64)
  officer?: string;
}
