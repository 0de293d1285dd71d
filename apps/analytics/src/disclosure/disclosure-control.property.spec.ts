import fc from 'fast-check';
import { completionRanges } from './completion-ranges.testing';
import { protect } from './disclosure-control';
import { countTableWithTotals, dimension } from './disclosure.fixtures';

/** 1-, 2- and 3-way count tables, most dimensions with a total, small values so that many cells are withheld. */
const countTables = fc
  .array(fc.record({ size: fc.integer({ min: 1, max: 4 }), total: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(true), fc.constant(false)) }), { minLength: 1, maxLength: 3 })
  .filter((dimensions) => dimensions.reduce((cells, d) => cells * (d.size + Number(d.total)), 1) <= 60)
  .chain((dimensions) =>
    fc.record({
      dimensions: fc.constant(dimensions.map((d, index) => dimension(`d${index}`, d.size, d.total))),
      interior: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: dimensions.reduce((cells, d) => cells * d.size, 1), maxLength: dimensions.reduce((cells, d) => cells * d.size, 1) }),
      minCellSize: fc.integer({ min: 2, max: 5 }),
    }),
  )
  .map(({ dimensions, interior, minCellSize }) => ({ table: countTableWithTotals(dimensions, interior), policy: { minCellSize, minDenominator: 20, exact: false } }));

describe('protect, over random count tables', () => {
  it('leaves no withheld cell whose value the published cells and the totals determine', () => {
    fc.assert(
      fc.property(countTables, ({ table, policy }) => {
        const published = protect(table, policy);
        for (const range of completionRanges(table, published)) {
          const truth = table.cells[range.cell].value;
          expect(range.min).toBeLessThanOrEqual(truth);
          expect(range.max).toBeGreaterThanOrEqual(truth);
          expect(range.max).toBeGreaterThan(range.min);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('withholds every small count and no zero, and publishes every other value as it is', () => {
    fc.assert(
      fc.property(countTables, ({ table, policy }) => {
        const published = protect(table, policy);
        published.cells.forEach((cell, index) => {
          const value = table.cells[index].value;
          if (value > 0 && value < policy.minCellSize) expect(cell).toEqual({ key: table.cells[index].key, value: null, suppression: 'primary' });
          else if (cell.value === null) expect(cell).toEqual({ key: table.cells[index].key, value: null, suppression: 'secondary' });
          else expect(cell).toEqual({ key: table.cells[index].key, value });
          if (value === 0) expect(cell.value).toBe(0);
        });
      }),
      { numRuns: 1000 },
    );
  });
});
