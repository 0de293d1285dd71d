import { monthOf, PERIOD_PATTERN } from './period';

/** The default pack's zone (Asia/Bishkek, UTC+6 all year). */
const BISHKEK = 'Asia/Bishkek';

describe('monthOf', () => {
  it.each([
    ['2026-11-20T10:00:00Z', '2026-11'],
    // 23:30 on 31 January in Bishkek is January; 00:30 on 1 February is February.
    ['2026-01-31T17:30:00Z', '2026-01'],
    ['2026-01-31T18:30:00Z', '2026-02'],
    // The year boundary: 23:59 on 31 December in Bishkek, then 00:00 on 1 January.
    ['2026-12-31T17:59:59Z', '2026-12'],
    ['2026-12-31T18:00:00Z', '2027-01'],
    ['2026-11-30T23:30:00-02:00', '2026-12'],
    ['2026-12-01T01:00:00+02:00', '2026-12'],
    ['2026-11-30T20:00:00+02:00', '2026-12'],
  ])('puts the instant %s in %s in Bishkek', (value, month) => {
    expect(monthOf(value, BISHKEK)).toBe(month);
    expect(month).toMatch(PERIOD_PATTERN);
  });

  it('follows the zone it is given', () => {
    expect(monthOf('2026-01-31T18:30:00Z', 'Europe/Tallinn')).toBe('2026-01');
    expect(monthOf('2026-01-31T22:30:00Z', 'Europe/Tallinn')).toBe('2026-02');
    expect(monthOf('2026-01-31T18:30:00Z', 'UTC')).toBe('2026-01');
  });

  it.each([['2026-02-28', '2026-02'], ['2026-12-31', '2026-12'], ['2027-01-01', '2027-01']])('keeps the month of the calendar date %s', (value, month) => {
    expect(monthOf(value, BISHKEK)).toBe(month);
  });

  it.each(['last week', '+010000-01-01T00:00:00Z', '9999-12-31T20:00:00Z', '0000-06-01T00:00:00Z', '0000-06-01'])('refuses %p', (value) => {
    expect(() => monthOf(value, BISHKEK)).toThrow(RangeError);
  });
});

describe('PERIOD_PATTERN', () => {
  it.each(['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01'])('refuses %p', (value) => {
    expect(PERIOD_PATTERN.test(value)).toBe(false);
  });
});
