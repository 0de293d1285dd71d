import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Logger } from 'pino';
import { AccessOutcome, AccessRecorded, AccessRecordedV1, MAX_ACCESS_PERSON_IDS, ServiceName } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import type { Principal } from '@icjims/auth';
import { SERVICE_LOGGER, SERVICE_NAME } from '../service/tokens';
import { accessNotesOf } from './access-notes';
import { AccessSpec } from './access-spec';

/** What the platform attaches to a request as it passes through. */
export interface TrailedRequest extends Request {
  principal?: Principal;
  accessSpec?: AccessSpec;
}

export function outcomeOf(status: number): AccessOutcome {
  if (status === 401 || status === 403) return 'denied';
  if (status >= 500) return 'failed';
  if (status >= 400) return 'rejected';
  return 'allowed';
}

const UNKNOWN_SPEC: AccessSpec = { action: 'request', resourceType: 'unknown' };

function shortString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 128 ? value : undefined;
}

function param(request: Request, name: string | undefined): string | undefined {
  return name ? shortString(request.params?.[name]) : undefined;
}

function queryParam(request: Request, name: string | undefined): string | undefined {
  return name ? shortString(request.query?.[name]) : undefined;
}

/**
 * Emits one access event per /api/v1 request, allowed or not, through the outbox, so the
 * audit service receives it even if the bus is down at that moment.
 */
@Injectable()
export class AccessTrail {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  /** Express matches routes case-insensitively, so must this: /API/V1/… is the API too. */
  static applies(request: Request): boolean {
    const path = request.path.toLowerCase();
    return path === '/api/v1' || path.startsWith('/api/v1/');
  }

  async record(
    request: TrailedRequest,
    status: number,
    found: { resourceId?: string; caseId?: string; reason?: string } = {},
  ): Promise<void> {
    const spec = request.accessSpec ?? UNKNOWN_SPEC;
    const principal = request.principal;
    const resourceId = param(request, spec.resourceIdParam) ?? found.resourceId;
    const caseId =
      param(request, spec.caseIdParam) ??
      queryParam(request, spec.caseIdQuery) ??
      found.caseId ??
      (spec.resourceType === 'case' ? resourceId : undefined);
    const data: AccessRecordedV1 = {
      service: this.service,
      actor: { sub: principal?.sub, roles: principal?.roles ?? [], region: principal?.region },
      action: spec.action,
      resourceType: spec.resourceType,
      resourceId,
      caseId,
      outcome: outcomeOf(status),
      status,
      method: request.method.slice(0, 16),
      // The route template, never the URL: query strings may carry search terms.
      route: request.route?.path ?? request.path.slice(0, 256),
      reason: found.reason?.slice(0, 256),
      sourceIp: request.ip,
      occurredAt: new Date().toISOString(),
    };
    const notes = accessNotesOf(request);
    if (notes?.purpose) data.purpose = notes.purpose;
    const personIds = [...new Set([param(request, spec.personIdParam), ...(notes?.personIds ?? [])])].filter((id): id is string => id !== undefined);
    if (personIds.length) data.personIds = personIds.slice(0, MAX_ACCESS_PERSON_IDS);
    if (personIds.length > MAX_ACCESS_PERSON_IDS) data.personIdsTruncated = true;
    if (notes?.flags.size) data.flags = [...notes.flags];
    const subject = caseId ?? resourceId ?? principal?.sub ?? 'anonymous';
    await this.unitOfWork.run((manager) => this.outbox.record(manager, AccessRecorded[this.service], subject, data));
    this.logger.debug({ action: data.action, outcome: data.outcome, status }, 'access recorded');
  }
}
