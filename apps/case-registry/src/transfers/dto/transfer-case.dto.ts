import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class TransferCaseDto {
  @ApiProperty({ example: 'KG-C', maxLength: 16, description: 'Region code from GET /reference/regions; may be the current one when only the district or agency changes' })
  @IsString() @IsNotEmpty() @MaxLength(16)
  toRegion: string;

  @ApiPropertyOptional({ example: 'alamudun', maxLength: 32, description: 'A district of toRegion. Absent: the current district within the same region, none in another' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(32)
  toDistrict?: string;

  @ApiPropertyOptional({ example: 'MVD-KG', maxLength: 32, description: 'Agency from GET /reference/agencies. Absent: the current agency' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(32)
  toAgency?: string;

  @ApiProperty({ minLength: 1, maxLength: 500, description: 'Why; kept in the case’s history, never published' })
  @IsString() @Length(1, 500)
  reason: string;
}
