import { publishedTable } from './formats.fixtures';
import { TABLE_FORMATS } from './negotiate';
import { renderTable } from './render-table';

describe('renderTable', () => {
  it('answers each format with its content type and body', () => {
    const table = publishedTable();
    const rendered = Object.fromEntries(TABLE_FORMATS.map((format) => [format, renderTable(table, format, { labels: true, updated: '2026-12-04T23:00:00Z' })]));
    expect(rendered.json.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(rendered.json.body)).toEqual(JSON.parse(JSON.stringify(table)));
    expect(rendered.csv.contentType).toBe('text/csv; charset=utf-8');
    expect(rendered.csv.body.split('\r\n')[0]).toBe('period,period_label,region,region_label,value,status');
    expect(rendered['json-stat'].contentType).toBe('application/json-stat+json; charset=utf-8');
    expect(JSON.parse(rendered['json-stat'].body)).toMatchObject({ version: '2.0', class: 'dataset', updated: '2026-12-04T23:00:00Z', value: [null, null, 14, 9, 0, 9] });
    expect(rendered['sdmx-csv'].contentType).toBe('application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8');
    expect(rendered['sdmx-csv'].body.split('\r\n')[1]).toBe('dataflow,ICJIMS:SUSPECTS_ENTERED(2.0.0),I,2026-01,KG-GB,,Q,D');
  });
});
