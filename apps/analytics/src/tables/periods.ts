/**
 * Reporting periods, pure: months, quarters and years of the jurisdiction's calendar, and ranges
 * of its days. Codes: 2026-01, 2026-Q1, 2026, 2026-03-15/2026-06-10. Running counts are kept by
 * month (a quarter or a year is the sum of its months); figures computed from the facts can
 * cover any range of days.
 */

export const GRANULARITIES = ['month', 'quarter', 'year'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const PATTERNS: Readonly<Record<Granularity, RegExp>> = {
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  year: /^(\d{4})$/,
};

/** How the period codes of each granularity are written, for messages. */
export const PERIOD_FORMATS: Readonly<Record<Granularity, string>> = { month: 'YYYY-MM', quarter: 'YYYY-Qn', year: 'YYYY' };

/** The most periods one table may span: ten years of months. */
export const MAX_PERIODS = 120;

/** A period as a count of months since year 0 (its first month), and its length in months. */
interface MonthSpan {
  first: number;
  months: number;
}

function spanOf(code: string, granularity: Granularity): MonthSpan | undefined {
  const match = PATTERNS[granularity].exec(code);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 1) return undefined;
  if (granularity === 'month') return { first: year * 12 + Number(match[2]) - 1, months: 1 };
  if (granularity === 'quarter') return { first: year * 12 + (Number(match[2]) - 1) * 3, months: 3 };
  return { first: year * 12, months: 12 };
}

function codeOf(first: number, granularity: Granularity): string {
  const year = String(Math.floor(first / 12)).padStart(4, '0');
  const month = first % 12;
  if (granularity === 'month') return `${year}-${String(month + 1).padStart(2, '0')}`;
  if (granularity === 'quarter') return `${year}-Q${Math.floor(month / 3) + 1}`;
  return year;
}

export function isPeriod(code: string, granularity: Granularity): boolean {
  return spanOf(code, granularity) !== undefined;
}

/** The period of `granularity` a month (YYYY-MM) belongs to. */
export function periodOfMonth(month: string, granularity: Granularity): string {
  const span = spanOf(month, 'month');
  if (!span) throw new RangeError(`not a month: ${month}`);
  const size = granularity === 'month' ? 1 : granularity === 'quarter' ? 3 : 12;
  return codeOf(span.first - (span.first % size), granularity);
}

/** Every period from `from` to `to`, both included, in order; RangeError when either is not a period of the granularity. */
export function periodsBetween(from: string, to: string, granularity: Granularity): string[] {
  const [start, end] = [spanOf(from, granularity), spanOf(to, granularity)];
  if (!start || !end) throw new RangeError(`periods of a ${granularity} are written ${PERIOD_FORMATS[granularity]}`);
  const periods: string[] = [];
  for (let first = start.first; first <= end.first; first += start.months) periods.push(codeOf(first, granularity));
  return periods;
}

/** The first and last month (YYYY-MM) a period covers. */
export function monthsOf(code: string, granularity: Granularity): { first: string; last: string } {
  const span = spanOf(code, granularity);
  if (!span) throw new RangeError(`not a ${granularity}: ${code}`);
  return { first: codeOf(span.first, 'month'), last: codeOf(span.first + span.months - 1, 'month') };
}

/** The period `count − 1` periods before `to`, so that from it to `to` are `count` periods. */
export function periodsBack(to: string, count: number, granularity: Granularity): string {
  const span = spanOf(to, granularity);
  if (!span) throw new RangeError(`not a ${granularity}: ${to}`);
  return codeOf(span.first - (count - 1) * span.months, granularity);
}

/** The period after `code`. */
export function nextPeriod(code: string, granularity: Granularity): string {
  const span = spanOf(code, granularity);
  if (!span) throw new RangeError(`not a ${granularity}: ${code}`);
  return codeOf(span.first + span.months, granularity);
}

/** What a table's periods can be: months, quarters or years, or one range of days. */
export const TABLE_PERIODS = [...GRANULARITIES, 'range'] as const;
export type TablePeriod = (typeof TABLE_PERIODS)[number];

/** The longest range of days one table may cover: ten years. */
export const MAX_RANGE_DAYS = 3653;

const DAY_MS = 86_400_000;

/**
 * A range of local days, both included (YYYY-MM-DD, the jurisdiction's calendar): its period
 * code (the ISO 8601 interval of its first and last day, `2026-03-15/2026-06-10`), the day
 * after its last (where it ends), and its length in days (below 1 when backwards).
 * RangeError when a day is not a calendar date.
 */
export function dateRange(from: string, to: string): { code: string; first: string; next: string; days: number } {
  const [start, end] = [dayNumber(from), dayNumber(to)];
  if (Number.isNaN(start) || Number.isNaN(end)) throw new RangeError(`not a range of calendar dates: ${from}/${to}`);
  return { code: `${from}/${to}`, first: from, next: new Date((end + 1) * DAY_MS).toISOString().slice(0, 10), days: end - start + 1 };
}

export function isCalendarDate(date: string): boolean {
  return !Number.isNaN(dayNumber(date));
}

/** Days since 1970-01-01 of a calendar date written YYYY-MM-DD (from year 1 on); NaN otherwise. */
function dayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match || Number(match[1]) < 1) return NaN;
  // setUTCFullYear, not Date.UTC: that reads the years 0–99 as 1900–1999.
  const day = new Date(0);
  day.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return day.toISOString().slice(0, 10) === date ? day.getTime() / DAY_MS : NaN;
}
