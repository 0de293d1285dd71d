import { Type } from 'class-transformer';
import {
  IsArray, IsDateString, IsDefined, IsIn, IsInt, IsOptional, IsString, MaxLength, ValidateNested,
} from 'class-validator';
import { defineEvent } from './cloud-event';
import { SERVICE_NAMES, ServiceName } from './services';

export const ACCESS_OUTCOMES = ['allowed', 'denied', 'rejected', 'failed'] as const;
/** allowed: served; denied: 401/403; rejected: other 4xx (bad input, not found, conflict); failed: 5xx. */
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

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
}

/** One definition per producing service, since the type names its producer. */
export const AccessRecorded: Record<ServiceName, ReturnType<typeof defineAccessEvent>> = Object.fromEntries(
  SERVICE_NAMES.map((service) => [service, defineAccessEvent(service)]),
) as Record<ServiceName, ReturnType<typeof defineAccessEvent>>;

function defineAccessEvent(service: ServiceName) {
  return defineEvent(service, 'access.recorded', 1, AccessRecordedV1);
}
