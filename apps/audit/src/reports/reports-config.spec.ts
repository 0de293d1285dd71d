import { ConfigError } from '@icjims/platform';
import { readReportsConfig } from './reports-config';

describe('readReportsConfig', () => {
  it('has defaults for everything, the time zone being the jurisdiction pack’s', () => {
    expect(readReportsConfig({}, 'Asia/Bishkek')).toEqual({
      timeZone: 'Asia/Bishkek',
      workingDays: [1, 2, 3, 4, 5],
      workingHours: { start: '08:00', end: '18:00' },
      personsThreshold: 50,
      personsBaselineFactor: 3,
      personsBaselinePeriods: 4,
      personsBaselineMinimum: 10,
      refusalBurstThreshold: 20,
      refusalBurstWindowSeconds: 60,
    });
  });

  it('takes the zone of whichever pack is installed', () => {
    expect(readReportsConfig({}, 'Asia/Almaty').timeZone).toBe('Asia/Almaty');
    expect(readReportsConfig({ AUDIT_TIME_ZONE: '' }, 'Europe/Tallinn').timeZone).toBe('Europe/Tallinn');
  });

  it('reads working time as configured, AUDIT_TIME_ZONE overriding the pack’s zone', () => {
    expect(readReportsConfig({ AUDIT_TIME_ZONE: 'Asia/Tashkent', AUDIT_WORKING_DAYS: '1-4, 6', AUDIT_WORKING_HOURS: '22:00-06:00' }, 'Asia/Bishkek')).toMatchObject({
      timeZone: 'Asia/Tashkent',
      workingDays: [1, 2, 3, 4, 6],
      workingHours: { start: '22:00', end: '06:00' },
    });
  });

  it.each([
    ['AUDIT_TIME_ZONE', 'Mars/Olympus'],
    ['AUDIT_WORKING_DAYS', '0-4'],
    ['AUDIT_WORKING_DAYS', '5-1'],
    ['AUDIT_WORKING_DAYS', 'mon-fri'],
    ['AUDIT_WORKING_HOURS', '8-18'],
    ['AUDIT_WORKING_HOURS', '08:00-08:00'],
    ['AUDIT_WORKING_HOURS', '08:00-24:00'],
    ['AUDIT_PERSONS_THRESHOLD', '0'],
    ['AUDIT_PERSONS_BASELINE_FACTOR', '1'],
    ['AUDIT_REFUSAL_BURST_WINDOW_SECONDS', '1.5'],
  ])('refuses %s=%p, naming it', (name, raw) => {
    expect(() => readReportsConfig({ [name]: raw }, 'Asia/Bishkek')).toThrow(ConfigError);
    expect(() => readReportsConfig({ [name]: raw }, 'Asia/Bishkek')).toThrow(new RegExp(name));
  });
});
