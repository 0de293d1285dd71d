import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CASE_SOURCES, CaseSource } from '@icjims/contracts';
import { IsDateTime } from '@icjims/platform';

export class RegisterCaseDto {
  @ApiProperty({ enum: CASE_SOURCES, description: 'How the report came in' })
  @IsIn(CASE_SOURCES)
  source: CaseSource;

  @ApiProperty({ example: '2026-11-23T08:10:00Z', format: 'date-time', description: 'When the report was received; not in the future, not after registeredAt' })
  @IsDateTime()
  receivedAt: string;

  @ApiProperty({
    example: '2026-11-23T09:30:00Z',
    format: 'date-time',
    description: 'When the report was registered; not in the future. Later after receivedAt than the jurisdiction pack’s registration term (recordingTerms.registration; 24 hours in the shipped packs) marks the case registeredLate',
  })
  @IsDateTime()
  registeredAt: string;

  @ApiProperty({ example: 'KG-GB', maxLength: 16, description: 'Region code from GET /reference/regions; must be the caller’s region' })
  @IsString() @IsNotEmpty() @MaxLength(16)
  region: string;

  @ApiPropertyOptional({
    example: 'leninsky',
    maxLength: 32,
    description: 'A district of the region, from GET /reference/regions: required when the region has districts, absent for one without (a city such as Osh)',
  })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(32)
  district?: string;

  @ApiProperty({ example: 'GUVD-GB', maxLength: 32, description: 'The registering agency, from GET /reference/agencies' })
  @IsString() @IsNotEmpty() @MaxLength(32)
  agency: string;

  @ApiProperty({ example: '209-1', maxLength: 32, description: 'Article from GET /reference/offences; its severity and ICCS classification are recorded with the case' })
  @IsString() @IsNotEmpty() @MaxLength(32)
  offenceArticle: string;

  @ApiPropertyOptional({ example: '2026-11-22T23:00:00Z', format: 'date-time', description: 'When the offence was committed, if known; not after receivedAt' })
  @IsOptional() @IsDateTime()
  offenceCommittedAt?: string;

  @ApiProperty({ example: 'Bicycle stolen from a courtyard', maxLength: 2000, description: 'Short description of the reported facts; stays in case-registry' })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  description: string;
}
