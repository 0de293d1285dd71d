/** Pure helpers for the time breakdown of indicators. */
import { localMonth } from '@icjims/jurisdiction';

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * The month (YYYY-MM) an indicator counts a date in. An instant (a date-time) is counted in
 * its month in `timeZone`, the jurisdiction's: 23:30 on 31 January in Bishkek is January. A
 * calendar date (YYYY-MM-DD, such as a probation start) is already local and keeps its month.
 * RangeError for anything that is not a date of years 0001-9999 (Intl knows no year 0, so a
 * local month near it could be read a year off).
 */
export function monthOf(value: string, timeZone: string): string {
  const date = new Date(value);
  const utc = Number.isNaN(date.getTime()) ? '' : date.toISOString();
  const problem = `not a date in years 0001-9999: ${value.slice(0, 40)}`;
  if (!/^\d{4}-/.test(utc) || utc.startsWith('0000')) throw new RangeError(problem);
  if (CALENDAR_DATE.test(value)) return value.slice(0, 7);
  const month = localMonth(date, timeZone);
  if (!PERIOD_PATTERN.test(month) || Math.abs(Date.parse(`${month}-01`) - Date.parse(`${utc.slice(0, 7)}-01`)) > 31 * DAY_MS) throw new RangeError(problem);
  return month;
}
