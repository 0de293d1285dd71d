import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { AccessOutcome, AccessRecorded, AccessRecordedV1, MAX_ACCESS_PERSON_IDS, ServiceName } from '@icjims/contracts';
import { EventOutbox, OutboxRelay, TransactionClaim } from '@icjims/messaging';
import type { Principal } from '@icjims/auth';
import { SERVICE_LOGGER, SERVICE_NAME } from '../service/tokens';
import { escapeForTrail } from '../http/text-safety';
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

/**
 * Caller-supplied text as the entry keeps it: escaped (a NUL or a line break can neither
 * break the entry's storage nor forge anything) and cut to the contract's length.
 */
function text(value: unknown, max: number): string | undefined {
  // An empty id is no id: it must neither be recorded as one nor become the event's subject.
  return typeof value === 'string' && value !== '' ? escapeForTrail(value, max) : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An id as the entry keeps it: a UUID in its canonical lower case, whatever case the caller
 * wrote it in, so that the auditors' filters and the data-subject report find every call about
 * the same case or person; anything else as caller text.
 */
function id(value: unknown): string | undefined {
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : text(value, 128);
}

function param(request: Request, name: string | undefined): string | undefined {
  return name ? id(request.params?.[name]) : undefined;
}

function queryParam(request: Request, name: string | undefined): string | undefined {
  return name ? id(request.query?.[name]) : undefined;
}

type Found = { resourceId?: string; caseId?: string; reason?: string };

/**
 * How long the relay pass for an access event recorded on its own (a read's, a refusal's) waits,
 * so that the events of the requests answered meanwhile go in the same pass. A pass is two round
 * trips and a commit: one per read would run beside the next request. A change's event is
 * relayed as soon as its unit of work commits.
 */
export const ACCESS_RELAY_DELAY_MS = 50;

/** The claim of each request whose access event rides in the transaction of its change. */
const claimsOfRequests = new WeakMap<TrailedRequest, AccessClaim>();

/**
 * Emits one access event per /api/v1 request, allowed or not, through the outbox, so the
 * audit service receives it even if the bus is down at that moment. A change's event
 * commits in the change's own transaction (`claimFor`); any other is one INSERT of its own,
 * outside a transaction, unless the request's event has already committed with its change.
 */
@Injectable()
export class AccessTrail {
  private relayPass: NodeJS.Timeout | undefined;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly outbox: EventOutbox,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * A claim that, run around a request's handling, records the request's access event — as
   * answered `status`, naming what the unit of work returned — in the first unit of work that
   * commits: the change and its trace commit together, and `record` does not add another.
   */
  claimFor(request: TrailedRequest, status: number): AccessClaim {
    const claim = new AccessClaim((manager, result) => this.recordIn(manager, request, status, { resourceId: stringField(result, 'id'), caseId: stringField(result, 'caseId') }));
    claimsOfRequests.set(request, claim);
    return claim;
  }

  /** Express matches routes case-insensitively, so must this: /API/V1/… is the API too. */
  static applies(request: Request): boolean {
    const path = request.path.toLowerCase();
    return path === '/api/v1' || path.startsWith('/api/v1/');
  }

  /**
   * Records the request's access event now, in one INSERT of its own (no transaction needed
   * around one statement) — unless it already committed with the request's change. The relay
   * takes it within ACCESS_RELAY_DELAY_MS, with the others recorded meanwhile.
   */
  async record(request: TrailedRequest, status: number, found: Found = {}): Promise<void> {
    const claim = claimsOfRequests.get(request);
    claim?.close();
    if (claim?.committed) return;
    const event = await this.recordIn(this.dataSource.manager, request, status, found);
    this.relayPass ??= setTimeout(() => {
      this.relayPass = undefined;
      this.relay.nudge([event.type]);
    }, ACCESS_RELAY_DELAY_MS).unref();
  }

  private async recordIn(manager: EntityManager, request: TrailedRequest, status: number, found: Found): Promise<{ type: string }> {
    const spec = request.accessSpec ?? UNKNOWN_SPEC;
    const principal = spec.anonymous ? undefined : request.principal;
    const resourceId = param(request, spec.resourceIdParam) ?? id(found.resourceId);
    const caseId =
      param(request, spec.caseIdParam) ??
      queryParam(request, spec.caseIdQuery) ??
      id(found.caseId) ??
      (spec.resourceType === 'case' ? resourceId : undefined);
    const data: AccessRecordedV1 = {
      service: this.service,
      actor: { sub: text(principal?.sub, 128), roles: principal?.roles ?? [], region: text(principal?.region, 16) },
      action: spec.action,
      resourceType: spec.resourceType,
      resourceId,
      caseId,
      outcome: outcomeOf(status),
      status,
      method: text(request.method, 16) ?? '',
      // The route template, never the URL: query strings may carry search terms.
      route: text(request.route?.path ?? request.path, 256) ?? '',
      reason: text(found.reason, 256),
      sourceIp: spec.anonymous ? undefined : text(request.ip, 64),
      occurredAt: new Date().toISOString(),
    };
    const notes = accessNotesOf(request);
    if (notes?.purpose) data.purpose = notes.purpose;
    const noted = [...(notes?.personIds ?? [])].map(id);
    const personIds = [...new Set([param(request, spec.personIdParam), ...noted])].filter((id): id is string => id !== undefined);
    if (personIds.length) data.personIds = personIds.slice(0, MAX_ACCESS_PERSON_IDS);
    if (personIds.length > MAX_ACCESS_PERSON_IDS) data.personIdsTruncated = true;
    if (notes?.flags.size) data.flags = [...notes.flags];
    const subject = caseId ?? resourceId ?? principal?.sub ?? 'anonymous';
    const event = await this.outbox.record(manager, AccessRecorded[this.service], subject, data);
    this.logger.debug({ action: data.action, outcome: data.outcome, status }, 'access recorded');
    return event;
  }
}

/** The access event of a change, written last in the change's transaction. */
export class AccessClaim extends TransactionClaim {
  constructor(private readonly write: (manager: EntityManager, result: unknown) => Promise<unknown>) {
    super();
  }

  async begin(): Promise<void> {
    // Nothing to claim first: the event names what the work returned.
  }

  async end(manager: EntityManager, result: unknown): Promise<void> {
    await this.write(manager, result);
  }
}

/** A string property of a handler's result or body, if it has one (its id, its case). */
export function stringField(body: unknown, key: 'id' | 'caseId'): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}
