import { countTable } from './count-table';
import { cellKeys, TableDimension, TableIndicator, TOTAL } from './statistical-table';

const indicator: TableIndicator = { code: 'cases_registered', version: 1, title: 'Cases registered', unit: 'cases', measure: 'count', personBased: false };
const period: TableDimension = { code: 'period', label: 'Period', categories: [{ code: '2026-01', label: '2026-01' }, { code: '2026-02', label: '2026-02' }] };
const region: TableDimension = {
  code: 'region',
  label: 'Region',
  categories: [{ code: 'KG-GB', label: 'Bishkek' }, { code: 'KG-O', label: 'Osh' }, { code: TOTAL, label: 'Total' }],
};

describe('countTable', () => {
  it('is dense: a combination nothing counted is a zero, and totals sum their categories', () => {
    const table = countTable({ indicator, dimensions: [period, region], language: 'en' }, [
      { key: ['2026-01', 'KG-GB'], value: 4 },
      { key: ['2026-01', 'KG-O'], value: 1 },
      { key: ['2026-02', 'KG-O'], value: 2 },
      { key: ['2026-02', 'KG-O'], value: 3 },
    ]);
    expect(table.cells.map((cell) => [...cell.key, cell.value])).toEqual([
      ['2026-01', 'KG-GB', 4],
      ['2026-01', 'KG-O', 1],
      ['2026-01', TOTAL, 5],
      ['2026-02', 'KG-GB', 0],
      ['2026-02', 'KG-O', 5],
      ['2026-02', TOTAL, 5],
    ]);
  });

  it('totals every dimension that has one, and their crossing', () => {
    const sex: TableDimension = { code: 'sex', label: 'Sex', categories: [{ code: 'female', label: 'Female' }, { code: 'male', label: 'Male' }, { code: TOTAL, label: 'Total' }] };
    const table = countTable({ indicator, dimensions: [region, sex], language: 'en' }, [
      { key: ['KG-GB', 'female'], value: 1 },
      { key: ['KG-O', 'male'], value: 2 },
    ]);
    expect(table.cells.find((cell) => cell.key[0] === TOTAL && cell.key[1] === TOTAL)?.value).toBe(3);
    expect(table.cells.find((cell) => cell.key[0] === TOTAL && cell.key[1] === 'male')?.value).toBe(2);
  });

  it('refuses a row whose category the dimension does not list, rather than dropping it', () => {
    expect(() => countTable({ indicator, dimensions: [period, region], language: 'en' }, [{ key: ['2026-01', 'KG-Y'], value: 1 }])).toThrow(RangeError);
  });

  it('gives, cell by cell, the sum of the rows each cell covers, over three dimensions with and without totals', () => {
    const sex: TableDimension = { code: 'sex', label: 'Sex', categories: [{ code: 'female', label: 'Female' }, { code: 'male', label: 'Male' }, { code: 'unknown', label: 'Unknown' }, { code: TOTAL, label: 'Total' }] };
    const dimensions = [period, region, sex];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const interior = (dimension: TableDimension) => dimension.categories.filter((category) => category.code !== TOTAL);
    const rows = Array.from({ length: 200 }, () => ({ key: dimensions.map((dimension) => interior(dimension)[next(interior(dimension).length)].code), value: next(9) }));
    const table = countTable({ indicator, dimensions, language: 'en' }, rows);
    // A cell covers a row where each of its codes is the row's, or that dimension's total.
    const covers = (key: readonly string[], row: readonly string[]) => key.every((code, i) => code === row[i] || code === TOTAL);
    expect(table.cells).toEqual(cellKeys(dimensions).map((key) => ({ key, value: rows.filter((row) => covers(key, row.key)).reduce((sum, row) => sum + row.value, 0) })));
  });

  it('refuses a row that names a total: totals are computed', () => {
    expect(() => countTable({ indicator, dimensions: [period, region], language: 'en' }, [{ key: ['2026-01', TOTAL], value: 1 }])).toThrow('a count row names a total');
  });
});

describe('cellKeys', () => {
  it('lists every combination, the last dimension varying fastest', () => {
    expect(cellKeys([period, region])).toEqual([
      ['2026-01', 'KG-GB'], ['2026-01', 'KG-O'], ['2026-01', TOTAL],
      ['2026-02', 'KG-GB'], ['2026-02', 'KG-O'], ['2026-02', TOTAL],
    ]);
  });

  it('is one empty key without dimensions, and none when a dimension has no category', () => {
    expect(cellKeys([])).toEqual([[]]);
    expect(cellKeys([period, { ...region, categories: [] }])).toEqual([]);
  });
});
