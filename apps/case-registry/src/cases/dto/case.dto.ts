import { ApiProperty } from '@nestjs/swagger';
import { OffenceDto } from '../../reference/reference.dto';

export class CaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'EE-37-2026-000042', description: 'National case number: region-year-sequence, gapless per region and year' })
  caseNumber: string;
  @ApiProperty({ example: 'EE-37' }) region: string;
  @ApiProperty({ type: OffenceDto }) offence: OffenceDto;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiProperty({ description: 'Subject of the registering officer’s token' }) registeredBy: string;
  @ApiProperty({ enum: ['registered'] }) status: 'registered';
}
