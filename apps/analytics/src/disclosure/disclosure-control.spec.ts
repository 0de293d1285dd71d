import { cellKeys } from '../tables/statistical-table';
import { determinedCells } from './determined-cells';
import { protect } from './disclosure-control';
import { countTableWithTotals, dimension, exactTable, picture } from './disclosure.fixtures';
import { tableLines } from './table-lines';

const policy = { minCellSize: 3, minDenominator: 20, exact: false };

describe('protect: exact figures', () => {
  it('publishes every value as it is for an exact policy, and says so', () => {
    const table = countTableWithTotals([dimension('region', 3)], [1, 2, 7]);
    const published = protect(table, { ...policy, exact: true });
    expect(picture(published)).toEqual([1, 2, 7, 10]);
    expect(published.disclosure).toEqual({ minCellSize: 3, minDenominator: 20, exact: true });
  });

  it('publishes a ratio with a small denominator exactly for an exact policy, without its parts', () => {
    const table = exactTable([dimension('region', 1, false)], [{ value: 50, numerator: 1, denominator: 2 }], { measure: 'ratio' });
    expect(protect(table, { ...policy, exact: true }).cells).toEqual([{ key: ['c0'], value: 50 }]);
  });

  it('withholds even for an exact policy a ratio over nothing and a statistic of no observation: they have no value', () => {
    const ratio = exactTable([dimension('region', 2, false)], [{ value: 0, numerator: 1, denominator: 0 }, { value: 50, numerator: 1, denominator: 2 }], { measure: 'ratio' });
    expect(protect(ratio, { ...policy, exact: true }).cells.map((cell) => cell.value ?? cell.suppression)).toEqual(['small-denominator', 50]);
    const quantile = exactTable([dimension('region', 2, false)], [{ value: 0, observations: 0 }, { value: 12.5, observations: 1 }], { measure: 'quantile' });
    expect(protect(quantile, { ...policy, exact: true }).cells.map((cell) => cell.value ?? cell.suppression)).toEqual(['small-denominator', 12.5]);
  });
});

describe('protect: primary suppression of counts', () => {
  it('withholds person-based counts between 1 and k − 1 and publishes zero and k', () => {
    const table = exactTable([dimension('region', 5, false)], [0, 1, 2, 3, 40]);
    const published = protect(table, policy);
    expect(picture(published)).toEqual([0, 'P', 'P', 3, 40]);
    expect(published.disclosure).toEqual({ minCellSize: 3, minDenominator: 20, exact: false });
  });

  it('follows k', () => {
    expect(picture(protect(exactTable([dimension('region', 3, false)], [4, 5, 6]), { ...policy, minCellSize: 6 }))).toEqual(['P', 'P', 6]);
    expect(picture(protect(exactTable([dimension('region', 2, false)], [1, 2]), { ...policy, minCellSize: 1 }))).toEqual([1, 2]);
  });

  it('publishes counts that are not person-based exactly, totals and all', () => {
    const table = countTableWithTotals([dimension('region', 3)], [1, 2, 7], { personBased: false });
    expect(picture(protect(table, policy))).toEqual([1, 2, 7, 10]);
  });

  it('leaves a table without totals at primary suppression: nothing sums to a withheld cell', () => {
    const table = exactTable([dimension('region', 2, false), dimension('sex', 3, false)], [1, 5, 9, 4, 0, 2]);
    expect(picture(protect(table, policy))).toEqual(['P', 5, 9, 4, 0, 'P']);
  });
});

describe('protect: secondary suppression of counts', () => {
  it('withholds the smallest other cell above zero of a line with one withheld cell', () => {
    const table = countTableWithTotals([dimension('region', 4)], [2, 0, 9, 5]);
    expect(picture(protect(table, policy))).toEqual(['P', 0, 9, 'S', 16]);
  });

  it('takes the first in cell order between equal values', () => {
    const table = countTableWithTotals([dimension('region', 4)], [7, 1, 7, 8]);
    expect(picture(protect(table, policy))).toEqual(['S', 'P', 7, 8, 23]);
  });

  it('withholds the total of a line only when no other cell of the line above zero is left', () => {
    // The 5 in region c1 is withheld for column c0; its row has nothing else above zero, so its
    // total goes too (and then the column total of sex c1, and the row of totals closes it).
    const table = countTableWithTotals([dimension('region', 2), dimension('sex', 3)], [2, 4, 0, 5, 0, 0]);
    expect(picture(protect(table, policy))).toEqual([
      'P', 'S', 0, 'S',
      'S', 0, 0, 'S',
      'S', 'S', 0, 11,
    ]);
  });

  it('leaves a line with two withheld cells as it is', () => {
    const table = countTableWithTotals([dimension('region', 3)], [1, 2, 9]);
    expect(picture(protect(table, policy))).toEqual(['P', 'P', 9, 12]);
  });

  it('protects a two-way table with margins: a second cell in the row and the column, and the corner that closes them', () => {
    // region × sex with totals both ways; 2 women in region c0 is withheld.
    const table = countTableWithTotals([dimension('region', 3), dimension('sex', 2)], [2, 10, 5, 7, 8, 9]);
    expect(picture(protect(table, policy))).toEqual([
      'P', 'S', 12,
      'S', 'S', 12,
      8, 9, 17,
      15, 26, 41,
    ]);
  });

  it('withholds more where the lines each have two withheld cells but together still give one away', () => {
    // Rows 1 and 2 and columns 2 and 3 close on each other, rows 0 and 3 and columns 0 and 1 too,
    // and the 2 in row 0, column 3 is the one link between them: from the totals of columns 2 and 3
    // and of rows 1 and 2 it is 13 − (10 + 5 − (16 − 3 − 9)) = 2. A third cell of row 0 is withheld.
    const table = countTableWithTotals([dimension('row', 4), dimension('column', 4)], [6, 9, 3, 2, 0, 10, 2, 8, 0, 0, 2, 3, 1, 6, 9, 0]);
    const published = protect(table, policy);
    expect(picture(published)).toEqual([
      'S', 'S', 'S', 'P', 20,
      0, 10, 'P', 'S', 20,
      0, 0, 'P', 'S', 5,
      'P', 'S', 9, 0, 16,
      7, 25, 16, 13, 61,
    ]);
    expect(determinedCells(tableLines(table.dimensions), published.cells.map((cell) => cell.value === null))).toEqual([]);
  });

  it('gives every line of a three-way table none or at least two withheld cells', () => {
    const interior = [1, 4, 0, 6, 2, 8, 3, 3, 1, 0, 7, 5];
    const table = countTableWithTotals([dimension('region', 3), dimension('sex', 2), dimension('ageBand', 2)], interior);
    const published = protect(table, policy);
    const withheld = published.cells.map((cell) => cell.value === null);
    for (const line of tableLines(table.dimensions)) {
      expect([0, 2, 3, 4]).toContain([...line.members, line.total].filter((cell) => withheld[cell]).length);
    }
    expect(determinedCells(tableLines(table.dimensions), withheld)).toEqual([]);
  });

  it('never withholds a zero', () => {
    const table = countTableWithTotals([dimension('region', 3), dimension('sex', 2)], [1, 0, 0, 0, 0, 2]);
    const published = protect(table, policy);
    expect(published.cells.filter((cell, index) => cell.value === null && table.cells[index].value === 0)).toEqual([]);
  });

  it('withholds the same cells every time', () => {
    const table = countTableWithTotals([dimension('region', 3), dimension('sex', 2)], [2, 10, 5, 5, 8, 1]);
    expect(protect(table, policy)).toEqual(protect(table, policy));
  });
});

describe('protect: ratios', () => {
  const ratios = (cells: { value: number; numerator: number; denominator: number }[], personBased = true) =>
    exactTable([dimension('region', cells.length, false)], cells, { measure: 'ratio', personBased });

  it('withholds a ratio whose denominator is below the minimum as small-denominator', () => {
    const published = protect(ratios([{ value: 50, numerator: 9, denominator: 18 }, { value: 50, numerator: 10, denominator: 20 }]), policy);
    expect(picture(published)).toEqual(['D', 50]);
  });

  it('withholds a person-based share over 1 to k − 1 people as primary, and publishes one over none', () => {
    const published = protect(ratios([{ value: 2.5, numerator: 1, denominator: 40 }, { value: 0, numerator: 0, denominator: 40 }, { value: 7.5, numerator: 3, denominator: 40 }]), policy);
    expect(picture(published)).toEqual(['P', 0, 7.5]);
  });

  it('publishes a ratio of few acts that are not person-based', () => {
    expect(picture(protect(ratios([{ value: 2.5, numerator: 1, denominator: 40 }], false), policy))).toEqual([2.5]);
  });

  it('withholds for a small denominator first', () => {
    expect(picture(protect(ratios([{ value: 10, numerator: 1, denominator: 10 }]), policy))).toEqual(['D']);
  });

  it('takes no secondary suppression: a total of ratios is not their sum', () => {
    const table = exactTable(
      [dimension('region', 2)],
      [
        { value: 5, numerator: 2, denominator: 40 },
        { value: 50, numerator: 30, denominator: 60 },
        { value: 32, numerator: 32, denominator: 100 },
      ],
      { measure: 'ratio' },
    );
    expect(picture(protect(table, policy))).toEqual(['P', 50, 32]);
  });

  it('withholds a ratio over nothing (a denominator of zero) and whatever value it was given', () => {
    expect(picture(protect(ratios([{ value: Number.NaN, numerator: 0, denominator: 0 }]), { ...policy, minDenominator: 1 }))).toEqual(['D']);
  });

  it('follows the minimum denominator', () => {
    expect(picture(protect(ratios([{ value: 50, numerator: 9, denominator: 18 }]), { ...policy, minDenominator: 10 }))).toEqual([50]);
  });
});

describe('protect: quantiles', () => {
  it('withholds a quantile over fewer observations than the minimum denominator', () => {
    const table = exactTable([dimension('region', 2, false)], [{ value: 120, observations: 19 }, { value: 95, observations: 20 }], { measure: 'quantile' });
    expect(picture(protect(table, policy))).toEqual(['D', 95]);
  });

  it('applies the minimum to quantiles of acts too', () => {
    const table = exactTable([dimension('region', 1, false)], [{ value: 120, observations: 3 }], { measure: 'quantile', personBased: false });
    expect(picture(protect(table, policy))).toEqual(['D']);
  });
});

describe('protect: what a published cell holds', () => {
  it('holds its key and value only, and a withheld one null and its reason', () => {
    const counts = protect(countTableWithTotals([dimension('region', 2)], [1, 5]), policy);
    expect(counts.cells).toEqual([
      { key: ['c0'], value: null, suppression: 'primary' },
      { key: ['c1'], value: null, suppression: 'secondary' },
      { key: ['_T'], value: 6 },
    ]);
    const ratio = protect(exactTable([dimension('region', 2, false)], [{ value: 5, numerator: 1, denominator: 20 }, { value: 50, numerator: 10, denominator: 20 }], { measure: 'ratio' }), policy);
    expect(ratio.cells).toEqual([
      { key: ['c0'], value: null, suppression: 'primary' },
      { key: ['c1'], value: 50 },
    ]);
    const quantile = protect(exactTable([dimension('region', 1, false)], [{ value: 120, observations: 3 }], { measure: 'quantile' }), policy);
    expect(quantile.cells).toEqual([{ key: ['c0'], value: null, suppression: 'small-denominator' }]);
  });

  it('keeps the indicator, dimensions, language and as-of instant', () => {
    const table = countTableWithTotals([dimension('region', 2)], [4, 5], { asOf: '2026-11-30T00:00:00Z' });
    const published = protect(table, policy);
    expect(published).toMatchObject({ indicator: table.indicator, dimensions: table.dimensions, language: 'en', asOf: '2026-11-30T00:00:00Z' });
    expect(Object.keys(published).sort()).toEqual(['asOf', 'cells', 'dimensions', 'disclosure', 'indicator', 'language']);
    expect(published.cells.map((cell) => cell.key)).toEqual(cellKeys(table.dimensions));
  });

  it('refuses a table whose cells do not cover its dimensions', () => {
    const table = { ...countTableWithTotals([dimension('region', 2)], [4, 5]), dimensions: [dimension('region', 3)] };
    expect(() => protect(table, policy)).toThrow(RangeError);
  });

  it('refuses a ratio without its denominator', () => {
    const table = exactTable([dimension('region', 1, false)], [{ value: 5 }], { measure: 'ratio' });
    expect(() => protect(table, policy)).toThrow(/denominator/);
  });
});

describe('determinedCells', () => {
  // Row and column lines of a 2 × 2 table with margins: cells 0 1 2 / 3 4 5 / 6 7 8.
  const lines = tableLines([dimension('row', 2), dimension('column', 2)]);
  const withheld = (...cells: number[]) => Array.from({ length: 9 }, (_, cell) => cells.includes(cell));

  it('finds a cell alone in its line', () => {
    expect(determinedCells(lines, withheld(0))).toEqual([0]);
  });

  it('finds none in a rectangle of four', () => {
    expect(determinedCells(lines, withheld(0, 1, 3, 4))).toEqual([]);
  });

  it('finds the cells of a row whose columns are otherwise published', () => {
    expect(determinedCells(lines, withheld(0, 1))).toEqual([0, 1]);
  });

  it('finds none when a total closes the rectangle', () => {
    expect(determinedCells(lines, withheld(0, 2, 6, 8))).toEqual([]);
  });
});
