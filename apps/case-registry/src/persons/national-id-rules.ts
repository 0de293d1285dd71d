import type { FieldProblem, Sex } from '@icjims/contracts';

/**
 * The national personal identification number, as a SAMPLE national scheme: the Estonian
 * isikukood GYYMMDDSSSC. G gives the century and sex (1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s,
 * 7/8 = 2100s; odd male, even female), YYMMDD the date of birth, SSS a serial number and
 * C a check digit (modulo 11 with two weight rounds). Another country replaces this file.
 */

const FORMAT = /^[1-8]\d{10}$/;
const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3];

function weightedRemainder(digits: number[], weights: number[]): number {
  return digits.reduce((sum, digit, index) => sum + digit * weights[index], 0) % 11;
}

/** The check digit of the first ten digits: a remainder of 10 takes the second weights, and a second 10 gives 0. */
export function nationalIdCheckDigit(firstTen: string): number {
  const digits = [...firstTen].map(Number);
  const first = weightedRemainder(digits, FIRST_WEIGHTS);
  if (first < 10) return first;
  const second = weightedRemainder(digits, SECOND_WEIGHTS);
  return second < 10 ? second : 0;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What a valid national ID says about its holder. */
export interface NationalIdHolder {
  /** YYYY-MM-DD */
  dateOfBirth: string;
  sex: Exclude<Sex, 'unknown'>;
}

/** What a request claims about the holder of a national ID. */
export interface ClaimedHolder {
  dateOfBirth?: string;
  sex?: Sex;
}

export type NationalIdCheck = { holder: NationalIdHolder; problems: [] } | { holder?: undefined; problems: FieldProblem[] };

/**
 * Checks a national ID and that it agrees with the claimed date of birth and sex. Problems
 * name the fields `nationalId`, `dateOfBirth` and `sex`; reasons never repeat the values.
 */
export function checkNationalId(nationalId: string, claimed: ClaimedHolder = {}): NationalIdCheck {
  const invalid = (reason: string): NationalIdCheck => ({ problems: [{ field: 'nationalId', reason }] });
  if (!FORMAT.test(nationalId)) return invalid('nationalId must be 11 digits starting with 1 to 8');

  const centuryAndSex = Number(nationalId[0]);
  const year = 1800 + Math.floor((centuryAndSex - 1) / 2) * 100 + Number(nationalId.slice(1, 3));
  const month = Number(nationalId.slice(3, 5));
  const day = Number(nationalId.slice(5, 7));
  if (!isCalendarDate(year, month, day)) return invalid('nationalId does not encode a valid date of birth');
  if (nationalIdCheckDigit(nationalId.slice(0, 10)) !== Number(nationalId[10])) return invalid('nationalId has a wrong check digit');

  const holder: NationalIdHolder = {
    dateOfBirth: `${year}-${nationalId.slice(3, 5)}-${nationalId.slice(5, 7)}`,
    sex: centuryAndSex % 2 === 1 ? 'male' : 'female',
  };
  const problems: FieldProblem[] = [];
  if (claimed.dateOfBirth !== undefined && claimed.dateOfBirth !== holder.dateOfBirth) {
    problems.push({ field: 'dateOfBirth', reason: 'dateOfBirth does not agree with nationalId' });
  }
  if (claimed.sex !== undefined && claimed.sex !== holder.sex) problems.push({ field: 'sex', reason: 'sex does not agree with nationalId' });
  return problems.length ? { problems } : { holder, problems: [] };
}
