import { indicatorRowsToCsv } from './indicator-csv';

describe('indicatorRowsToCsv', () => {
  it('writes a header and one line per row, a suppressed value empty', () => {
    expect(
      indicatorRowsToCsv(
        [
          { region: 'KG-GB', period: '2026-01', value: 5, suppressed: false },
          { region: 'KG-C', period: '2026-01', value: null, suppressed: true },
        ],
        false,
      ),
    ).toBe('region,period,value,suppressed\r\nKG-GB,2026-01,5,false\r\nKG-C,2026-01,,true\r\n');
  });

  it('adds the category column for indicators that have one', () => {
    expect(indicatorRowsToCsv([{ region: 'KG-GB', period: '2026-01', category: 'sentence', value: 2, suppressed: false }], true)).toBe(
      'region,period,category,value,suppressed\r\nKG-GB,2026-01,sentence,2,false\r\n',
    );
  });

  it('writes only the header when there are no rows', () => {
    expect(indicatorRowsToCsv([], false)).toBe('region,period,value,suppressed\r\n');
  });
});
