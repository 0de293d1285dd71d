import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsDateString, IsDefined, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { defineEvent } from './cloud-event';
import { SERVICE_NAMES, ServiceName } from './services';

export const ACCESS_OUTCOMES = ['allowed', 'denied', 'rejected', 'failed', 'throttled'] as const;
/**
 * allowed: served; denied: 401/403; rejected: other 4xx (bad input, not found, conflict);
 * failed: 5xx; throttled: requests the rate limiter turned away (429), counted per client
 * and window in one entry (`count`).
 */
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

/**
 * Circumstances an auditor should notice at a glance. `restricted-record`: the call touched
 * (or was refused) a person record under an access restriction.
 */
export const ACCESS_FLAGS = ['restricted-record'] as const;
export type AccessFlag = (typeof ACCESS_FLAGS)[number];

/** Most person ids one access entry lists; a call consulting more lists the first ones and sets `personIdsTruncated`. */
export const MAX_ACCESS_PERSON_IDS = 200;

export class AccessActor {
  /** Token subject; absent when no valid token was presented. */
  @IsOptional() @IsString() @MaxLength(128) sub?: string;
  @IsArray() @IsString({ each: true }) roles: string[];
  @IsOptional() @IsString() @MaxLength(16) region?: string;
}

/** One request under /api/v1, allowed or not. The route is the template, never the raw URL. */
export class AccessRecordedV1 {
  @IsIn(SERVICE_NAMES) service: ServiceName;
  @IsDefined() @ValidateNested() @Type(() => AccessActor) actor: AccessActor;
  @IsString() @MaxLength(64) action: string;
  @IsString() @MaxLength(64) resourceType: string;
  @IsOptional() @IsString() @MaxLength(128) resourceId?: string;
  @IsOptional() @IsString() @MaxLength(128) caseId?: string;
  @IsIn(ACCESS_OUTCOMES) outcome: AccessOutcome;
  @IsInt() status: number;
  @IsString() @MaxLength(16) method: string;
  @IsString() @MaxLength(256) route: string;
  @IsOptional() @IsString() @MaxLength(256) reason?: string;
  @IsOptional() @IsString() @MaxLength(64) sourceIp?: string;
  @IsDateString() occurredAt: string;
  /** Why personal data was consulted: a code of the purpose list (X-Purpose), when the endpoint needs one or the caller gave one. */
  @IsOptional() @IsString() @MaxLength(64) purpose?: string;
  /** Pseudonymous ids of the persons whose data the call consulted or changed (the case id alone does not say whose). */
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_ACCESS_PERSON_IDS) @IsString({ each: true }) @MaxLength(128, { each: true }) personIds?: string[];
  /** Set when more persons were consulted than `personIds` lists. */
  @IsOptional() @IsIn([true]) personIdsTruncated?: true;
  /** Only with outcome `throttled`: how many requests of this client the limiter turned away in the window starting at occurredAt. */
  @IsOptional() @IsInt() @Min(1) count?: number;
  @IsOptional() @IsArray() @ArrayMaxSize(ACCESS_FLAGS.length) @IsIn(ACCESS_FLAGS, { each: true }) flags?: AccessFlag[];
}

/** One definition per producing service, since the type names its producer. */
export const AccessRecorded: Record<ServiceName, ReturnType<typeof defineAccessEvent>> = Object.fromEntries(
  SERVICE_NAMES.map((service) => [service, defineAccessEvent(service)]),
) as Record<ServiceName, ReturnType<typeof defineAccessEvent>>;

function defineAccessEvent(service: ServiceName) {
  return defineEvent(service, 'access.recorded', 1, AccessRecordedV1);
}
