import { cellKeys, cellStrides, ExactTable, TableDimension, TableIndicator, TOTAL } from './statistical-table';

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
 * is a RangeError: dimensions list every category there is, so that nothing is dropped. Built
 * per request, so by positions and offsets, not by keys: a row adds to its own cell and, for each
 * set of its dimensions that have a total, to the cell where those stand at their total.
 */
export function countTable(spec: CountTableSpec, rows: readonly CountRow[]): ExactTable {
  const { dimensions } = spec;
  const strides = cellStrides(dimensions);
  const positions = dimensions.map((dimension) => new Map(dimension.categories.map((category, position) => [category.code, position])));
  const totals = dimensions.map((dimension) => (dimension.categories.at(-1)?.code === TOTAL ? dimension.categories.length - 1 : undefined));
  const values = new Array<number>(dimensions.reduce((size, dimension) => size * dimension.categories.length, 1)).fill(0);
  // For each of the row's dimensions with a total, how far its total's cell lies from the row's.
  const toTotal: number[] = [];
  for (const row of rows) {
    if (row.key.includes(TOTAL)) throw new RangeError('a count row names a total: totals are computed');
    let own = 0;
    toTotal.length = 0;
    for (let i = 0; i < dimensions.length; i++) {
      const position = positions[i].get(row.key[i]);
      if (position === undefined) throw new RangeError(`${row.key[i]} is not a category of ${dimensions[i].code}`);
      own += position * strides[i];
      const total = totals[i];
      if (total !== undefined) toTotal.push((total - position) * strides[i]);
    }
    for (let set = 0; set < 1 << toTotal.length; set++) {
      let cell = own;
      for (let j = 0; j < toTotal.length; j++) if (set & (1 << j)) cell += toTotal[j];
      values[cell] += row.value;
    }
  }
  const cells = cellKeys(dimensions).map((key, index) => ({ key, value: values[index] }));
  return { indicator: spec.indicator, dimensions, ...(spec.asOf !== undefined && { asOf: spec.asOf }), language: spec.language, cells };
}
