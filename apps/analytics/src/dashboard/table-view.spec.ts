import type { StatisticalTable, TableDimension } from '../tables/statistical-table';

/** The page's pure helpers (a plain script for the browser, also a CommonJS module). */
interface TableViewModule {
  layout(table: StatisticalTable): {
    periodLabel: string;
    columns: { codes: string[]; label: string; total: boolean }[];
    rows: { code: string; label: string; total: boolean; cells: StatisticalTable['cells'] }[];
  };
  lineSeries(view: ReturnType<TableViewModule['layout']>): { labels: string[]; series: { label: string; values: (number | null)[]; suppression: (string | null)[] }[] };
  latestBars(view: ReturnType<TableViewModule['layout']>): { period: string; labels: string[]; values: (number | null)[]; suppression: (string | null)[] };
  suppressionNote(reason: string, disclosure: StatisticalTable['disclosure']): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the browser script has no TypeScript source to import
const TableView: TableViewModule = require('./dashboard-page/table-view.js');

const period: TableDimension = { code: 'period', label: 'Period', categories: [{ code: '2026-01', label: '2026-01' }, { code: '2026-02', label: '2026-02' }] };
const region: TableDimension = {
  code: 'region',
  label: 'Region',
  categories: [{ code: 'KG-GB', label: 'Bishkek' }, { code: 'KG-C', label: 'Chüy, "north"' }, { code: '_T', label: 'Total' }],
};
const indicator = { code: 'suspects_entered', version: 1, title: 'Suspects entered', unit: 'people', measure: 'count' as const, personBased: true };
const disclosure = { minCellSize: 3, minDenominator: 20, exact: false };

/** Two months by two regions and their total, the last dimension fastest; February's Chüy withheld, and the Bishkek figure that would give it away. */
const byRegion: StatisticalTable = {
  indicator,
  language: 'en',
  disclosure,
  dimensions: [period, region],
  cells: [
    { key: ['2026-01', 'KG-GB'], value: 5 },
    { key: ['2026-01', 'KG-C'], value: 0 },
    { key: ['2026-01', '_T'], value: 5 },
    { key: ['2026-02', 'KG-GB'], value: null, suppression: 'secondary' },
    { key: ['2026-02', 'KG-C'], value: null, suppression: 'primary' },
    { key: ['2026-02', '_T'], value: 9 },
  ],
};

describe('the dashboard’s reading of a statistical table', () => {
  it('lays periods out as rows and categories as columns, the total marked', () => {
    const view = TableView.layout(byRegion);
    expect(view.columns).toEqual([
      { codes: ['KG-GB'], label: 'Bishkek', total: false },
      { codes: ['KG-C'], label: 'Chüy, "north"', total: false },
      { codes: ['_T'], label: 'Total', total: true },
    ]);
    expect(view.rows.map((row) => [row.code, row.cells.map((cell) => cell.value)])).toEqual([
      ['2026-01', [5, 0, 5]],
      ['2026-02', [null, null, 9]],
    ]);
  });

  it('draws one series per category, without the total, and a withheld figure as a gap (null), never as zero', () => {
    const line = TableView.lineSeries(TableView.layout(byRegion));
    expect(line.labels).toEqual(['2026-01', '2026-02']);
    expect(line.series).toEqual([
      { label: 'Bishkek', values: [5, null], suppression: [null, 'secondary'] },
      { label: 'Chüy, "north"', values: [0, null], suppression: [null, 'primary'] },
    ]);
  });

  it('puts the latest period in the bars', () => {
    expect(TableView.latestBars(TableView.layout(byRegion))).toEqual({ period: '2026-02', labels: ['Bishkek', 'Chüy, "north"'], values: [null, null], suppression: ['secondary', 'primary'] });
  });

  it('draws the total alone when there is no breakdown', () => {
    const national: StatisticalTable = { ...byRegion, dimensions: [period], cells: [{ key: ['2026-01'], value: 5 }, { key: ['2026-02'], value: 9 }] };
    const view = TableView.layout(national);
    expect(view.columns).toEqual([{ codes: [], label: 'Suspects entered', total: false }]);
    expect(TableView.lineSeries(view).series).toEqual([{ label: 'Suspects entered', values: [5, 9], suppression: [null, null] }]);
  });

  it('says why a cell is withheld, with the threshold', () => {
    expect(TableView.suppressionNote('primary', disclosure)).toBe('withheld: counts fewer people than the minimum cell size (3)');
    expect(TableView.suppressionNote('small-denominator', disclosure)).toContain('(20)');
    expect(TableView.suppressionNote('secondary', disclosure)).toContain('totals');
  });
});
