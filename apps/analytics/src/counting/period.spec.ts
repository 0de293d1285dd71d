import { monthOf, PERIOD_PATTERN } from './period';

describe('monthOf', () => {
  it.each([
    ['2026-11-20T10:00:00Z', '2026-11'],
    ['2026-11-30T23:30:00-02:00', '2026-12'],
    ['2026-12-01T01:00:00+02:00', '2026-11'],
    ['2026-02-28', '2026-02'],
  ])('puts %s in %s (UTC)', (value, month) => {
    expect(monthOf(value)).toBe(month);
    expect(month).toMatch(PERIOD_PATTERN);
  });

  it.each(['last week', '+010000-01-01T00:00:00Z'])('refuses %p', (value) => {
    expect(() => monthOf(value)).toThrow(RangeError);
  });
});

describe('PERIOD_PATTERN', () => {
  it.each(['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01'])('refuses %p', (value) => {
    expect(PERIOD_PATTERN.test(value)).toBe(false);
  });
});
