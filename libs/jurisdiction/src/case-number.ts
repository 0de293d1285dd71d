import type { CaseNumberScheme } from './pack';

/** The longest a case number may be (the `caseNumber` of the case.registered event). */
export const CASE_NUMBER_MAX_LENGTH = 32;
/** The sequence a format must leave room for: ten digits, more cases than a region registers in a year. */
const ROOM_FOR_DIGITS = 10;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const NAMES = ['region', 'year', 'sequence'] as const;
type Name = (typeof NAMES)[number];

/** The national number of the `sequence`-th case registered in `region` in `year`, as the scheme writes it. */
export function caseNumberOf(scheme: CaseNumberScheme, region: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence ${sequence} out of range`);
  const values: Record<Name, string> = { region, year: String(year).padStart(4, '0'), sequence: String(sequence).padStart(scheme.sequenceDigits, '0') };
  return scheme.format.replace(PLACEHOLDER, (_, name: Name) => values[name]);
}

/**
 * What is wrong with a scheme whose fields have the right types, as "caseNumber.…: reason":
 * each placeholder once and no other; literal text of ASCII letters, digits and `. / _ -`; a
 * separator other than a letter or digit between two placeholders, so that two cases cannot
 * share a number; and room for a 10-digit sequence in `longestRegion` within 32 characters.
 */
export function caseNumberSchemeProblems(scheme: CaseNumberScheme, longestRegion: string): string[] {
  const problems: string[] = [];
  const found = [...scheme.format.matchAll(PLACEHOLDER)];
  for (const [placeholder, name] of found) {
    if (!(NAMES as readonly string[]).includes(name)) problems.push(`caseNumber.format: ${placeholder} is not a placeholder; use {region}, {year} and {sequence}`);
  }
  for (const name of NAMES) {
    const count = found.filter((match) => match[1] === name).length;
    if (count !== 1) problems.push(`caseNumber.format: must hold {${name}} once (it holds it ${count} times)`);
  }
  const literals = scheme.format.split(PLACEHOLDER).filter((_, index) => index % 2 === 0);
  if (!literals.every((literal) => /^[A-Za-z0-9./_-]*$/.test(literal))) {
    problems.push('caseNumber.format: besides its placeholders, may hold only ASCII letters, digits and . / _ -');
  }
  literals.slice(1, -1).forEach((between, index) => {
    if (!/[^A-Za-z0-9]/.test(between)) problems.push(`caseNumber.format: ${found[index][0]} and ${found[index + 1][0]} need a separator between them other than a letter or digit`);
  });
  if (scheme.sequenceDigits > ROOM_FOR_DIGITS) problems.push(`caseNumber.sequenceDigits: must be at most ${ROOM_FOR_DIGITS}`);
  if (problems.length === 0) {
    const longest = caseNumberOf(scheme, longestRegion, 9999, 10 ** ROOM_FOR_DIGITS - 1);
    if (longest.length > CASE_NUMBER_MAX_LENGTH) {
      problems.push(`caseNumber.format: a case of ${longestRegion} with a ${ROOM_FOR_DIGITS}-digit sequence would be numbered ${longest} (${longest.length} characters); a case number has at most ${CASE_NUMBER_MAX_LENGTH}`);
    }
  }
  return problems;
}
