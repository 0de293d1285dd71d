import { ApiProperty } from '@nestjs/swagger';
import { OFFENCE_SEVERITIES, OffenceSeverity } from '@icjims/contracts';

export class RegionDto {
  @ApiProperty({ example: 'EE-37' }) code: string;
  @ApiProperty({ example: 'Harju' }) name: string;
}

export class OffenceDto {
  @ApiProperty({ example: '199-1', description: 'Criminal-code article with part' }) article: string;
  @ApiProperty({ example: 'Theft' }) title: string;
  @ApiProperty({ enum: OFFENCE_SEVERITIES }) severity: OffenceSeverity;
  @ApiProperty({ example: '0502', description: 'ICCS code (UNODC International Classification of Crime for Statistical Purposes)' })
  iccsCode: string;
  @ApiProperty({ example: '05 Acts against property only' }) iccsSection: string;
}
