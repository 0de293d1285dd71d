import { localDate } from '@icjims/jurisdiction';
import { probationEndsOn } from './probation-rules';
import type { DecisionContext } from './commands';
import { Refusal, refusal } from './refusal';

/** Shared checks of commands' fields: dates, codes, ids. */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export function isDate(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCFullYear() === Number(match[1]) && date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
}

/** The date the law counts an instant on: its date in the pack's zone. */
export function dayOf(instant: string | Date, context: Pick<DecisionContext, 'timeZone'>): string {
  return localDate(instant instanceof Date ? instant : new Date(instant), context.timeZone);
}

export function today(context: Pick<DecisionContext, 'timeZone' | 'now'>): string {
  return dayOf(context.now, context);
}

/** An ISO date-time of years 0001-9999 (in every zone). */
export function instantRefusal(value: unknown, field: string): Refusal | undefined {
  const time = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) return refusal('invalid-command', `${field} must be an ISO date-time`, field);
  try {
    localDate(new Date(time), 'UTC');
  } catch {
    return refusal('invalid-command', `${field} must lie in years 0001-9999`, field);
  }
  return undefined;
}

/** occurredAt is an instant and not after now. */
export function occurredAtRefusal(occurredAt: unknown, context: DecisionContext): Refusal | undefined {
  const refused = instantRefusal(occurredAt, 'occurredAt');
  if (refused) return refused;
  if (Date.parse(occurredAt as string) > context.now.getTime()) return refusal('future-date', `occurredAt must not be in the future (now is ${context.now.toISOString()})`, 'occurredAt');
  return undefined;
}

/** A date field: a real date, not after `notAfter` (today, usually) and not before `notBefore`. */
export function dateRefusal(value: unknown, field: string, bounds: { notAfter?: string; notBefore?: { date: string; what: string } } = {}): Refusal | undefined {
  if (!isDate(value)) return refusal('invalid-command', `${field} must be a date, YYYY-MM-DD`, field);
  if (bounds.notAfter !== undefined && value > bounds.notAfter) return refusal('future-date', `${field} must not be after ${bounds.notAfter}`, field);
  if (bounds.notBefore !== undefined && value < bounds.notBefore.date) return refusal('occurred-too-early', `${field} must not be before ${bounds.notBefore.what} (${bounds.notBefore.date})`, field);
  return undefined;
}

/** An instant not before another one (both ISO strings). */
export function notBefore(occurredAt: string, since: string | null | undefined, what: string): Refusal | undefined {
  if (!since || Date.parse(occurredAt) >= Date.parse(since)) return undefined;
  return refusal('occurred-too-early', `occurredAt must not be before ${what} (${since})`, 'occurredAt');
}

/** A code the pack lists under `what`. */
export function codeRefusal(list: readonly { code: string }[], code: unknown, what: string, field: string): Refusal | undefined {
  if (typeof code === 'string' && list.some((entry) => entry.code === code)) return undefined;
  return refusal('unknown-code', `${String(code)} is not one of the pack's ${what}`, field);
}

/** An id the client chose (contact, violation, submission): 1 to 64 characters. */
export function idRefusal(value: unknown, field: string): Refusal | undefined {
  if (typeof value === 'string' && value.length >= 1 && value.length <= 64) return undefined;
  return refusal('invalid-command', `${field} must be a string of 1 to 64 characters`, field);
}

/** A positive whole number up to `max`. */
export function countRefusal(value: unknown, field: string, max: number): Refusal | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max) return undefined;
  return refusal('invalid-command', `${field} must be an integer from 1 to ${max}`, field);
}

/** Free text kept in the journal: at most `max` characters. */
export function textRefusal(value: unknown, field: string, max: number): Refusal | undefined {
  if (value === undefined || (typeof value === 'string' && value.length <= max)) return undefined;
  return refusal('invalid-command', `${field} must be text of at most ${max} characters`, field);
}

/** The end of a term that starts on `startsOn`, or a refusal naming `field` when it would fall beyond year 9999. */
export function endOfTerm(startsOn: string, months: number, field: string): string | Refusal {
  try {
    return probationEndsOn(startsOn, months);
  } catch (error) {
    if (error instanceof RangeError) return refusal('invalid-command', `${field}: ${error.message}`, field);
    throw error;
  }
}
