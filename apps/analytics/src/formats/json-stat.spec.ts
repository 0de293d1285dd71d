import JSONstat from 'jsonstat-toolkit';
import { cellKeys } from '../tables/statistical-table';
import { publishedTable } from './formats.fixtures';
import { tableToJsonStat } from './json-stat';

describe('tableToJsonStat', () => {
  it('writes a JSON-stat 2.0 dataset: dimensions, dense values with null where withheld, a status per withheld cell', () => {
    expect(tableToJsonStat(publishedTable(), { updated: '2026-12-04T23:00:00Z' })).toEqual({
      version: '2.0',
      class: 'dataset',
      label: 'Suspects entered',
      note: [
        'Published under statistical disclosure control: counts of people under 3, other than 0, are withheld (status c), ' +
          'and so are cells from which one could be derived through the totals (status s); ' +
          'rates, shares and medians over fewer than 20 people are withheld too (status d). A withheld value is null.',
      ],
      updated: '2026-12-04T23:00:00Z',
      id: ['period', 'region'],
      size: [2, 3],
      role: { time: ['period'], geo: ['region'] },
      dimension: {
        period: {
          label: 'Month',
          category: { index: ['2026-01', '2026-02'], label: { '2026-01': 'January 2026', '2026-02': 'February 2026' } },
        },
        region: {
          label: 'Region',
          category: {
            index: ['KG-GB', 'KG-C', '_T'],
            label: { 'KG-GB': 'Bishkek', 'KG-C': 'Chüy Region', _T: 'Kyrgyz Republic' },
            child: { _T: ['KG-GB', 'KG-C'] },
          },
        },
      },
      value: [null, null, 14, 9, 0, 9],
      status: { '0': 's', '1': 'c' },
      extension: {
        indicator: { code: 'suspects_entered', version: 2, unit: 'persons', measure: 'count', personBased: true },
        language: 'en',
        disclosure: { minCellSize: 3, minDenominator: 20, exact: false },
        status: { c: 'primary', s: 'secondary', d: 'small-denominator' },
      },
    });
  });

  it('reads back through jsonstat-toolkit, cell by cell, with labels, roles and statuses', () => {
    const table = publishedTable();
    const dataset = JSONstat(JSON.parse(JSON.stringify(tableToJsonStat(table))));
    expect(dataset.class).toBe('dataset');
    expect(dataset.n).toBe(table.cells.length);
    for (const cell of table.cells) {
      const [period, region] = cell.key;
      expect(dataset.Data({ period, region })).toEqual({ value: cell.value, status: cell.suppression === 'primary' ? 'c' : cell.suppression === 'secondary' ? 's' : null });
    }
    expect(dataset.Dimension('period')?.role).toBe('time');
    expect(dataset.Dimension('region')?.role).toBe('geo');
    expect(dataset.Dimension('region')?.Category('KG-C')?.label).toBe('Chüy Region');
    expect(dataset.Dimension('region')?.Category('_T')?.id).toEqual(['KG-GB', 'KG-C']);
  });

  it('keeps the specification’s invariants: size per id, value length the product of sizes, index order the cell order', () => {
    const table = publishedTable();
    const dataset = tableToJsonStat(table);
    expect(dataset.size).toEqual(dataset.id.map((id) => dataset.dimension[id].category.index.length));
    expect(dataset.value).toHaveLength(dataset.size.reduce((product, size) => product * size, 1));
    // Row-major order: the key of value[i] is the i-th combination of the indexes, the last dimension fastest.
    expect(cellKeys(table.dimensions)).toEqual(table.cells.map((cell) => [...cell.key]));
    for (const index of Object.keys(dataset.status ?? {})) expect(dataset.value[Number(index)]).toBeNull();
  });

  it('dates an as-of table by its instant and says so; marks a withheld ratio d', () => {
    const base = publishedTable();
    const table = publishedTable({
      asOf: '2026-06-30T18:00:00Z',
      cells: base.cells.map((cell, i) => (i === 4 ? { key: cell.key, value: null, suppression: 'small-denominator' } : cell)),
    });
    const dataset = tableToJsonStat(table, { updated: '2026-12-04T23:00:00Z' });
    expect(dataset.updated).toBe('2026-06-30T18:00:00Z');
    expect(dataset.extension.asOf).toBe('2026-06-30T18:00:00Z');
    expect(dataset.note).toContain('Figures as they stood at 2026-06-30T18:00:00Z.');
    expect(dataset.status).toEqual({ '0': 's', '1': 'c', '4': 'd' });
  });

  it('leaves status out when nothing is withheld, and says when the figures are exact', () => {
    const table = publishedTable({
      cells: publishedTable().cells.map((cell) => ({ key: cell.key, value: cell.value ?? 1 })),
      disclosure: { minCellSize: 3, minDenominator: 20, exact: true },
    });
    const dataset = tableToJsonStat(table);
    expect(dataset).not.toHaveProperty('status');
    expect(dataset).not.toHaveProperty('updated');
    expect(dataset.note).toEqual(['Exact figures, not protected by disclosure control: not for publication.']);
  });

  it('gives no role to a table without period or region, and no child to a dimension without a total', () => {
    const table = publishedTable({
      dimensions: [{ code: 'sex', label: 'Sex', categories: [{ code: 'female', label: 'Female' }, { code: 'male', label: 'Male' }] }],
      cells: [{ key: ['female'], value: 4 }, { key: ['male'], value: 7 }],
    });
    const dataset = tableToJsonStat(table);
    expect(dataset).not.toHaveProperty('role');
    expect(dataset.dimension.sex.category).toEqual({ index: ['female', 'male'], label: { female: 'Female', male: 'Male' } });
  });
});
