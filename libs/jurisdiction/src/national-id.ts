import type { FieldProblem, Sex } from '@icjims/contracts';
import type { NationalIdScheme } from './pack';

/**
 * One interpreter for every country's national personal ID, driven by the pack's
 * `NationalIdScheme`: the pattern, then the date of birth, then the check digit, then what
 * the ID says against what the request claims. Problems name the fields `nationalId`,
 * `dateOfBirth` and `sex`; reasons never repeat the values.
 */

/** What a valid national ID says about its holder (what the scheme encodes). */
export interface NationalIdHolder {
  /** YYYY-MM-DD */
  dateOfBirth?: string;
  sex?: Exclude<Sex, 'unknown'>;
}

/** What a request claims about the holder of a national ID. */
export interface ClaimedHolder {
  dateOfBirth?: string;
  sex?: Sex;
}

export type NationalIdCheck = { holder: NationalIdHolder; problems: [] } | { holder?: undefined; problems: FieldProblem[] };

const patterns = new Map<string, RegExp>();

function compiled(pattern: string): RegExp {
  let regex = patterns.get(pattern);
  if (!regex) patterns.set(pattern, (regex = new RegExp(pattern)));
  return regex;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const digitsAt = (id: string, position: number, length: number) => {
  const text = id.slice(position, position + length);
  return /^\d+$/.test(text) && text.length === length ? Number(text) : NaN;
};

/** The date of birth the ID encodes as YYYY-MM-DD; null when it encodes no real date. */
function dateOfBirthOf(scheme: Required<NationalIdScheme>['dateOfBirth'], id: string): string | null {
  const { day, month, year, century } = scheme;
  let fullYear = digitsAt(id, year.position, year.length);
  if (year.length === 2) {
    const start = century && Object.hasOwn(century.values, id[century.position]) ? century.values[id[century.position]] : undefined;
    fullYear = start === undefined ? NaN : start + fullYear;
  }
  const m = digitsAt(id, month.position, 2);
  const d = digitsAt(id, day.position, 2);
  if (!isCalendarDate(fullYear, m, d)) return null;
  return `${String(fullYear).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The check digit the digits before `checkDigit.position` call for: the first round's
 * weighted remainder, or the next round's when it is 10 or more; after the last round,
 * 0 (`whenTen: zero`) or null, no digit can be right (`invalid`).
 */
export function expectedCheckDigit(scheme: Required<NationalIdScheme>['checkDigit'], id: string): number | null {
  const digits = [...id.slice(0, scheme.position)].map(Number);
  for (const weights of scheme.weightRounds) {
    const remainder = digits.reduce((sum, digit, index) => sum + digit * weights[index], 0) % scheme.modulus;
    if (remainder < 10) return remainder;
  }
  return scheme.whenTen === 'zero' ? 0 : null;
}

/** Checks `id` against the scheme and that it agrees with the claimed date of birth and sex. */
export function checkNationalId(scheme: NationalIdScheme, id: string, claimed: ClaimedHolder = {}): NationalIdCheck {
  const invalid = (reason: string): NationalIdCheck => ({ problems: [{ field: 'nationalId', reason: `nationalId ${reason}` }] });
  if (typeof id !== 'string' || !compiled(scheme.pattern).test(id)) return invalid(scheme.patternReason);

  const holder: NationalIdHolder = {};
  if (scheme.dateOfBirth) {
    const dateOfBirth = dateOfBirthOf(scheme.dateOfBirth, id);
    if (dateOfBirth === null) return invalid('does not encode a valid date of birth');
    holder.dateOfBirth = dateOfBirth;
  }
  if (scheme.checkDigit) {
    const expected = expectedCheckDigit(scheme.checkDigit, id);
    if (expected === null || expected !== Number(id[scheme.checkDigit.position])) return invalid('has a wrong check digit');
  }
  if (scheme.sex) {
    const digit = id[scheme.sex.position];
    if (!Object.hasOwn(scheme.sex.values, digit)) return invalid('does not encode the holder’s sex');
    holder.sex = scheme.sex.values[digit];
  }

  const problems: FieldProblem[] = [];
  if (claimed.dateOfBirth !== undefined && holder.dateOfBirth !== undefined && claimed.dateOfBirth !== holder.dateOfBirth) {
    problems.push({ field: 'dateOfBirth', reason: 'dateOfBirth does not agree with nationalId' });
  }
  if (claimed.sex !== undefined && holder.sex !== undefined && claimed.sex !== holder.sex) {
    problems.push({ field: 'sex', reason: 'sex does not agree with nationalId' });
  }
  return problems.length ? { problems } : { holder, problems: [] };
}
