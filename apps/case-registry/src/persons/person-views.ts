import { PERSON_ROLES } from '@icjims/contracts';
import { CasePersonRole } from './case-person-role.entity';
import { CasePersonDto, PersonCaseDto, PersonRecordDto, RestrictedCasePersonDto } from './dto/person.dto';
import { Person } from './person.entity';
import { PackRules, statisticalCategories } from './person-rules';
import { CaseFacts, PersonCase } from './persons.store';

/** How records and roles are shown to the case registry's users. */

/** `mergedInto` is the live record that stands for a merged one (the end of its chain), given by the caller. */
export function personRecordView(person: Person, config: PackRules, mergedInto: string | null = person.mergedInto): PersonRecordDto {
  return {
    id: person.id,
    givenName: person.givenName,
    familyName: person.familyName,
    // A provisional record shows the ID its creator gave, as a new record would.
    nationalId: person.nationalId ?? person.claimedNationalId,
    dateOfBirth: person.dateOfBirth,
    sex: person.sex,
    citizenship: person.citizenship,
    citizenshipGroup: config.citizenshipGroup(person.citizenship),
    disability: person.disability,
    address: person.address,
    createdAt: person.createdAt.toISOString(),
    mergedInto,
  };
}

function ageAtOffence(person: Person, offenceAt: Date, config: PackRules) {
  const { ageBand, juvenile } = statisticalCategories(person, offenceAt, config);
  return { ageBand, juvenile };
}

/** A person in one case with the roles they hold there (`roles` are that person's rows in that case). */
export function casePersonView(person: Person, found: CaseFacts, roles: CasePersonRole[], config: PackRules): CasePersonDto {
  return {
    ...personRecordView(person, config),
    caseId: found.id,
    roles: roleViews(roles),
    ...ageAtOffence(person, found.offenceAt, config),
    restricted: false,
  };
}

/** A restricted person in one case, for a caller the restriction does not name: id and roles only. */
export function restrictedCasePersonView(person: Person, found: CaseFacts, roles: CasePersonRole[]): RestrictedCasePersonDto {
  return { id: person.id, caseId: found.id, roles: roleViews(roles), restricted: true };
}

function roleViews(roles: CasePersonRole[]) {
  return roles.map((role) => ({ role: role.role, addedAt: role.addedAt.toISOString(), addedBy: role.addedBy }));
}

export function personCaseView(person: Person, found: PersonCase, config: PackRules): PersonCaseDto {
  return {
    caseId: found.id,
    caseNumber: found.caseNumber,
    region: found.region,
    status: found.status,
    registeredAt: found.registeredAt.toISOString(),
    roles: [...found.roles].sort((a, b) => PERSON_ROLES.indexOf(a) - PERSON_ROLES.indexOf(b)),
    ...ageAtOffence(person, found.offenceAt, config),
  };
}
