import { negotiateTableFormat, requestedTableFormat, TABLE_CONTENT_TYPES } from './negotiate';

describe('requestedTableFormat', () => {
  it.each([
    ['cases_registered.json', 'cases_registered', 'json'],
    ['cases_registered.csv', 'cases_registered', 'csv'],
    ['cases_registered.jsonstat', 'cases_registered', 'json-stat'],
    ['cases_registered.sdmx.csv', 'cases_registered', 'sdmx-csv'],
  ])('takes %s as %s in %s, whatever Accept says', (path, name, format) => {
    expect(requestedTableFormat(path, 'application/json')).toEqual({ name, format });
  });

  it('leaves a name without a known extension whole and lets Accept decide', () => {
    expect(requestedTableFormat('cases_registered', 'text/csv')).toEqual({ name: 'cases_registered', format: 'csv' });
    expect(requestedTableFormat('cases_registered.xml', undefined)).toEqual({ name: 'cases_registered.xml', format: 'json' });
    expect(requestedTableFormat('.csv', undefined)).toEqual({ name: '.csv', format: 'json' });
  });
});

describe('negotiateTableFormat', () => {
  it.each([
    ['no Accept header', undefined, 'json'],
    ['an empty one', '', 'json'],
    ['anything', '*/*', 'json'],
    ['application/json', 'application/json', 'json'],
    ['text/csv', 'text/csv', 'csv'],
    ['text/csv with charset utf-8', 'text/csv; charset=UTF-8', 'csv'],
    ['JSON-stat', 'application/json-stat+json', 'json-stat'],
    ['JSON-stat by its vendor type', 'application/vnd.json-stat+json', 'json-stat'],
    ['SDMX-CSV 2.0.0', 'application/vnd.sdmx.data+csv; version=2.0.0', 'sdmx-csv'],
    ['SDMX-CSV without a version', 'application/vnd.sdmx.data+csv', 'sdmx-csv'],
    ['SDMX-CSV version in quotes', 'application/vnd.sdmx.data+csv;version="2.0"', 'sdmx-csv'],
    ['a type named in capitals', 'Text/CSV', 'csv'],
    ['text/* as CSV', 'text/*', 'csv'],
    ['application/* as JSON, the first choice', 'application/*', 'json'],
    ['the highest q', 'application/json;q=0.5, text/csv;q=0.8', 'csv'],
    ['the highest q, whatever the order', 'text/csv;q=0.2, application/json-stat+json', 'json-stat'],
    ['a named type over */* at the same q', 'text/csv, */*', 'csv'],
    ['*/* at a higher q than the named type', 'text/csv;q=0.1, */*', 'json'],
    ['a type ruled out by q=0, anything else welcome', 'application/json;q=0, */*', 'csv'],
    ['the most specific range deciding', 'text/*;q=0.9, text/csv;q=0.1, application/json;q=0.5', 'json'],
    ['a browser’s header', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'json'],
    ['a malformed range left out', 'text/csv;q=2, application/json-stat+json;q=0.5', 'json-stat'],
    ['nothing parseable, as no header', 'nonsense', 'json'],
    ['a comma in a quoted parameter', 'text/csv;foo="a,b", application/json;q=0.1', 'csv'],
  ])('answers %s', (_, accept, format) => {
    expect(negotiateTableFormat(accept)).toBe(format);
  });

  it.each([
    ['a type we do not write', 'application/xml'],
    ['SDMX-CSV 1.0', 'application/vnd.sdmx.data+csv; version=1.0.0'],
    ['CSV in another charset', 'text/csv; charset=iso-8859-1'],
    ['everything refused', '*/*;q=0'],
    ['the only acceptable type refused', 'text/csv;q=0, text/html'],
    ['images', 'image/*'],
  ])('answers nothing (406) for %s', (_, accept) => {
    expect(negotiateTableFormat(accept)).toBeUndefined();
  });

  it('lists the content type of each format for the OpenAPI document and 406 answers', () => {
    expect(TABLE_CONTENT_TYPES).toEqual([
      'application/json; charset=utf-8',
      'text/csv; charset=utf-8',
      'application/json-stat+json; charset=utf-8',
      'application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8',
    ]);
  });
});
