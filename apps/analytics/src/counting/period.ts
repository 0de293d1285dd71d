/** Pure helpers for the time breakdown of indicators. */

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The UTC month (YYYY-MM) of an ISO 8601 date or date-time in years 0000-9999. */
export function monthOf(value: string): string {
  const date = new Date(value);
  const iso = Number.isNaN(date.getTime()) ? '' : date.toISOString();
  if (!/^\d{4}-/.test(iso)) throw new RangeError(`not a date in years 0000-9999: ${value.slice(0, 40)}`);
  return iso.slice(0, 7);
}
