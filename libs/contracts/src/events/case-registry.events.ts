import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsDefined, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { defineEvent } from './cloud-event';

export const OFFENCE_SEVERITIES = ['minor', 'medium', 'grave', 'especially_grave'] as const;
export type OffenceSeverity = (typeof OFFENCE_SEVERITIES)[number];

export class OffenceClassification {
  /** National criminal-code article, e.g. "188" or "188-2". */
  @IsString() @MaxLength(32) article: string;
  /** ICCS section code, e.g. "0501". */
  @Matches(/^\d{2,6}$/) iccsCode: string;
  @IsIn(OFFENCE_SEVERITIES) severity: OffenceSeverity;
}

/** A report of a crime was registered. No personal data: the description stays in case-registry. */
export class CaseRegisteredV1 {
  @IsUUID() caseId: string;
  @IsString() @MaxLength(32) caseNumber: string;
  @IsString() @MaxLength(16) region: string;
  @IsDefined() @ValidateNested() @Type(() => OffenceClassification) offence: OffenceClassification;
  @IsDateString() receivedAt: string;
  @IsDateString() registeredAt: string;
  /** Pseudonymous id (token `sub`) of the registering officer. */
  @IsOptional() @IsString() @MaxLength(128) registeredBy?: string;
}

export const CaseRegistered = defineEvent('case-registry', 'case.registered', 1, CaseRegisteredV1);

export const PERSON_ROLES = ['suspect', 'accused', 'victim', 'witness', 'defence_lawyer', 'legal_representative'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];
export const SEXES = ['female', 'male', 'unknown'] as const;
export const AGE_BANDS = ['0-13', '14-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+', 'unknown'] as const;
export const CITIZENSHIP_GROUPS = ['national', 'eu', 'non_eu', 'stateless', 'unknown'] as const;

/**
 * A person was added to a case in a role. Only the pseudonymous person id and the
 * categories statistics need leave case-registry — never a name, ID number, birth date or
 * address. Age band and juvenile status are as at the time of the offence.
 */
export class PersonAddedToCaseV1 {
  @IsUUID() caseId: string;
  @IsUUID() personId: string;
  @IsIn(PERSON_ROLES) role: PersonRole;
  @IsIn(SEXES) sex: (typeof SEXES)[number];
  @IsIn(AGE_BANDS) ageBand: (typeof AGE_BANDS)[number];
  @IsBoolean() juvenile: boolean;
  @IsBoolean() disability: boolean;
  @IsIn(CITIZENSHIP_GROUPS) citizenshipGroup: (typeof CITIZENSHIP_GROUPS)[number];
  @IsString() @MaxLength(16) region: string;
}

export const PersonAddedToCase = defineEvent('case-registry', 'person.added-to-case', 1, PersonAddedToCaseV1);
