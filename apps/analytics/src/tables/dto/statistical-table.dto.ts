import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SUPPRESSION_REASONS, SuppressionReason } from '../statistical-table';

export class TableCategoryDto {
  @ApiProperty({ example: 'KG-GB', description: 'The category’s code; `_T` for the total over the dimension’s other categories' }) code: string;
  @ApiProperty({ example: 'Bishkek', description: 'Its label in the language of Accept-Language (English as the fallback)' }) label: string;
}

export class TableDimensionDto {
  @ApiProperty({ example: 'region', description: '`period`, then the breakdowns asked for (`by`), in that order' }) code: string;
  @ApiProperty({ example: 'Region' }) label: string;
  @ApiProperty({ type: [TableCategoryDto], description: 'In publication order; a total (`_T`) comes last' }) categories: TableCategoryDto[];
}

export class TableIndicatorDto {
  @ApiProperty({ example: 'cases_registered' }) code: string;
  @ApiProperty({ type: 'integer', example: 1 }) version: number;
  @ApiProperty({ example: 'Cases registered' }) title: string;
  @ApiProperty({ example: 'cases' }) unit: string;
  @ApiProperty({ enum: ['count', 'ratio', 'quantile'] }) measure: string;
  @ApiProperty({ description: 'Counts people: small cells are withheld' }) personBased: boolean;
}

class PublishedCellDto {
  @ApiProperty({ type: [String], example: ['2026-11', 'KG-GB'], description: 'One category code per dimension, in the order of `dimensions`' }) key: string[];
  @ApiProperty({ type: 'number', nullable: true, example: 42, description: 'The figure; null when withheld' }) value: number | null;
  @ApiPropertyOptional({
    enum: SUPPRESSION_REASONS,
    description: 'Why the figure is withheld: primary (a count of people between 1 and the minimum cell size), secondary (so that a primary one cannot be recovered from the totals), small-denominator (a ratio or statistic over too few people)',
  })
  suppression?: SuppressionReason;
}

export class DisclosureDto {
  @ApiProperty({ type: 'integer', example: 3 }) minCellSize: number;
  @ApiProperty({ type: 'integer', example: 20 }) minDenominator: number;
  @ApiProperty({ description: 'True when the caller sees exact figures (a national analyst, where the installation allows it)' }) exact: boolean;
}

export class StatisticalTableDto {
  @ApiProperty({ type: TableIndicatorDto }) indicator: TableIndicatorDto;
  @ApiProperty({ type: [TableDimensionDto] }) dimensions: TableDimensionDto[];
  @ApiProperty({ type: [PublishedCellDto], description: 'Every combination of the dimensions’ categories, the last dimension varying fastest' }) cells: PublishedCellDto[];
  @ApiPropertyOptional({ format: 'date-time', description: 'The figures as they stood at this instant, when asked for' }) asOf?: string;
  @ApiProperty({ example: 'en', description: 'The language of the labels' }) language: string;
  @ApiProperty({ type: DisclosureDto }) disclosure: DisclosureDto;
}
