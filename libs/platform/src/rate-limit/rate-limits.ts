import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Logger } from 'pino';
import { AccessRecorded, AccessRecordedV1, ServiceName } from '@icjims/contracts';
import type { AuthenticatedRequest } from '@icjims/auth';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { currentCorrelationId, ServiceMetrics } from '@icjims/observability';
import { AccessTrail } from '../access/access-trail';
import { RateLimitSettings } from '../config/service-config';
import { PROBLEM_CONTENT_TYPE, problemTypeUri } from '../errors/problem-details';
import { escapeForTrail } from '../http/text-safety';
import { RATE_LIMITS, SERVICE_LOGGER, SERVICE_NAME } from '../service/tokens';
import { FixedWindowLimiter, TurnedAway } from './fixed-window-limiter';

type LimitName = 'address' | 'user';

/**
 * The service's two rate limits, and the ledger of what they turned away. A refused request
 * gets a 429 at once and no access entry of its own (an anonymous flood must not grow the log
 * one row per request); instead each client's refusals of a window become ONE access entry,
 * outcome `throttled` with their `count`, written when the window ends and at shutdown.
 * Every request the limits let through is recorded as usual.
 */
@Injectable()
export class RateLimits implements OnModuleDestroy {
  private readonly limiters: Partial<Record<LimitName, FixedWindowLimiter>> = {};
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  /** Entries drained but not yet written (the database was away): tried again at the next flush. */
  private unwritten: { subject: string; data: AccessRecordedV1 }[] = [];

  constructor(
    @Inject(RATE_LIMITS) private readonly settings: RateLimitSettings,
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
    private readonly metrics: ServiceMetrics,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    const windowMs = settings.windowSeconds * 1000;
    if (settings.perAddress > 0) this.limiters.address = new FixedWindowLimiter(settings.perAddress, windowMs);
    if (settings.perUser > 0) this.limiters.user = new FixedWindowLimiter(settings.perUser, windowMs);
    // Soon after each window ends; unref'd so that it never keeps a process alive.
    this.timer = setInterval(() => void this.flush(false), windowMs).unref();
  }

  /** Counts requests per client address, before the token is looked at: bad tokens count too. */
  perAddress(): RequestHandler {
    return this.middleware('address', (request) => request.ip ?? 'unknown');
  }

  /** Counts requests per token subject; requests without a valid token are left to the address limit. */
  perUser(): RequestHandler {
    return this.middleware('user', (request) => (request as Request & AuthenticatedRequest).principal?.sub);
  }

  /** Records the turned-away counts of ended windows (with `all`, of the current one too). */
  flush(all: boolean): Promise<void> {
    this.flushing = this.flushing.then(() => this.record(all)).catch((error: unknown) => this.logger.error({ err: error }, 'could not record throttled requests'));
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush(true);
  }

  private middleware(name: LimitName, keyOf: (request: Request) => string | undefined): RequestHandler {
    return (request: Request, response: Response, next: NextFunction) => {
      const limiter = this.limiters[name];
      const key = limiter && AccessTrail.applies(request) ? keyOf(request) : undefined;
      if (!limiter || key === undefined) return next();
      const decision = limiter.take(key, Date.now());
      if (decision.allowed) return next();
      this.metrics.throttledRequests.inc({ limit: name });
      const limit = `${limiter.limit} requests per ${this.settings.windowSeconds} s per ${name}`;
      response
        .status(429)
        .setHeader('Retry-After', String(decision.retryAfterSeconds))
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify({
            type: problemTypeUri('too-many-requests'),
            title: 'Too many requests',
            status: 429,
            detail: `Over the limit of ${limit}; retry after ${decision.retryAfterSeconds} s`,
            instance: request.path.slice(0, 256),
            correlationId: currentCorrelationId(),
          }),
        );
    };
  }

  private async record(all: boolean): Promise<void> {
    const now = Date.now();
    const drained = (Object.entries(this.limiters) as [LimitName, FixedWindowLimiter][]).flatMap(([name, limiter]) =>
      limiter.drain(now, all).map((turnedAway) => this.entry(name, limiter, turnedAway)),
    );
    const entries = [...this.unwritten, ...drained];
    if (entries.length === 0) return;
    this.unwritten = entries;
    await this.unitOfWork.run(async (manager) => {
      for (const { subject, data } of entries) await this.outbox.record(manager, AccessRecorded[this.service], subject, data);
    });
    this.unwritten = [];
    this.logger.info({ entries: entries.length }, 'throttled requests recorded');
  }

  private entry(name: LimitName, limiter: FixedWindowLimiter, { key, windowStart, count }: TurnedAway): { subject: string; data: AccessRecordedV1 } {
    const client = name === 'address' ? escapeForTrail(key, 64) : escapeForTrail(key, 128);
    const data: AccessRecordedV1 = {
      service: this.service,
      actor: { sub: name === 'user' ? client : undefined, roles: [] },
      action: 'request',
      resourceType: 'rate-limit',
      outcome: 'throttled',
      status: 429,
      method: '*',
      route: '/api/v1',
      reason: `over ${limiter.limit} requests per ${this.settings.windowSeconds} s per ${name}`,
      sourceIp: name === 'address' ? client : undefined,
      occurredAt: new Date(windowStart).toISOString(),
      count,
    };
    return { subject: client, data };
  }
}
