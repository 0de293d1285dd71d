/** Pure rules of probation; no framework, no database. */
import { localDate } from '@icjims/jurisdiction';

/** Longest probation term the event contract allows (50 years). */
export const MAX_TERM_MONTHS = 600;

/** The term of a probation sentence in months, or why it has none that can be used. */
export function probationTerm(details: Record<string, unknown>): { months: number } | { problem: string } {
  const termMonths = details.termMonths;
  if (termMonths === undefined) return { problem: 'a probation sentence needs details.termMonths' };
  if (typeof termMonths !== 'number' || !Number.isInteger(termMonths) || termMonths < 1 || termMonths > MAX_TERM_MONTHS) {
    return { problem: `details.termMonths must be an integer from 1 to ${MAX_TERM_MONTHS}` };
  }
  return { months: termMonths };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The calendar date of an instant in `timeZone` (the jurisdiction's), as YYYY-MM-DD: the day
 * the law counts it on. RangeError for anything but a date-time of years 0001-9999.
 */
export function localDateOf(instant: string | Date, timeZone: string): string {
  return localDate(instant instanceof Date ? instant : new Date(instant), timeZone);
}

/**
 * `date` plus `months` calendar months. A day that the target month does not have is
 * clamped to its last day: 2026-01-31 + 1 month = 2026-02-28, 2028-01-31 + 1 = 2028-02-29.
 */
export function addMonths(date: string, months: number): string {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) throw new RangeError(`no such day: ${date}`);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12; // 0-based
  const lastDay = daysInMonth(targetYear, targetMonth);
  if (targetYear < 0 || targetYear > 9999) throw new RangeError(`${date} + ${months} months is beyond year 9999`);
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth + 1).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

/** Days in a month (0-based), by the proleptic Gregorian calendar. */
function daysInMonth(year: number, monthIndex: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex + 1, 0); // day 0 of the next month = last day of this one
  return date.getUTCDate();
}

/** When a probation term that starts on `startsOn` ends. */
export function probationEndsOn(startsOn: string, termMonths: number): string {
  return addMonths(startsOn, termMonths);
}

/** A sentencing step as recorded, or as it stands after corrections. */
export interface Sentence {
  occurredAt: string;
  personId?: string;
  details: Record<string, unknown>;
}

/** Whom a probation sentence places under supervision, and from when to when. */
export interface Supervision {
  personId: string | null;
  termMonths: number;
  startsOn: string;
  endsOn: string;
}

/**
 * The supervision a probation sentence sets — starting on the date of the sentence in the
 * jurisdiction's `timeZone` — or why it sets none that can be used.
 */
export function supervisionOf(sentence: Sentence, timeZone: string): Supervision | { problem: string } {
  const term = probationTerm(sentence.details);
  if ('problem' in term) return term;
  try {
    const startsOn = localDateOf(sentence.occurredAt, timeZone);
    return { personId: sentence.personId ?? null, termMonths: term.months, startsOn, endsOn: probationEndsOn(startsOn, term.months) };
  } catch (error) {
    // A date outside years 0000-9999 can never be stored.
    if (error instanceof RangeError) return { problem: error.message };
    throw error;
  }
}

/** What a court decision orders besides the term: its (pack) case type, its (pack) obligations and, for community work, the hours. */
export interface Conditions {
  caseType: string;
  obligations: string[];
  communityWorkHours?: number;
}

/** Whether two decisions order the same: case type, obligations (in any order) and hours. */
export function sameConditions(a: Conditions, b: Conditions): boolean {
  return a.caseType === b.caseType && a.communityWorkHours === b.communityWorkHours && a.obligations.length === b.obligations.length && a.obligations.every((code) => b.obligations.includes(code));
}
