import { TOTAL, type TableDimension } from '../tables/statistical-table';

/**
 * A line of a table: the cells that differ only in one dimension that has a total, with that
 * total — `members` are the categories other than the total, in cell order, and their sum is the
 * `total` cell. Every equation a reader can form from a published table is a sum of lines.
 */
export interface TableLine {
  /** Cell indices (positions in `cells`) of the line's non-total categories. */
  members: readonly number[];
  /** Cell index of the line's total. */
  total: number;
}

/** Every line of a table, dimension by dimension in the table's order, each dimension's lines in cell order. */
export function tableLines(dimensions: readonly TableDimension[]): TableLine[] {
  const sizes = dimensions.map((dimension) => dimension.categories.length);
  const cellCount = sizes.reduce((product, size) => product * size, 1);
  const lines: TableLine[] = [];
  for (const [d, dimension] of dimensions.entries()) {
    if (dimension.categories.at(-1)?.code !== TOTAL) continue;
    // The last dimension varies fastest: a step of `stride` cells moves one category along dimension d.
    const stride = sizes.slice(d + 1).reduce((product, size) => product * size, 1);
    const size = sizes[d];
    for (let start = 0; start < cellCount; start++) {
      if (Math.floor(start / stride) % size !== 0) continue;
      const members = Array.from({ length: size - 1 }, (_, position) => start + position * stride);
      lines.push({ members, total: start + (size - 1) * stride });
    }
  }
  return lines;
}
