import { dateRange, isCalendarDate, isPeriod, monthsOf, nextPeriod, periodOfMonth, periodsBack, periodsBetween } from './periods';

describe('reporting periods', () => {
  it.each([
    ['2026-01', 'month', true],
    ['2026-13', 'month', false],
    ['2026-Q4', 'quarter', true],
    ['2026-Q5', 'quarter', false],
    ['2026', 'year', true],
    ['0000', 'year', false],
    ['2026-01', 'year', false],
  ] as const)('%s is a %s: %s', (code, granularity, expected) => {
    expect(isPeriod(code, granularity)).toBe(expected);
  });

  it.each([
    ['2026-01', 'month', '2026-01'],
    ['2026-03', 'quarter', '2026-Q1'],
    ['2026-04', 'quarter', '2026-Q2'],
    ['2026-12', 'quarter', '2026-Q4'],
    ['2026-12', 'year', '2026'],
  ] as const)('month %s lies in the %s %s', (month, granularity, expected) => {
    expect(periodOfMonth(month, granularity)).toBe(expected);
  });

  it('lists the periods of a range, across year ends, both ends included', () => {
    expect(periodsBetween('2025-11', '2026-02', 'month')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(periodsBetween('2025-Q4', '2026-Q2', 'quarter')).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
    expect(periodsBetween('2024', '2026', 'year')).toEqual(['2024', '2025', '2026']);
    expect(periodsBetween('2026-03', '2026-02', 'month')).toEqual([]);
  });

  it('refuses a range written for another granularity', () => {
    expect(() => periodsBetween('2026-01', '2026-Q1', 'quarter')).toThrow(RangeError);
  });

  it('goes back from the last period to span a number of them', () => {
    expect(periodsBack('2026-02', 12, 'month')).toBe('2025-03');
    expect(periodsBack('2026-Q1', 4, 'quarter')).toBe('2025-Q2');
    expect(periodsBack('2026', 3, 'year')).toBe('2024');
  });

  it('gives the next period, across year ends', () => {
    expect([nextPeriod('2026-12', 'month'), nextPeriod('2026-Q4', 'quarter'), nextPeriod('2026', 'year')]).toEqual(['2027-01', '2027-Q1', '2027']);
  });

  it('gives the months a period covers', () => {
    expect(monthsOf('2026-Q3', 'quarter')).toEqual({ first: '2026-07', last: '2026-09' });
    expect(monthsOf('2026', 'year')).toEqual({ first: '2026-01', last: '2026-12' });
  });
});

describe('a range of days', () => {
  it('is coded as the ISO 8601 interval of its first and last day, and ends the day after', () => {
    expect(dateRange('2026-03-15', '2026-06-10')).toEqual({ code: '2026-03-15/2026-06-10', first: '2026-03-15', next: '2026-06-11', days: 88 });
    expect(dateRange('2024-02-29', '2024-02-29')).toEqual({ code: '2024-02-29/2024-02-29', first: '2024-02-29', next: '2024-03-01', days: 1 });
    expect(dateRange('2026-12-31', '2026-12-31').next).toBe('2027-01-01');
  });

  it('has a negative length when backwards', () => {
    expect(dateRange('2026-06-10', '2026-03-15').days).toBeLessThan(1);
  });

  it('knows calendar dates', () => {
    expect(['2026-02-28', '2024-02-29', '0001-01-01'].map(isCalendarDate)).toEqual([true, true, true]);
    expect(['2026-02-30', '2026-13-01', '2026-3-01', '0000-01-01', '2026-02-01T00:00'].map(isCalendarDate)).toEqual([false, false, false, false, false]);
    expect(() => dateRange('2026-02-30', '2026-03-01')).toThrow(RangeError);
  });
});
