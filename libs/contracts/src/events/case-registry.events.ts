import { Type } from 'class-transformer';
import { IsDateString, IsDefined, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
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
