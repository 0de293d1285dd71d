import { csvField, csvLine } from './csv';

describe('csvField', () => {
  it.each([
    ['KG-GB', 'KG-GB'],
    [12, '12'],
    [false, 'false'],
    [null, ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['-1', "'-1"],
    ['+1', "'+1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('writes %p as %p', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('writes negative numbers as numbers', () => {
    expect(csvField(-1)).toBe('-1');
  });
});

describe('csvLine', () => {
  it('joins the fields with commas and ends the record with CRLF', () => {
    expect(csvLine(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });
});
