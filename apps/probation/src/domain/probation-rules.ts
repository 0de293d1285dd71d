/** Pure rules of probation; no framework, no database. */
import type { CorrectionAction, ProbationAnnulmentGround, ProbationCaseStatus } from '@icjims/contracts';
import { localDate } from '@icjims/jurisdiction';
import type { Intake, IntakeDecision, RecordedStep } from './intake';

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

/** A probation case of a sentencing step, as far as corrections of that step matter. */
export interface CaseOfSentence extends Supervision, Conditions {
  status: ProbationCaseStatus;
  annulledByStepId: string | null;
  annulmentGround: ProbationAnnulmentGround | null;
}

/** A correction of a sentencing step: what it did, and how the step now stands (absent when annulled). */
export interface SentenceCorrection {
  correctedStepId: string;
  correctionStepId: string;
  /** The corrected step's type; a correction never changes it. */
  stepType: string;
  action: CorrectionAction;
  standsAs?: Sentence;
}

export type CorrectionDecision<C extends CaseOfSentence> =
  | { action: 'ignore' }
  | { action: 'open'; intake: Intake }
  | { action: 'amend'; probationCase: C; supervision: Supervision & Conditions }
  | { action: 'annul'; probationCase: C; ground: ProbationAnnulmentGround }
  | { action: 'refuse'; problem: string };

/**
 * What a correction of a sentencing step does to the step's probation cases. At most one of
 * them stands (is not annulled); the others were annulled by earlier corrections that made
 * the sentence something other than probation. The step as it stands is read as intake reads
 * a new one, so the pack's case types decide what it opens: the term, start and person, and
 * the case type, obligations and community-work hours a correction may change too.
 */
export function decideOnCorrection<C extends CaseOfSentence>(
  cases: readonly C[],
  correction: SentenceCorrection,
  /** What a step places under supervision: intake.ts's `intakeUnder(pack, timeZone)`. */
  intakeOf: (step: RecordedStep) => IntakeDecision,
): CorrectionDecision<C> {
  // The same correction again (a replay under another event id) has had its effect.
  if (cases.some((found) => found.annulledByStepId === correction.correctionStepId)) return { action: 'ignore' };
  // procedural-steps refuses to correct an annulled step, so this is an event out of order or out of place.
  if (cases.some((found) => found.annulmentGround === 'sentence_annulled')) {
    return { action: 'refuse', problem: 'the sentence was annulled before; an annulled step cannot be corrected again' };
  }
  const standing = cases.find((found) => found.status !== 'annulled');
  if (correction.action === 'annul') return standing ? { action: 'annul', probationCase: standing, ground: 'sentence_annulled' } : { action: 'ignore' };

  const sentence = correction.standsAs;
  if (!sentence) return { action: 'refuse', problem: 'an amendment must say what the step stands as (standsAs)' };
  const intake = intakeOf({ stepId: correction.correctedStepId, stepType: correction.stepType, ...sentence });
  if ('problem' in intake) return { action: 'refuse', problem: `${intake.problem.field}: ${intake.problem.reason}` };
  if (!intake.opens) return standing ? { action: 'annul', probationCase: standing, ground: 'sentence_no_longer_probation' } : { action: 'ignore' };
  if (!standing) return { action: 'open', intake: intake.intake };
  const { sourceStepId: _source, ...supervision } = intake.intake;
  return sameSupervision(standing, supervision) && sameConditions(standing, supervision) ? { action: 'ignore' } : { action: 'amend', probationCase: standing, supervision };
}

function sameSupervision(a: Supervision, b: Supervision): boolean {
  return a.personId === b.personId && a.termMonths === b.termMonths && a.startsOn === b.startsOn && a.endsOn === b.endsOn;
}
