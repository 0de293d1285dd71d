import { ApiProperty } from '@nestjs/swagger';

export class TransferDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'KG-GB' }) fromRegion: string;
  @ApiProperty({ type: String, nullable: true }) fromDistrict: string | null;
  @ApiProperty({ type: String, nullable: true }) fromAgency: string | null;
  @ApiProperty({ example: 'KG-C' }) toRegion: string;
  @ApiProperty({ type: String, nullable: true }) toDistrict: string | null;
  @ApiProperty({ type: String, nullable: true }) toAgency: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'Token subject of who transferred the case' }) transferredBy: string;
  @ApiProperty({ format: 'date-time' }) transferredAt: string;
}
