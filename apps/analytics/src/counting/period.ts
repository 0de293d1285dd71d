/** Pure helpers for the time breakdown of indicators. */
import { localMonth } from '@icjims/jurisdiction';

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The month (YYYY-MM) an indicator counts a date in. An instant (a date-time) is counted in
 * its month in `timeZone`, the jurisdiction's: 23:30 on 31 January in Bishkek is January. A
 * calendar date (YYYY-MM-DD, such as a probation start) is already local and keeps its month.
 * RangeError for anything that is not a date of years 0001-9999.
 */
export function monthOf(value: string, timeZone: string): string {
  if (!CALENDAR_DATE.test(value)) return localMonth(new Date(value), timeZone);
  if (value.startsWith('0000') || Number.isNaN(Date.parse(value))) throw new RangeError(`not a date in years 0001-9999: ${value}`);
  return value.slice(0, 7);
}
