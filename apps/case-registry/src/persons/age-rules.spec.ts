import { ageCategoriesAt, calendarDateIn, completedYears } from './age-rules';

describe('calendarDateIn', () => {
  it('gives the local date, which is already the next day in Tallinn late in the UTC evening', () => {
    expect(calendarDateIn(new Date('2026-05-31T22:30:00Z'), 'Asia/Bishkek')).toBe('2026-06-01');
    expect(calendarDateIn(new Date('2026-05-31T22:30:00Z'), 'UTC')).toBe('2026-05-31');
  });

  it('pads months and days', () => {
    expect(calendarDateIn(new Date('2026-01-05T12:00:00Z'), 'Asia/Bishkek')).toBe('2026-01-05');
  });
});

describe('completedYears', () => {
  it.each([
    ['the day before the 18th birthday', '2008-06-01', '2026-05-31', 17],
    ['the 18th birthday', '2008-06-01', '2026-06-01', 18],
    ['the day after', '2008-06-01', '2026-06-02', 18],
    ['the day of birth', '2008-06-01', '2008-06-01', 0],
    ['a year-end birthday on New Year’s Eve', '2000-12-31', '2018-12-31', 18],
    ['a year-end birthday on the day before', '2000-12-31', '2018-12-30', 17],
    ['a leap-day birthday on 28 February of a common year', '2008-02-29', '2026-02-28', 17],
    ['a leap-day birthday on 1 March of a common year', '2008-02-29', '2026-03-01', 18],
    ['a leap-day birthday on the leap day', '2008-02-29', '2028-02-29', 20],
    ['someone born on 28 February on 29 February', '2010-02-28', '2028-02-29', 18],
  ])('counts %s', (_scenario, dateOfBirth, on, years) => {
    expect(completedYears(dateOfBirth, on)).toBe(years);
  });
});

describe('ageCategoriesAt', () => {
  it.each([
    ['0', '2026-06-01', 'under_14', true],
    ['13 (the day before 14)', '2012-06-02', 'under_14', true],
    ['14', '2012-06-01', '14_17', true],
    ['17 (the day before 18)', '2008-06-02', '14_17', true],
    ['18', '2008-06-01', '18_24', false],
    ['24', '2001-06-02', '18_24', false],
    ['25', '2001-06-01', '25_34', false],
    ['34', '1991-06-02', '25_34', false],
    ['35', '1991-06-01', '35_44', false],
    ['45', '1981-06-01', '45_54', false],
    ['55', '1971-06-01', '55_64', false],
    ['64', '1961-06-02', '55_64', false],
    ['65', '1961-06-01', '65_plus', false],
    ['104', '1922-01-01', '65_plus', false],
  ])('puts someone aged %s on 2026-06-01 in its band', (_age, dateOfBirth, ageBand, juvenile) => {
    expect(ageCategoriesAt(dateOfBirth, '2026-06-01')).toEqual({ ageBand, juvenile });
  });

  it('gives an unknown band and no juvenile flag for an unknown date of birth', () => {
    expect(ageCategoriesAt(null, '2026-06-01')).toEqual({ ageBand: 'unknown', juvenile: false });
  });

  it('treats a date of birth after the offence as unknown age', () => {
    expect(ageCategoriesAt('2026-06-02', '2026-06-01')).toEqual({ ageBand: 'unknown', juvenile: false });
  });

  it('keeps someone born on a leap day a juvenile until 1 March', () => {
    expect(ageCategoriesAt('2008-02-29', '2026-02-28')).toEqual({ ageBand: '14_17', juvenile: true });
    expect(ageCategoriesAt('2008-02-29', '2026-03-01')).toEqual({ ageBand: '18_24', juvenile: false });
  });
});
