import { StatisticalTable } from '../tables/statistical-table';
import { revisionsOf } from './revisions';

describe('the revisions of a table', () => {
  const dimensions = [
    { code: 'period', label: 'Period', categories: [{ code: '2026-10', label: '2026-10' }] },
    { code: 'region', label: 'Region', categories: [{ code: 'KG-C', label: 'C' }, { code: 'KG-T', label: 'T' }, { code: '_T', label: 'Total' }] },
  ];
  const table = (values: (number | null)[], asOf?: string): StatisticalTable => ({
    indicator: { code: 'persons_detained', version: 1, title: 'Persons detained', unit: 'persons', measure: 'count', personBased: true },
    dimensions,
    cells: values.map((value, i) => ({ key: ['2026-10', ['KG-C', 'KG-T', '_T'][i]], value, ...(value === null && { suppression: i === 2 ? ('secondary' as const) : ('primary' as const) }) })),
    ...(asOf && { asOf }),
    language: 'en',
    disclosure: { minCellSize: 3, minDenominator: 20, exact: false },
  });

  it('lists the cells whose published figure changed, with the change', () => {
    const result = revisionsOf(table([5, 7, 12], '2026-11-01T00:00:00.000Z'), table([5, 9, 14]));
    expect(result.asOf).toBe('2026-11-01T00:00:00.000Z');
    expect(result.unchanged).toBe(1);
    expect(result.revisions).toEqual([
      { key: ['2026-10', 'KG-T'], asOf: { value: 7 }, current: { value: 9 }, change: 2 },
      { key: ['2026-10', '_T'], asOf: { value: 12 }, current: { value: 14 }, change: 2 },
    ]);
  });

  it('gives no difference where either side is withheld, only that it is', () => {
    const result = revisionsOf(table([null, 7, null], '2026-11-01T00:00:00.000Z'), table([4, 7, 11]));
    expect(result.revisions).toEqual([
      { key: ['2026-10', 'KG-C'], asOf: { value: null, suppression: 'primary' }, current: { value: 4 }, change: null },
      { key: ['2026-10', '_T'], asOf: { value: null, suppression: 'secondary' }, current: { value: 11 }, change: null },
    ]);
  });

  it('lists nothing for a table that did not change', () => {
    expect(revisionsOf(table([5, 7, 12], '2026-11-01T00:00:00.000Z'), table([5, 7, 12])).revisions).toEqual([]);
  });

  it('shows a cell of a category that appeared since as new, and one gone since as gone', () => {
    const now = table([5, 7, 12]);
    const before = { ...table([5, 7, 12], '2026-11-01T00:00:00.000Z'), cells: [...table([5, 7, 12]).cells, { key: ['2026-10', 'unknown'], value: 0 }] };
    const grown = { ...now, cells: [...now.cells, { key: ['2026-10', 'KG-Y'], value: 3 }] };
    expect(revisionsOf(before, grown).revisions).toEqual([
      { key: ['2026-10', 'KG-Y'], asOf: null, current: { value: 3 }, change: null },
      { key: ['2026-10', 'unknown'], asOf: { value: 0 }, current: null, change: null },
    ]);
  });

  it('needs the earlier table to be one as of a date', () => {
    expect(() => revisionsOf(table([1, 2, 3]), table([1, 2, 3]))).toThrow(RangeError);
  });
});
