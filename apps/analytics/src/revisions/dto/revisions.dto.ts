import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SUPPRESSION_REASONS, SuppressionReason } from '../../tables/statistical-table';
import { DisclosureDto, TableDimensionDto, TableIndicatorDto } from '../../tables/dto/statistical-table.dto';

class RevisedFigureDto {
  @ApiProperty({ type: 'number', nullable: true, example: 42, description: 'The published figure; null when withheld' }) value: number | null;
  @ApiPropertyOptional({ enum: SUPPRESSION_REASONS, description: 'Why it is withheld' }) suppression?: SuppressionReason;
}

class RevisionDto {
  @ApiProperty({ type: [String], example: ['2026-10', 'KG-C'], description: 'One category code per dimension' }) key: string[];
  @ApiProperty({ type: RevisedFigureDto, nullable: true, description: 'The cell as published as of the date; null when that table had no such cell' }) asOf: RevisedFigureDto | null;
  @ApiProperty({ type: RevisedFigureDto, nullable: true, description: 'The cell as published now; null when the current table has no such cell' }) current: RevisedFigureDto | null;
  @ApiProperty({ type: 'number', nullable: true, example: 2, description: 'current − asOf when both are published; null when either is withheld or absent' }) change: number | null;
}

export class RevisionsDto {
  @ApiProperty({ type: TableIndicatorDto }) indicator: TableIndicatorDto;
  @ApiProperty({ format: 'date-time', description: 'The instant the earlier figures are as of' }) asOf: string;
  @ApiProperty({ type: [TableDimensionDto], description: 'The current table’s dimensions' }) dimensions: TableDimensionDto[];
  @ApiProperty({ type: [RevisionDto], description: 'The cells whose published figure, or whether it is withheld, changed since asOf' }) revisions: RevisionDto[];
  @ApiProperty({ type: 'integer', example: 118, description: 'How many cells are published alike in both' }) unchanged: number;
  @ApiProperty({ type: DisclosureDto }) disclosure: DisclosureDto;
}
