import { awkwardLabelsTable, publishedTable } from './formats.fixtures';
import { tableToCsv } from './table-csv';

describe('tableToCsv', () => {
  it('writes the codes, the value and the status of every cell, a withheld value empty with its reason', () => {
    expect(tableToCsv(publishedTable())).toBe(
      [
        'period,region,value,status',
        '2026-01,KG-GB,,secondary',
        '2026-01,KG-C,,primary',
        '2026-01,_T,14,',
        '2026-02,KG-GB,9,',
        '2026-02,KG-C,0,',
        '2026-02,_T,9,',
        '',
      ].join('\r\n'),
    );
  });

  it('adds a label column after each code column when asked, in the table’s language', () => {
    expect(tableToCsv(publishedTable(), { labels: true }).split('\r\n').slice(0, 3)).toEqual([
      'period,period_label,region,region_label,value,status',
      '2026-01,January 2026,KG-GB,Bishkek,,secondary',
      '2026-01,January 2026,KG-C,Chüy Region,,primary',
    ]);
  });

  it('writes a withheld ratio as small-denominator', () => {
    const table = publishedTable({ cells: publishedTable().cells.map((cell, i) => (i === 3 ? { key: cell.key, value: null, suppression: 'small-denominator' } : cell)) });
    expect(tableToCsv(table).split('\r\n')[4]).toBe('2026-02,KG-GB,,small-denominator');
  });

  it('quotes commas, quotes and line breaks, and defuses labels a spreadsheet would run as formulas', () => {
    expect(tableToCsv(awkwardLabelsTable(), { labels: true })).toBe(
      'district,district_label,value,status\r\n' +
        'd1,"Osh, city",3,\r\n' +
        'd2,"The ""new"" district",4,\r\n' +
        'd3,"two\r\nlines",5,\r\n' +
        `d4,"'=HYPERLINK(""http://x"",""y"")",6,\r\n` +
        "d5,'-1 (minus one),7,\r\n",
    );
  });

  it('has as many fields on every line as in the header', () => {
    const lines = tableToCsv(publishedTable(), { labels: true }).split('\r\n').filter(Boolean);
    expect(new Set(lines.map((line) => line.split(',').length))).toEqual(new Set([6]));
  });
});
