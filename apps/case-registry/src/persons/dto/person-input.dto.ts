import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Sex, SEXES } from '@icjims/contracts';

const NOT_BLANK = /\S/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A person as a client describes them when adding them to a case. */
export class PersonInputDto {
  @ApiProperty({ example: 'Mari', maxLength: 200 })
  @IsString() @Matches(NOT_BLANK, { message: 'givenName must not be blank' }) @MaxLength(200)
  givenName: string;

  @ApiProperty({ example: 'Maasikas', maxLength: 200 })
  @IsString() @Matches(NOT_BLANK, { message: 'familyName must not be blank' }) @MaxLength(200)
  familyName: string;

  @ApiPropertyOptional({
    example: '21503199012345',
    maxLength: 32,
    description:
      'National personal identification number; leave out when the person has none (e.g. a foreigner). Checked against the scheme of the installation’s jurisdiction pack (KG: the 14-digit PIN with sex digit and date of birth; KZ: the 12-digit IIN with its check digit; EE: the isikukood); it must agree with dateOfBirth and sex. One person record per national ID: an existing record is reused.',
  })
  @IsOptional() @IsString() @MaxLength(32)
  nationalId?: string;

  @ApiPropertyOptional({ format: 'date', example: '1994-03-13', description: 'Not in the future, not before 1900-01-01; taken from nationalId when left out; leave out when unknown' })
  @IsOptional() @Matches(DATE, { message: 'dateOfBirth must be a date such as 1994-03-13' }) @IsISO8601({ strict: true })
  dateOfBirth?: string;

  @ApiProperty({ enum: SEXES, description: 'Must agree with nationalId when one is given' })
  @IsIn(SEXES)
  sex: Sex;

  @ApiPropertyOptional({ example: 'KG', description: 'ISO 3166-1 alpha-2 code, XX for a stateless person; leave out when unknown' })
  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'citizenship must be two upper-case letters such as KG' })
  citizenship?: string;

  @ApiPropertyOptional({ description: 'Leave out when not known' })
  @IsOptional() @IsBoolean()
  disability?: boolean;

  @ApiPropertyOptional({ maxLength: 500, example: 'Chuy Avenue 1, Bishkek' })
  @IsOptional() @IsString() @MaxLength(500)
  address?: string;
}
