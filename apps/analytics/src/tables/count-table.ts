import { cellIndex, cellKeys, ExactTable, TableDimension, TableIndicator, TOTAL } from './statistical-table';

/** A count for one combination of categories (one code per dimension, totals excluded). */
export interface CountRow {
  key: readonly string[];
  value: number;
}

export interface CountTableSpec {
  indicator: TableIndicator;
  /** The dimensions, each ending with the TOTAL category when its total is published. */
  dimensions: readonly TableDimension[];
  asOf?: string;
  language: string;
}

/**
 * A dense count table: every combination of the dimensions' categories, zero where no row
 * counts, and each total the sum of the categories it covers. Rows are summed (several may fall
 * in one cell, e.g. the months of a quarter). A row naming a category a dimension does not list
 * is a RangeError: dimensions list every category there is, so that nothing is dropped.
 */
export function countTable(spec: CountTableSpec, rows: readonly CountRow[]): ExactTable {
  const { dimensions } = spec;
  const values = new Array<number>(dimensions.reduce((size, dimension) => size * dimension.categories.length, 1)).fill(0);
  const totalled = dimensions.map((dimension) => dimension.categories.at(-1)?.code === TOTAL);
  for (const row of rows) {
    if (row.key.includes(TOTAL)) throw new RangeError('a count row names a total: totals are computed');
    // The row counts in its own cell and in every total covering it.
    for (const key of coveringKeys(row.key, totalled)) values[cellIndex(dimensions, key)] += row.value;
  }
  const cells = cellKeys(dimensions).map((key, index) => ({ key, value: values[index] }));
  return { indicator: spec.indicator, dimensions, ...(spec.asOf !== undefined && { asOf: spec.asOf }), language: spec.language, cells };
}

/** The key itself and each key with some of its totalled dimensions replaced by TOTAL. */
function coveringKeys(key: readonly string[], totalled: readonly boolean[]): string[][] {
  return key.reduce<string[][]>(
    (keys, code, i) => keys.flatMap((prefix) => (totalled[i] ? [[...prefix, code], [...prefix, TOTAL]] : [[...prefix, code]])),
    [[]],
  );
}
