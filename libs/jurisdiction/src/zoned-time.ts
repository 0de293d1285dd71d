/**
 * Wall-clock time in a jurisdiction's time zone, with nothing but Intl: which day, month and
 * year an instant belongs to where the law counts it, and terms counted by the local calendar.
 * Instants are `Date`s (UTC); local date-times are plain fields or ISO strings without offset.
 */

export interface LocalParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  second: number;
}

export interface ZonedDuration {
  amount: number;
  unit: 'hours' | 'days' | 'months';
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone (building one costs far more than using it); throws RangeError for an unknown zone. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * The instants whose local date lies in years 0001-9999 whatever the zone (no zone is more than
 * 14 hours off UTC): Intl knows no year 0 and writes years past 9999 with five digits.
 */
const FIRST_INSTANT = Date.parse('0001-01-02T00:00:00Z');
const LAST_INSTANT = Date.parse('9999-12-30T23:59:59.999Z');

/**
 * Answers already worked out, by key: Intl's formatToParts costs microseconds a call, and the
 * same few wall times (the first of each month a table spans) and hours are asked for on every
 * request. Bounded: emptied when full.
 */
class Remembered<T> {
  private readonly answers = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  get(key: string, work: () => T): T {
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = work();
      if (this.answers.size >= this.capacity) this.answers.clear();
      this.answers.set(key, answer);
    }
    return answer;
  }
}

/** Each zone's offset from UTC (ms) by the UTC hour it holds for; NaN for an hour in which it changes. */
const offsetsByHour = new Map<string, Remembered<number>>();

/**
 * The wall-clock fields of `instant` in `timeZone`; RangeError outside years 0001-9999 (or for an
 * invalid Date). Read from the zone's offset for the instant's UTC hour, worked out once with Intl
 * (two formatToParts calls) and remembered: "now" is a new instant on every call, so remembering
 * the instants themselves would never help.
 */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const time = instant.getTime();
  if (!(time >= FIRST_INSTANT && time <= LAST_INSTANT)) throw new RangeError(`not an instant of years 0001-9999 in every zone: ${String(instant).slice(0, 40)}`);
  const hourStart = Math.floor(time / HOUR_MS) * HOUR_MS;
  let offsets = offsetsByHour.get(timeZone);
  if (!offsets) offsetsByHour.set(timeZone, (offsets = new Remembered<number>(65_536)));
  const offset = offsets.get(String(hourStart), () => steadyOffset(hourStart, timeZone));
  if (Number.isNaN(offset)) return partsOf(instant, timeZone);
  const wall = new Date(time + offset);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds() };
}

/**
 * The offset in force through the whole UTC hour from `hourStart` (its first and last second agree;
 * no zone changes twice within an hour), or NaN: then each instant of that hour asks Intl itself. So
 * do the years before 100, which Date.UTC (in wallMs) reads as 19xx, giving an offset of centuries.
 */
function steadyOffset(hourStart: number, timeZone: string): number {
  const lastSecond = hourStart + HOUR_MS - 1000;
  const first = wallMs(partsOf(new Date(hourStart), timeZone)) - hourStart;
  const last = wallMs(partsOf(new Date(lastSecond), timeZone)) - lastSecond;
  return first === last && Math.abs(first) < DAY_MS ? first : NaN;
}

function partsOf(instant: Date, timeZone: string): LocalParts {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) if (part.type !== 'literal') fields[part.type] = Number(part.value);
  return { year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute, second: fields.second };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** YYYY-MM-DD of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const { year, month, day } = localParts(instant, timeZone);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** YYYY-MM of `instant` in `timeZone` (the month an indicator counts it in). */
export function localMonth(instant: Date, timeZone: string): string {
  return localDate(instant, timeZone).slice(0, 7);
}

/** The year of `instant` in `timeZone` (the year of a case number). */
export function localYear(instant: Date, timeZone: string): number {
  return localParts(instant, timeZone).year;
}

/** The wall-clock fields read as if they were UTC, in ms: local time minus this gives the instant. */
function wallMs(parts: LocalParts): number {
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** The zone's offset from UTC at `ms`, in ms (whole seconds; the instant's own milliseconds dropped). */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallMs(localParts(new Date(whole), timeZone)) - whole;
}

/**
 * The instant a wall-clock time names in `timeZone`. Around a daylight-saving change the
 * answer is Temporal's "compatible" one: a time that repeats (autumn) gives the earlier
 * instant, the first time clocks show it (summer time); a time that does not exist (spring)
 * is moved forward by the gap, read with the offset in force before it (03:30 on the night
 * Tallinn springs forward is 04:30 summer time). Zones change their offset at most once
 * within a day of any instant, so the offsets a day either side are the only candidates.
 */
function instantOfParts(parts: LocalParts, timeZone: string): number {
  const wall = wallMs(parts);
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((ms) => wallMs(localParts(new Date(ms), timeZone)) === wall);
  return candidates.length ? Math.min(...candidates) : wall - before;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const instantsOfWallTimes = new Remembered<number>(8192);

/** The instant of a local 'YYYY-MM-DDTHH:mm[:ss]' in `timeZone` (see instantOfParts for DST changes); RangeError if it is no valid date-time. */
export function zonedInstant(localDateTime: string, timeZone: string): Date {
  return new Date(instantsOfWallTimes.get(`${timeZone} ${localDateTime}`, () => instantOf(localDateTime, timeZone)));
}

function instantOf(localDateTime: string, timeZone: string): number {
  const match = LOCAL_DATE_TIME.exec(localDateTime);
  const [year, month, day, hour, minute, second] = (match?.slice(1) ?? []).map((value) => Number(value ?? 0));
  const parts = { year, month, day, hour, minute, second };
  const check = match && new Date(wallMs(parts));
  if (
    !check ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new RangeError('a local date-time must be YYYY-MM-DDTHH:mm or YYYY-MM-DDTHH:mm:ss and name a real date and time');
  }
  return instantOfParts(parts, timeZone);
}

/**
 * `instant` plus a duration (a negative amount subtracts). Hours are exact (a 48-hour term is
 * 48 hours whatever the clocks do); days and months follow the local calendar and keep the
 * local wall time, so a 2-day term over a daylight-saving change lasts 47 or 49 hours; a day
 * the target month lacks becomes its last day (31 January + 1 month = the last day of February).
 */
export function addInZone(instant: Date, duration: ZonedDuration, timeZone: string): Date {
  const { amount, unit } = duration;
  if (unit === 'hours') return new Date(instant.getTime() + amount * HOUR_MS);
  const parts = localParts(instant, timeZone);
  let target: LocalParts;
  if (unit === 'days') {
    const date = new Date(Date.UTC(parts.year, parts.month - 1, parts.day + amount));
    target = { ...parts, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  } else {
    const first = new Date(Date.UTC(parts.year, parts.month - 1 + amount, 1));
    const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    target = { ...parts, year: first.getUTCFullYear(), month: first.getUTCMonth() + 1, day: Math.min(parts.day, lastDay) };
  }
  const milliseconds = ((instant.getTime() % 1000) + 1000) % 1000;
  return new Date(instantOfParts(target, timeZone) + milliseconds);
}
