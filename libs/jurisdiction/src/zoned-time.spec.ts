import { addInZone, localDate, localMonth, localParts, localYear, zonedInstant } from './zoned-time';

const BISHKEK = 'Asia/Bishkek'; // UTC+6, no daylight saving
const ALMATY = 'Asia/Almaty';
const TALLINN = 'Europe/Tallinn'; // EET +2, EEST +3 from the last Sunday of March to the last Sunday of October

const at = (iso: string) => new Date(iso);

describe('localParts', () => {
  it('reads the wall clock of the zone', () => {
    expect(localParts(at('2026-01-31T17:30:00Z'), BISHKEK)).toEqual({ year: 2026, month: 1, day: 31, hour: 23, minute: 30, second: 0 });
  });

  it('gives hour 0 at midnight, not 24', () => {
    expect(localParts(at('2026-01-31T18:00:00Z'), BISHKEK)).toMatchObject({ day: 1, month: 2, hour: 0 });
  });

  it.each([
    ['year 0 (which Intl would read as year 1)', new Date('0000-06-01T00:00:00Z')],
    ['a day whose local date is past 9999 in some zone', new Date('9999-12-31T20:00:00Z')],
    ['a year past 9999', new Date('+010000-01-01T00:00:00Z')],
    ['an invalid Date', new Date('last week')],
  ])('refuses %s with a RangeError', (_, instant) => {
    expect(() => localParts(instant, 'Asia/Bishkek')).toThrow(RangeError);
    expect(() => localDate(instant, 'UTC')).toThrow(/years 0001-9999/);
  });

  it('refuses an unknown zone', () => {
    expect(() => localParts(at('2026-01-01T00:00:00Z'), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('months and years in the zone', () => {
  it('counts a step at 23:30 on 31 January in Bishkek in January', () => {
    expect(localMonth(at('2026-01-31T17:30:00Z'), BISHKEK)).toBe('2026-01');
    expect(localDate(at('2026-01-31T17:30:00Z'), BISHKEK)).toBe('2026-01-31');
  });

  it('counts a step at 00:30 on 1 February in Bishkek in February, though it is still 31 January in UTC', () => {
    expect(localMonth(at('2026-01-31T18:30:00Z'), BISHKEK)).toBe('2026-02');
    expect(localDate(at('2026-01-31T18:30:00Z'), BISHKEK)).toBe('2026-02-01');
  });

  it('keeps 23:30 on 31 December in Bishkek in the old year, and 00:30 on 1 January in the new one', () => {
    expect(localYear(at('2026-12-31T17:30:00Z'), BISHKEK)).toBe(2026);
    expect(localMonth(at('2026-12-31T17:30:00Z'), BISHKEK)).toBe('2026-12');
    expect(localYear(at('2026-12-31T18:30:00Z'), BISHKEK)).toBe(2027);
    expect(localDate(at('2026-12-31T18:30:00Z'), BISHKEK)).toBe('2027-01-01');
  });

  it('follows Kazakhstan onto UTC+5 from 1 March 2024 (UTC+6 in Almaty before)', () => {
    expect(localParts(at('2024-01-15T00:00:00Z'), ALMATY).hour).toBe(6);
    expect(localDate(at('2024-02-29T17:59:00Z'), ALMATY)).toBe('2024-02-29'); // 23:59 at +6
    expect(localParts(at('2024-02-29T18:30:00Z'), ALMATY)).toMatchObject({ day: 29, hour: 23, minute: 30 }); // the repeated hour at +5
    expect(localParts(at('2024-06-01T00:00:00Z'), ALMATY).hour).toBe(5);
    expect(localMonth(at('2026-01-31T18:30:00Z'), ALMATY)).toBe('2026-01'); // 23:30 at +5
  });
});

describe('zonedInstant', () => {
  it('gives the instant of a local time', () => {
    expect(zonedInstant('2026-01-31T23:30', BISHKEK)).toEqual(at('2026-01-31T17:30:00Z'));
    expect(zonedInstant('2026-07-01T12:00:30', TALLINN)).toEqual(at('2026-07-01T09:00:30Z'));
  });

  it('moves a time skipped when Tallinn springs forward (03:00 → 04:00 on 29 March 2026) forward by the gap', () => {
    expect(zonedInstant('2026-03-29T03:30', TALLINN)).toEqual(at('2026-03-29T01:30:00Z'));
    expect(localParts(zonedInstant('2026-03-29T03:30', TALLINN), TALLINN)).toMatchObject({ hour: 4, minute: 30 });
  });

  it('gives the earlier of a time repeated when Tallinn falls back (04:00 → 03:00 on 25 October 2026)', () => {
    expect(zonedInstant('2026-10-25T03:30', TALLINN)).toEqual(at('2026-10-25T00:30:00Z')); // summer time; 01:30Z shows 03:30 too
    expect(localParts(at('2026-10-25T01:30:00Z'), TALLINN)).toMatchObject({ hour: 3, minute: 30 });
  });

  it.each(['2026-02-30T10:00', '2026-01-01T24:00', '2026-01-01 10:00', '2026-01-01T10:00Z', '', 'garbage'])('refuses %j', (text) => {
    expect(() => zonedInstant(text, TALLINN)).toThrow(RangeError);
  });
});

describe('addInZone', () => {
  it('adds hours exactly, whatever the clocks do', () => {
    // 22:30 EET on 28 March + 48 h = 23:30 EEST on 30 March
    expect(addInZone(at('2026-03-28T20:30:00Z'), { amount: 48, unit: 'hours' }, TALLINN)).toEqual(at('2026-03-30T20:30:00Z'));
  });

  it('counts a 2-day term over midnight and the spring-forward day in Tallinn by the local calendar, at the same wall time', () => {
    const due = addInZone(at('2026-03-28T20:30:00Z'), { amount: 2, unit: 'days' }, TALLINN); // 22:30 on 28 March
    expect(due).toEqual(at('2026-03-30T19:30:00Z')); // 22:30 on 30 March: 47 hours later
    expect(localParts(due, TALLINN)).toMatchObject({ day: 30, hour: 22, minute: 30 });
  });

  it('counts a 2-day term over the fall-back day in Tallinn as 49 hours', () => {
    expect(addInZone(at('2026-10-24T20:30:00Z'), { amount: 2, unit: 'days' }, TALLINN)).toEqual(at('2026-10-26T21:30:00Z'));
  });

  it('counts days across midnight by the local date, not the UTC one', () => {
    // 00:30 on 1 February in Bishkek (still 31 January in UTC) + 1 day = 00:30 on 2 February
    expect(addInZone(at('2026-01-31T18:30:00Z'), { amount: 1, unit: 'days' }, BISHKEK)).toEqual(at('2026-02-01T18:30:00Z'));
  });

  it('makes 31 January + 1 month the last day of February', () => {
    expect(addInZone(at('2026-01-31T17:30:00Z'), { amount: 1, unit: 'months' }, BISHKEK)).toEqual(at('2026-02-28T17:30:00Z'));
    expect(localDate(addInZone(at('2028-01-31T12:00:00Z'), { amount: 1, unit: 'months' }, BISHKEK), BISHKEK)).toBe('2028-02-29');
  });

  it('counts months by the local calendar: 00:30 on 1 March in Bishkek + 1 month is 00:30 on 1 April', () => {
    expect(addInZone(at('2026-02-28T18:30:00Z'), { amount: 1, unit: 'months' }, BISHKEK)).toEqual(at('2026-03-31T18:30:00Z'));
  });

  it('subtracts with a negative amount and crosses the year', () => {
    expect(addInZone(at('2027-01-01T06:00:00Z'), { amount: -12, unit: 'months' }, BISHKEK)).toEqual(at('2026-01-01T06:00:00Z'));
    expect(addInZone(at('2027-01-01T06:00:00.250Z'), { amount: -1, unit: 'days' }, BISHKEK)).toEqual(at('2026-12-31T06:00:00.250Z'));
  });
});

describe('answers remembered between calls', () => {
  it('gives each caller its own copy: changing one answer does not change the next', () => {
    const first = localParts(at('2026-05-01T00:00:00Z'), BISHKEK);
    first.day = 31;
    expect(localParts(at('2026-05-01T00:00:00Z'), BISHKEK).day).toBe(1);
    const instant = zonedInstant('2026-05-01T00:00', BISHKEK);
    instant.setTime(0);
    expect(zonedInstant('2026-05-01T00:00', BISHKEK)).toEqual(at('2026-04-30T18:00:00Z'));
  });

  it('keeps zones apart: the same wall time or instant in another zone is another answer', () => {
    expect(zonedInstant('2026-07-01T00:00', BISHKEK)).toEqual(at('2026-06-30T18:00:00Z'));
    expect(zonedInstant('2026-07-01T00:00', TALLINN)).toEqual(at('2026-06-30T21:00:00Z'));
    expect(localParts(at('2026-06-30T20:00:00Z'), BISHKEK).day).toBe(1);
    expect(localParts(at('2026-06-30T20:00:00Z'), TALLINN).day).toBe(30);
  });

  it('still refuses what it refused before, however often asked', () => {
    for (let i = 0; i < 2; i++) expect(() => zonedInstant('2026-02-30T00:00', BISHKEK)).toThrow(RangeError);
  });
});

describe('localParts read from the hour’s offset, checked against Intl instant by instant', () => {
  const intlParts = (instant: Date, timeZone: string) => {
    const format = new Intl.DateTimeFormat('en-US', { timeZone, calendar: 'gregory', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    const fields = Object.fromEntries(format.formatToParts(instant).filter((part) => part.type !== 'literal').map((part) => [part.type, Number(part.value)]));
    return { year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute, second: fields.second };
  };
  /** Every 7 minutes 13.5 seconds over `hours` either side of `iso`: crosses each quarter hour at another second. */
  const around = (iso: string, hours: number) => Array.from({ length: Math.ceil((2 * hours * 3600) / 433.5) }, (_, i) => new Date(Date.parse(iso) - hours * 3_600_000 + i * 433_500));

  it.each([
    [TALLINN, 'spring forward, 29 March 2026', '2026-03-29T01:00:00Z'],
    [TALLINN, 'fall back, 25 October 2026', '2026-10-25T01:00:00Z'],
    [ALMATY, 'UTC+6 to UTC+5, 1 March 2024', '2024-02-29T18:00:00Z'],
    ['Australia/Lord_Howe', 'a half-hour change, 5 April 2026', '2026-04-04T15:00:00Z'],
    ['Australia/Lord_Howe', 'a change at half past a UTC hour, 4 October 2026', '2026-10-03T15:30:00Z'],
    ['Asia/Kathmandu', '+05:30 to +05:45 at half past a UTC hour, 1 January 1986', '1985-12-31T18:30:00Z'],
    [BISHKEK, 'local mean time until 1924 (+04:58:24)', '1924-05-01T19:01:36Z'],
    [BISHKEK, 'the first years, which Date.UTC reads as 19xx', '0050-06-01T00:00:00Z'],
  ])('%s, %s', (zone, _, iso) => {
    for (const instant of around(iso, 3)) expect([instant.toISOString(), localParts(instant, zone)]).toEqual([instant.toISOString(), intlParts(instant, zone)]);
  });
});
