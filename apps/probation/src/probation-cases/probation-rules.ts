/** Pure rules of probation; no framework, no database. */

/** The life of a probation case. Only `active` is reached so far; closing and revoking come with supervision. */
export const PROBATION_STATUSES = ['active', 'completed', 'revoked'] as const;
export type ProbationStatus = (typeof PROBATION_STATUSES)[number];

/** Longest probation term the event contract allows (50 years). */
export const MAX_TERM_MONTHS = 600;

/** The parts of a recorded step that decide whether it opens probation. */
export interface SentencingStep {
  stepType: string;
  details: Record<string, unknown>;
}

/** A sentence step whose sentence type is probation. */
export function isProbationSentence(step: SentencingStep): boolean {
  return step.stepType === 'sentence' && step.details.sentenceType === 'probation';
}

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

/** The calendar date (UTC) of an instant, as YYYY-MM-DD. */
export function utcDateOf(instant: string | Date): string {
  const date = instant instanceof Date ? instant : new Date(instant);
  const iso = Number.isNaN(date.getTime()) ? '' : date.toISOString();
  if (!/^\d{4}-/.test(iso)) throw new RangeError(`not a date-time in years 0000-9999: ${String(instant).slice(0, 40)}`);
  return iso.slice(0, 10);
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
