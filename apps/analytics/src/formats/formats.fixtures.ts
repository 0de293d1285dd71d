import { PublishedCell, StatisticalTable, TableDimension, TOTAL } from '../tables/statistical-table';

/**
 * Test fixture: suspects entered by month and region, as disclosure control publishes it —
 * January's 2 in Chüy withheld (primary), Bishkek's 12 with it (secondary, else 14 − 12 gives
 * it away), February's 0 in Chüy published (a zero discloses no one).
 */
export function publishedTable(overrides: Partial<StatisticalTable> = {}): StatisticalTable {
  const dimensions: TableDimension[] = [
    { code: 'period', label: 'Month', categories: [{ code: '2026-01', label: 'January 2026' }, { code: '2026-02', label: 'February 2026' }] },
    {
      code: 'region',
      label: 'Region',
      categories: [{ code: 'KG-GB', label: 'Bishkek' }, { code: 'KG-C', label: 'Chüy Region' }, { code: TOTAL, label: 'Kyrgyz Republic' }],
    },
  ];
  const cells: PublishedCell[] = [
    { key: ['2026-01', 'KG-GB'], value: null, suppression: 'secondary' },
    { key: ['2026-01', 'KG-C'], value: null, suppression: 'primary' },
    { key: ['2026-01', TOTAL], value: 14 },
    { key: ['2026-02', 'KG-GB'], value: 9 },
    { key: ['2026-02', 'KG-C'], value: 0 },
    { key: ['2026-02', TOTAL], value: 9 },
  ];
  return {
    indicator: { code: 'suspects_entered', version: 2, title: 'Suspects entered', unit: 'persons', measure: 'count', personBased: true },
    dimensions,
    language: 'en',
    cells,
    disclosure: { minCellSize: 3, minDenominator: 20, exact: false },
    ...overrides,
  };
}

/** A one-dimension table whose labels are what a spreadsheet or a CSV reader trips on. */
export function awkwardLabelsTable(): StatisticalTable {
  const labels = ['Osh, city', 'The "new" district', 'two\r\nlines', '=HYPERLINK("http://x","y")', '-1 (minus one)'];
  return publishedTable({
    dimensions: [{ code: 'district', label: 'District', categories: labels.map((label, i) => ({ code: `d${i + 1}`, label })) }],
    cells: labels.map((_, i) => ({ key: [`d${i + 1}`], value: i + 3 })),
  });
}
