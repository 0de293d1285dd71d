import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Measure } from '../../tables/statistical-table';
import { BREAKDOWNS, Breakdown, INDICATOR_CODES, IndicatorDefinition } from '../indicator-catalogue';

export class IndicatorDto implements IndicatorDefinition {
  @ApiProperty({ enum: [...INDICATOR_CODES], example: 'cases_registered' }) code: string;
  @ApiProperty({ type: 'integer', example: 1, description: 'The version of the definition; a changed definition or formula is a new version' }) version: number;
  @ApiProperty({ example: 'Cases registered' }) title: string;
  @ApiProperty({ description: 'What the indicator measures, in plain words' }) definition: string;
  @ApiProperty({ example: 'count of CaseRegistered events with registeredAt in the month (in the jurisdiction’s time zone), per region', description: 'How it is computed from events' })
  formula: string;
  @ApiProperty({ type: [String], example: ['case-registry case.registered'], description: 'The events it is computed from (producer and event name; docs/event-catalogue.md)' })
  sourceEvents: readonly string[];
  @ApiProperty({ format: 'date', example: '2026-01-01', description: 'The first day its figures are defined for under this version' }) validFrom: string;
  @ApiPropertyOptional({ description: 'The international standard the definition follows' }) source?: string;
  @ApiProperty({ description: 'Published on the open-data interface, to anyone, always under disclosure control' }) public: boolean;
  @ApiProperty({ example: 'cases' }) unit: string;
  @ApiProperty({ enum: ['count', 'ratio', 'quantile'], description: 'count: a number of things; ratio: a rate or share of two counts; quantile: a statistic of a distribution (a median)' })
  measure: Measure;
  @ApiProperty({
    enum: BREAKDOWNS,
    isArray: true,
    example: ['region', 'month'],
    description: 'Dimensions values are broken down by; a breakdown beyond region and month is reported as a row’s category',
  })
  breakdowns: readonly Breakdown[];
  @ApiProperty({ description: 'Counts people (or one thing per person): cells under the minimum cell size are suppressed' })
  personBased: boolean;
  @ApiProperty({
    description:
      'Some categories count acts concerning one person each (person-level step types such as detention, verdict, sentence): their cells under the minimum cell size are suppressed too',
  })
  personLevelCategories: boolean;
  @ApiProperty({
    example: 'Counts of people: a cell counting from 1 to the minimum cell size − 1 people is withheld (primary), and as many more (secondary) as it takes for no withheld cell to be recovered from the totals.',
    description: 'The disclosure rule the indicator’s tables are published under (docs/indicators.md, Disclosure control); the values of the minimum cell size and denominator come with each table',
  })
  disclosureRule: string;
}

export class IndicatorRowDto {
  @ApiProperty({ example: 'KG-GB' }) region: string;
  @ApiProperty({ example: '2026-11', description: 'Month in the jurisdiction’s time zone (Asia/Bishkek for KG), YYYY-MM' }) period: string;
  @ApiPropertyOptional({
    example: 'sentence',
    description: 'The third breakdown (the step type of steps_recorded, the citizenship group of suspects_entered); absent for indicators without one',
  })
  category?: string;
  @ApiPropertyOptional({
    example: 'Citizens of the Kyrgyz Republic',
    description:
      'For a breakdown the jurisdiction pack labels (citizenshipGroup): the category’s label in the language of Accept-Language (English when the pack has none in it); the code itself for a group the pack does not have',
  })
  categoryName?: string;
  @ApiProperty({ type: 'integer', nullable: true, example: 12, description: 'The count; null when suppressed' })
  value: number | null;
  @ApiProperty({
    description: 'True when a count of people (a person-based indicator, or a person-level step type) is above 0 and below the minimum cell size, and is therefore withheld',
  })
  suppressed: boolean;
}

export class IndicatorValuesDto {
  @ApiProperty({ type: IndicatorDto }) indicator: IndicatorDto;
  @ApiPropertyOptional({
    type: 'integer',
    example: 3,
    description: 'For indicators that suppress (person-based, or with person-level categories): the smallest count of people published as a number (ANALYTICS_MIN_CELL_SIZE)',
  })
  minCellSize?: number;
  @ApiProperty({ type: [IndicatorRowDto], description: 'Non-empty cells, sorted by region, period and category' })
  rows: IndicatorRowDto[];
}
