/**
 * The shape every published figure of analytics takes: an indicator's values over the cross
 * product of its dimensions (period, region, sex …), dense — every combination is a cell, a
 * combination with nothing in it is a zero, never a gap. Disclosure control turns an exact
 * table into a published one; the output formats (JSON, CSV, JSON-stat, SDMX-CSV) and the
 * dashboard read published tables only. Pure types, no Nest or TypeORM.
 */

/** The code of the category that is the total over a dimension's other categories (the SDMX convention). */
export const TOTAL = '_T';

/** The code of the category of what is not known (a sex not recorded, an age not known …): a category, never dropped. */
export const UNKNOWN = 'unknown';

export interface TableCategory {
  code: string;
  /** In the table's language. */
  label: string;
}

export interface TableDimension {
  /** `period`, `region`, `district`, `agency`, `iccsSection`, `article`, `sex`, `ageBand`, `juvenile`, `citizenshipGroup`, `disability` … */
  code: string;
  label: string;
  /** In publication order; when the dimension has a total, it is the last category, code TOTAL, the sum of the others. */
  categories: readonly TableCategory[];
}

/** What a figure is: a count of things, a ratio of two counts (a rate, a share), or a statistic of a distribution (a median). */
export type Measure = 'count' | 'ratio' | 'quantile';

export const SUPPRESSION_REASONS = ['primary', 'secondary', 'small-denominator'] as const;
/**
 * primary: a count of people between 1 and the minimum cell size; secondary: a cell withheld so
 * that a primary one cannot be recovered from the totals published with it; small-denominator: a
 * ratio or quantile over fewer people than the minimum denominator.
 */
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** An exact figure, before disclosure control: never leaves the service as it is. */
export interface ExactCell {
  /** One category code per dimension, in the table's dimension order. */
  key: readonly string[];
  value: number;
  /** For a ratio: the counts it divides (value = numerator / denominator × the indicator's scale). */
  numerator?: number;
  denominator?: number;
  /** For a quantile or another statistic of a distribution: how many observations it is over. */
  observations?: number;
}

export interface PublishedCell {
  key: readonly string[];
  /** Null when suppressed. */
  value: number | null;
  suppression?: SuppressionReason;
}

export interface TableIndicator {
  code: string;
  version: number;
  title: string;
  unit: string;
  measure: Measure;
  /** Counts people (or things that stand for one person each): small cells are suppressed. */
  personBased: boolean;
}

interface TableBase {
  indicator: TableIndicator;
  dimensions: readonly TableDimension[];
  /** The figures as they stood at this instant (ISO 8601), when asked for; absent for the current figures. */
  asOf?: string;
  /** The language of the labels. */
  language: string;
}

export interface ExactTable extends TableBase {
  /** Every combination of the dimensions' categories, the last dimension varying fastest. */
  cells: readonly ExactCell[];
}

export interface StatisticalTable extends TableBase {
  /** Every combination of the dimensions' categories, the last dimension varying fastest. */
  cells: readonly PublishedCell[];
  /** The disclosure rules the table was published under. */
  disclosure: { minCellSize: number; minDenominator: number; exact: boolean };
}

/**
 * How far apart `cells` holds two neighbouring categories of each dimension: the last dimension
 * varies fastest, so its stride is 1, and each one before it spans all the combinations after it.
 */
export function cellStrides(dimensions: readonly TableDimension[]): number[] {
  const strides = new Array<number>(dimensions.length);
  let stride = 1;
  for (let i = dimensions.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= dimensions[i].categories.length;
  }
  return strides;
}

/** Every combination of the dimensions' categories, in cell order (one array per cell, no other: tables are built per request). */
export function cellKeys(dimensions: readonly TableDimension[]): string[][] {
  const strides = cellStrides(dimensions);
  const size = dimensions.reduce((cells, dimension) => cells * dimension.categories.length, 1);
  const keys = new Array<string[]>(size);
  for (let index = 0; index < size; index++) {
    const key = new Array<string>(dimensions.length);
    for (let i = 0; i < dimensions.length; i++) {
      const { categories } = dimensions[i];
      key[i] = categories[Math.floor(index / strides[i]) % categories.length].code;
    }
    keys[index] = key;
  }
  return keys;
}
