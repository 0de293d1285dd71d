import type { AgeBand } from '@icjims/contracts';

/** Pure rules about a person's age at the time of an offence; no framework, no database. */

/** Under this age at the time of the offence a person is a juvenile. */
export const AGE_OF_MAJORITY = 18;

const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in a time zone: a birthday starts at local midnight. */
export function calendarDateIn(instant: Date, timeZone: string): string {
  let format = DATE_FORMATS.get(timeZone);
  // en-CA formats as YYYY-MM-DD. Making a format costs far more than using one: one per zone.
  if (!format) DATE_FORMATS.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(instant);
}

/**
 * Whole years completed from `dateOfBirth` to `on` (both YYYY-MM-DD). A year is completed on
 * the birthday; someone born on 29 February completes it on 1 March in common years, so
 * they stay a juvenile one day longer rather than one day shorter.
 */
export function completedYears(dateOfBirth: string, on: string): number {
  const [birthYear, birthMonthDay] = [Number(dateOfBirth.slice(0, 4)), dateOfBirth.slice(5)];
  const [year, monthDay] = [Number(on.slice(0, 4)), on.slice(5)];
  // MM-DD strings compare in calendar order.
  return year - birthYear - (monthDay < birthMonthDay ? 1 : 0);
}

const BANDS: [maxAge: number, band: AgeBand][] = [
  [13, 'under_14'],
  [17, '14_17'],
  [24, '18_24'],
  [34, '25_34'],
  [44, '35_44'],
  [54, '45_54'],
  [64, '55_64'],
];

export interface AgeCategories {
  ageBand: AgeBand;
  /** Under 18 at the time of the offence; false when that is not known. */
  juvenile: boolean;
}

/**
 * The age band and juvenile flag at the date of the offence. An unknown date of birth, or
 * one after the offence (a data error), gives the band 'unknown' and juvenile false: the
 * statistics count the person as of unknown age rather than guess.
 */
export function ageCategoriesAt(dateOfBirth: string | null, offenceDate: string): AgeCategories {
  if (dateOfBirth === null || dateOfBirth > offenceDate) return { ageBand: 'unknown', juvenile: false };
  const age = completedYears(dateOfBirth, offenceDate);
  return { ageBand: BANDS.find(([maxAge]) => age <= maxAge)?.[1] ?? '65_plus', juvenile: age < AGE_OF_MAJORITY };
}
