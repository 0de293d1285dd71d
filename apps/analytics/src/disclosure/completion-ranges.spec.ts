import type { StatisticalTable } from '../tables/statistical-table';
import { completionRanges } from './completion-ranges.testing';
import { countTableWithTotals, dimension } from './disclosure.fixtures';

/** The exact table published with the given cells withheld (the oracle is told what is withheld, not how it was chosen). */
function withholding(exact: ReturnType<typeof countTableWithTotals>, ...withheld: number[]): StatisticalTable {
  return {
    ...exact,
    cells: exact.cells.map((cell, index) => (withheld.includes(index) ? { key: cell.key, value: null, suppression: 'primary' as const } : { key: cell.key, value: cell.value })),
    disclosure: { minCellSize: 3, minDenominator: 20, exact: false },
  };
}

describe('completionRanges (the test oracle)', () => {
  const line = countTableWithTotals([dimension('region', 2)], [1, 5]); // 1, 5, total 6

  it('pins a cell alone in its line', () => {
    expect(completionRanges(line, withholding(line, 0))).toEqual([{ cell: 0, min: 1, max: 1 }]);
  });

  it('lets two withheld cells of a line range over what their total leaves', () => {
    expect(completionRanges(line, withholding(line, 0, 1))).toEqual([
      { cell: 0, min: 0, max: 6 },
      { cell: 1, min: 0, max: 6 },
    ]);
  });

  it('leaves a cell and its withheld total unbounded above', () => {
    expect(completionRanges(line, withholding(line, 0, 2))).toEqual([
      { cell: 0, min: 0, max: Infinity },
      { cell: 2, min: 5, max: Infinity },
    ]);
  });

  it('leaves a cell of a table without totals anywhere from zero up', () => {
    const table = countTableWithTotals([dimension('region', 2, false)], [1, 5]);
    expect(completionRanges(table, withholding(table, 0))).toEqual([{ cell: 0, min: 0, max: Infinity }]);
  });

  it('applies bounds a reader knows', () => {
    expect(completionRanges(line, withholding(line, 0, 1), () => ({ lower: 1, upper: 4 }))).toEqual([
      { cell: 0, min: 2, max: 4 },
      { cell: 1, min: 2, max: 4 },
    ]);
  });

  it('moves the four corners of a rectangle together, within the smallest row and column totals', () => {
    // 2 × 2 with margins: 1 4 | 5 / 3 2 | 5 / 4 6 | 10, the four inner cells withheld.
    const table = countTableWithTotals([dimension('row', 2), dimension('column', 2)], [1, 4, 3, 2]);
    expect(completionRanges(table, withholding(table, 0, 1, 3, 4))).toEqual([
      { cell: 0, min: 0, max: 4 },
      { cell: 1, min: 1, max: 5 },
      { cell: 3, min: 0, max: 4 },
      { cell: 4, min: 1, max: 5 },
    ]);
  });

  it('sees a cell that several lines together give away', () => {
    // The pattern the line rule alone leaves in disclosure-control.spec.ts: the 2 of row 0, column 3 links two closed rectangles.
    const table = countTableWithTotals([dimension('row', 4), dimension('column', 4)], [6, 9, 3, 2, 0, 10, 2, 8, 0, 0, 2, 3, 1, 6, 9, 0]);
    const ranges = completionRanges(table, withholding(table, 0, 1, 3, 7, 8, 12, 13, 15, 16));
    expect(ranges.find((range) => range.cell === 3)).toEqual({ cell: 3, min: 2, max: 2 });
    expect(ranges.filter((range) => range.min === range.max)).toHaveLength(1);
  });

  it('refuses a published table that contradicts itself', () => {
    const published = withholding(line, 0);
    const contradiction = { ...published, cells: published.cells.map((cell, index) => (index === 2 ? { ...cell, value: 4 } : cell)) };
    expect(() => completionRanges(line, contradiction)).toThrow(/contradicts itself/);
  });
});
