import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class RegisterCaseDto {
  @ApiProperty({ example: 'EE-37', description: 'Region code from GET /reference/regions; must be the caller’s region' })
  @IsString() @IsNotEmpty() @MaxLength(16)
  region: string;

  @ApiProperty({ example: '199-1', description: 'Article from GET /reference/offences' })
  @IsString() @IsNotEmpty() @MaxLength(32)
  offenceArticle: string;

  @ApiProperty({ example: '2026-11-23T09:30:00Z', description: 'When the report was registered (not in the future)' })
  @IsISO8601({ strict: true })
  registeredAt: string;

  @ApiPropertyOptional({ example: '2026-11-23T08:10:00Z', description: 'When the report was received; defaults to registeredAt' })
  @IsOptional() @IsISO8601({ strict: true })
  receivedAt?: string;

  @ApiProperty({ example: 'Bicycle stolen from a courtyard', maxLength: 2000, description: 'Short description of the reported facts' })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  description: string;
}
