import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsDefined, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested,
} from 'class-validator';
import { defineEvent } from './cloud-event';

/**
 * A code the installation's jurisdiction pack defines (a severity class, a citizenship group):
 * snake_case ASCII, at most 32 characters. Which codes exist is the pack's business, not the
 * contract's, so events carry any such code and consumers read the labels from the pack.
 */
export const PACK_CODE = /^[a-z][a-z0-9_]{0,31}$/;

/** One of the pack's severity classes, e.g. minor, medium, grave, especially_grave (KZ adds misdemeanour). */
export type OffenceSeverity = string;

/** How a report of a crime came in. */
export const CASE_SOURCES = ['complaint', 'police_report', 'self_report', 'prosecutor_initiative', 'agency_referral'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** The roles a person can have in a case. */
export const PERSON_ROLES = ['suspect', 'accused', 'victim', 'witness', 'defence_lawyer', 'legal_representative'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** The statistical categories of a person; the only facts about a person that leave case-registry. */
export const SEXES = ['female', 'male', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

/** Age at the time of the offence, in the bands statistics report. */
export const AGE_BANDS = ['under_14', '14_17', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** One of the pack's citizenship groups for statistics, e.g. national, cis, other_foreign, stateless, unknown. */
export type CitizenshipGroup = string;

/** Who in the prosecution carries a case. */
export const RESPONSIBILITIES = ['prosecutor', 'investigator'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

export class OffenceClassification {
  /** National criminal-code article, e.g. "188" or "188-2". */
  @IsString() @MaxLength(32) article: string;
  /** ICCS section code, e.g. "0501". */
  @Matches(/^\d{2,6}$/) iccsCode: string;
  @Matches(PACK_CODE) severity: OffenceSeverity;
}

/** A report of a crime was registered. No personal data: the description stays in case-registry. */
export class CaseRegisteredV1 {
  @IsUUID() caseId: string;
  @IsString() @MaxLength(32) caseNumber: string;
  @IsString() @MaxLength(16) region: string;
  @IsOptional() @IsString() @MaxLength(32) district?: string;
  @IsOptional() @IsString() @MaxLength(32) agency?: string;
  @IsOptional() @IsIn(CASE_SOURCES) source?: CaseSource;
  @IsDefined() @ValidateNested() @Type(() => OffenceClassification) offence: OffenceClassification;
  @IsDateString() receivedAt: string;
  @IsDateString() registeredAt: string;
  /** Registered later after the report was received than the jurisdiction pack's registration term. */
  @IsOptional() @IsBoolean() registeredLate?: boolean;
  /** Pseudonymous id (token `sub`) of the registering officer. */
  @IsOptional() @IsString() @MaxLength(128) registeredBy?: string;
  /** Set when the case was split off another case. */
  @IsOptional() @IsUUID() splitFromCaseId?: string;
}

/** A person was added to a case in a role. Carries the pseudonymous person id and categories only. */
export class PersonAddedToCaseV1 {
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  @IsUUID() personId: string;
  @IsIn(PERSON_ROLES) role: PersonRole;
  @IsIn(SEXES) sex: Sex;
  @IsIn(AGE_BANDS) ageBand: AgeBand;
  /** Under 18 at the time of the offence. */
  @IsBoolean() juvenile: boolean;
  /** Absent when not known. */
  @IsOptional() @IsBoolean() disability?: boolean;
  @Matches(PACK_CODE) citizenshipGroup: CitizenshipGroup;
  /** Set when the role moved here from another case, by splitting the person off it into this one. */
  @IsOptional() @IsUUID() splitFromCaseId?: string;
}

/** A person no longer has a role in a case (removed by mistake, or moved to a split-off case). */
export class PersonRemovedFromCaseV1 {
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  @IsUUID() personId: string;
  @IsIn(PERSON_ROLES) role: PersonRole;
  @IsIn(['removed', 'split']) reason: 'removed' | 'split';
  /** With reason split: the new case the role moved to. */
  @IsOptional() @IsUUID() toCaseId?: string;
}

/**
 * Two person records turned out to be the same person; `mergedPersonId` is gone and
 * `survivingPersonId` takes its place. One event per case the merged person appears in.
 */
export class PersonMergedV1 {
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  @IsUUID() survivingPersonId: string;
  @IsUUID() mergedPersonId: string;
}

/** A role a person record has in a case: active while one of its rows for it is in force. */
export class PersonRoleHeld {
  @IsIn(PERSON_ROLES) role: PersonRole;
  @IsBoolean() active: boolean;
}

/**
 * A merge was undone: `restoredPersonId` is a record of its own again, and the roles the
 * merge moved or closed are its own again. One event per case the merge touched, stating
 * every role each record has in that case after the unmerge (active or ended), so that a
 * consumer sets its projection from the event alone.
 */
export class PersonUnmergedV1 {
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  @IsUUID() survivingPersonId: string;
  @IsUUID() restoredPersonId: string;
  @IsArray() @ArrayMaxSize(PERSON_ROLES.length) @ValidateNested({ each: true }) @Type(() => PersonRoleHeld) survivingRoles: PersonRoleHeld[];
  @IsArray() @ArrayMaxSize(PERSON_ROLES.length) @ValidateNested({ each: true }) @Type(() => PersonRoleHeld) restoredRoles: PersonRoleHeld[];
}

/** The responsible prosecutor or investigator of a case was assigned or reassigned. */
export class CaseResponsibilityAssignedV1 {
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  @IsIn(RESPONSIBILITIES) responsibility: Responsibility;
  /** Token `sub` of the assignee (a pseudonymous officer id). */
  @IsString() @MaxLength(128) assignee: string;
  @IsOptional() @IsString() @MaxLength(128) previousAssignee?: string;
}

/** A case moved to another region and/or agency; who may see it changes with it. */
export class CaseTransferredV1 {
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) fromRegion: string;
  @IsString() @MaxLength(16) toRegion: string;
  @IsOptional() @IsString() @MaxLength(32) fromAgency?: string;
  @IsOptional() @IsString() @MaxLength(32) toAgency?: string;
}

/** A case was joined into another; it is no longer conducted on its own. */
export class CaseJoinedV1 {
  @IsUUID() caseId: string;
  @IsString() @MaxLength(16) region: string;
  @IsUUID() intoCaseId: string;
}

export const CaseRegistered = defineEvent('case-registry', 'case.registered', 1, CaseRegisteredV1);
export const PersonAddedToCase = defineEvent('case-registry', 'person.added', 1, PersonAddedToCaseV1);
export const PersonRemovedFromCase = defineEvent('case-registry', 'person.removed', 1, PersonRemovedFromCaseV1);
export const PersonMerged = defineEvent('case-registry', 'person.merged', 1, PersonMergedV1);
export const PersonUnmerged = defineEvent('case-registry', 'person.unmerged', 1, PersonUnmergedV1);
export const CaseResponsibilityAssigned = defineEvent('case-registry', 'case.responsibility-assigned', 1, CaseResponsibilityAssignedV1);
export const CaseTransferred = defineEvent('case-registry', 'case.transferred', 1, CaseTransferredV1);
export const CaseJoined = defineEvent('case-registry', 'case.joined', 1, CaseJoinedV1);
