import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { AGE_BANDS, AgeBand, CitizenshipGroup, PERSON_ROLES, PersonRole, Sex, SEXES } from '@icjims/contracts';

const AGE_BAND = { enum: AGE_BANDS, description: 'At the time of the offence of the case; unknown without a date of birth' };
const JUVENILE = { description: 'Under 18 at the time of the offence of the case; false when the date of birth is unknown' };

/** A person record: personal data, for the case registry's own users only. */
export class PersonRecordDto {
  @ApiProperty({ format: 'uuid', description: 'Pseudonymous person id (random; the only person id that leaves the case registry)' }) id: string;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty({ type: String, nullable: true }) nationalId: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dateOfBirth: string | null;
  @ApiProperty({ enum: SEXES }) sex: Sex;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 3166-1 alpha-2; XX stateless; null unknown' }) citizenship: string | null;
  @ApiProperty({ example: 'national', description: 'The jurisdiction pack’s citizenship group for statistics, e.g. national, cis, other_foreign, stateless or unknown (KG)' })
  citizenshipGroup: CitizenshipGroup;
  @ApiProperty({ type: Boolean, nullable: true }) disability: boolean | null;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Set when this record was merged into another: the live record that now stands for it. A merged record is kept as history and has no roles; once the merge is undone it is null again.',
  })
  mergedInto: string | null;
}

export class CaseRoleDto {
  @ApiProperty({ enum: PERSON_ROLES }) role: PersonRole;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
  @ApiProperty({ description: 'Subject of the token that added the role' }) addedBy: string;
}

/** A person in one case: the record, the roles held in it, and the age at its offence. */
export class CasePersonDto extends PersonRecordDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [CaseRoleDto] }) roles: CaseRoleDto[];
  @ApiProperty(AGE_BAND) ageBand: AgeBand;
  @ApiProperty(JUVENILE) juvenile: boolean;
  @ApiProperty({ enum: [false], description: 'false: the caller may see this record (see RestrictedCasePersonDto for one they may not)' }) restricted: false;
}

/** A person in a case whose record is restricted to others than the caller: their id and roles, nothing that identifies them. */
export class RestrictedCasePersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [CaseRoleDto] }) roles: CaseRoleDto[];
  @ApiProperty({ enum: [true], description: 'The record is restricted to named users or roles; ask the data-protection officer' }) restricted: true;
}

export type CasePersonItem = CasePersonDto | RestrictedCasePersonDto;

/** OpenAPI schema of a list item: the full entry or the redacted one, told apart by `restricted`. */
export const CASE_PERSON_ITEM_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(CasePersonDto) }, { $ref: getSchemaPath(RestrictedCasePersonDto) }],
};

export class CasePersonListDto {
  @ApiProperty({ type: 'array', items: CASE_PERSON_ITEM_SCHEMA, description: 'In the order they were first added' }) items: CasePersonItem[];
}

/** One case of a person, with the roles they hold in it. */
export class PersonCaseDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'KG-GB-2026-000042' }) caseNumber: string;
  @ApiProperty({ example: 'KG-GB' }) region: string;
  @ApiProperty() status: string;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiProperty({ enum: PERSON_ROLES, isArray: true }) roles: PersonRole[];
  @ApiProperty(AGE_BAND) ageBand: AgeBand;
  @ApiProperty(JUVENILE) juvenile: boolean;
}

export class PersonDto extends PersonRecordDto {
  @ApiProperty({
    type: [PersonCaseDto],
    description: `The newest cases the person holds a role in (at most 100; GET /persons/{personId}/cases pages through all). For a regional caller, only cases of their region; for a probation officer or supervisor, only the cases of the supervisions of their office that let them see the person.`,
  })
  cases: PersonCaseDto[];
}

export class PersonCasePageDto {
  @ApiProperty({ type: [PersonCaseDto], description: 'Newest registration first, then by case id' }) items: PersonCaseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}
