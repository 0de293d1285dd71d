import { AgeBand, CitizenshipGroup, ConflictError, FieldProblem, PERSON_ROLES, PersonRole, PersonRoleHeld, RuleViolationError, Sex } from '@icjims/contracts';
import { ageCategoriesAt, calendarDateIn } from './age-rules';
import { isCitizenshipCode } from './citizenship-rules';
import type { Jurisdiction } from '@icjims/jurisdiction';

/** Pure rules about person records; no framework, no database. */

/** What a request says about a person; absent optional fields are undefined (or null). */
export interface PersonInput {
  givenName: string;
  familyName: string;
  nationalId?: string | null;
  dateOfBirth?: string | null;
  sex: Sex;
  citizenship?: string | null;
  disability?: boolean | null;
  address?: string | null;
}

/** The facts of a person record; null is "not known". */
export interface PersonFacts {
  givenName: string;
  familyName: string;
  nationalId: string | null;
  dateOfBirth: string | null;
  sex: Sex;
  citizenship: string | null;
  disability: boolean | null;
  address: string | null;
}

/** What the person rules take from the jurisdiction pack: its national ID scheme, time zone and citizenship groups. */
export type PackRules = Pick<Jurisdiction, 'checkNationalId' | 'timeZone' | 'citizenshipGroup'>;

/** Earliest date of birth accepted: older would be a typing error in a living person's record. */
export const EARLIEST_DATE_OF_BIRTH = '1900-01-01';

/** The same text however it was typed: trimmed, composed Unicode (Ä as one character, not A + ¨). */
export function normalizeText(text: string): string {
  return text.trim().normalize('NFC');
}

export type PreparedPerson = { facts: PersonFacts; problems: [] } | { facts?: undefined; problems: FieldProblem[] };

/**
 * Checks a person's input against `today` (YYYY-MM-DD) and returns the record's facts. With
 * a national ID the date of birth and sex must agree with it, and a missing date of birth
 * is taken from it. Problems name fields relative to the person (`nationalId`, …).
 */
export function preparePerson(input: PersonInput, today: string, pack: PackRules): PreparedPerson {
  const problems: FieldProblem[] = [];
  let dateOfBirth = input.dateOfBirth ?? null;
  if (input.nationalId != null) {
    const checked = pack.checkNationalId(input.nationalId, { dateOfBirth: dateOfBirth ?? undefined, sex: input.sex });
    problems.push(...checked.problems);
    dateOfBirth ??= checked.holder?.dateOfBirth ?? null;
  }
  const dateOfBirthField = input.dateOfBirth != null ? 'dateOfBirth' : 'nationalId';
  if (dateOfBirth !== null && dateOfBirth > today) {
    problems.push({ field: dateOfBirthField, reason: `${dateOfBirthField} gives a date of birth in the future` });
  }
  if (dateOfBirth !== null && dateOfBirth < EARLIEST_DATE_OF_BIRTH) {
    problems.push({ field: dateOfBirthField, reason: `${dateOfBirthField} gives a date of birth before ${EARLIEST_DATE_OF_BIRTH}` });
  }
  if (input.citizenship != null && !isCitizenshipCode(input.citizenship)) {
    problems.push({ field: 'citizenship', reason: 'citizenship must be an ISO 3166-1 alpha-2 country code, or XX for stateless' });
  }
  if (problems.length) return { problems };
  return {
    facts: {
      givenName: normalizeText(input.givenName),
      familyName: normalizeText(input.familyName),
      nationalId: input.nationalId ?? null,
      dateOfBirth,
      sex: input.sex,
      citizenship: input.citizenship ?? null,
      disability: input.disability ?? null,
      address: input.address != null ? normalizeText(input.address) : null,
    },
    problems: [],
  };
}

const sameName = (a: string, b: string) => a.localeCompare(b, 'und', { sensitivity: 'accent' }) === 0;

/**
 * The fields in which `given` differs from the `stored` record of the same national ID.
 * Names compare regardless of letter case (TAMM is Tamm) but not of accents (Tamm is not
 * Tämm). An optional fact the request leaves out is no difference; one it gives that the
 * record lacks or holds otherwise is: the shared record is never changed behind the back
 * of the other cases it appears in.
 */
export function differingFields(stored: PersonFacts, given: PersonFacts): (keyof PersonFacts)[] {
  const fields: (keyof PersonFacts)[] = [];
  if (!sameName(stored.givenName, given.givenName)) fields.push('givenName');
  if (!sameName(stored.familyName, given.familyName)) fields.push('familyName');
  for (const field of ['dateOfBirth', 'sex', 'citizenship', 'disability', 'address'] as const) {
    if (given[field] !== null && given[field] !== stored[field]) fields.push(field);
  }
  return fields;
}

/** The parts of a record that decide whether it may take part in a merge. */
export interface MergeCandidate {
  id: string;
  nationalId: string | null;
  mergedInto: string | null;
}

/**
 * Refuses a merge that would lose or contradict an identity: a record merged before is
 * history (409); a record with a national ID must survive (422), and two records with
 * national IDs are two people (422). So a merged record never holds a national ID, and
 * the ID keeps pointing at the live record.
 */
export function assertMergeable(surviving: MergeCandidate, merged: MergeCandidate): void {
  for (const record of [surviving, merged]) {
    if (record.mergedInto !== null) throw new ConflictError(`person ${record.id} was already merged into person ${record.mergedInto}`);
  }
  if (merged.nationalId === null) return;
  if (surviving.nationalId !== null) throw new RuleViolationError('the two records have different national IDs and so are different persons');
  throw new RuleViolationError(`person ${merged.id} has a national ID and must be the surviving record: merge the other way round`);
}

/**
 * Refuses to undo a merge that is not there to undo: a record that is not merged (409), and
 * a merge whose surviving record has itself been merged into another since (409): merges are
 * undone in the reverse order they were made, so the later one first.
 */
export function assertUnmergeable(restored: MergeCandidate, surviving: MergeCandidate | null): void {
  if (restored.mergedInto === null || surviving === null) throw new ConflictError(`person ${restored.id} is not merged into another record; there is no merge to undo`);
  if (surviving.mergedInto !== null) {
    throw new ConflictError(
      `person ${surviving.id}, into which person ${restored.id} was merged, was itself merged into person ${surviving.mergedInto} since: undo that later merge first (merges are undone in reverse order)`,
    );
  }
}

/** One role row of a case as the unmerge reads it back. */
export interface RoleRowState {
  caseId: string;
  personId: string;
  role: PersonRole;
  active: boolean;
}

/** The roles one record has in one case: each once, active if any of its rows is, in catalogue order. */
export function rolesHeld(rows: RoleRowState[], caseId: string, personId: string): PersonRoleHeld[] {
  const held = new Map<PersonRole, boolean>();
  for (const row of rows) if (row.caseId === caseId && row.personId === personId) held.set(row.role, (held.get(row.role) ?? false) || row.active);
  return PERSON_ROLES.filter((role) => held.has(role)).map((role) => ({ role, active: held.get(role) as boolean }));
}

/** The only facts about a person that leave the case registry (PersonAddedToCase). */
export interface StatisticalCategories {
  sex: Sex;
  ageBand: AgeBand;
  juvenile: boolean;
  /** Absent when not known. */
  disability?: boolean;
  citizenshipGroup: CitizenshipGroup;
}

/** A person's categories in a case whose offence happened at `offenceAt`. */
export function statisticalCategories(person: PersonFacts, offenceAt: Date, pack: PackRules): StatisticalCategories {
  return {
    sex: person.sex,
    ...ageCategoriesAt(person.dateOfBirth, calendarDateIn(offenceAt, pack.timeZone)),
    ...(person.disability === null ? {} : { disability: person.disability }),
    citizenshipGroup: pack.citizenshipGroup(person.citizenship),
  };
}
