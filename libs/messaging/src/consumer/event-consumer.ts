import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { CloudEvent, ServiceName, parseCloudEvent, validateEventData } from '@icjims/contracts';
import { ServiceMetrics, withCorrelationId } from '@icjims/observability';
import { BusMessage, EventBus } from '../bus/event-bus';
import { EventOutbox } from '../outbox/event-outbox';
import { EventHandler, UnprocessableEventError } from './event-handler';
import { InboxEntry } from './inbox-entry.entity';

export interface EventConsumerOptions {
  /** Attempts before a failing event is dead-lettered. */
  maxAttempts?: number;
  retryDelayMs?: number;
}

/**
 * Receives the service's subscribed topics (consumer group = service name), hands each
 * event to its handler inside a transaction with the inbox row, and dead-letters what it
 * cannot process — with the reason — through the outbox, so the consumer goes on.
 * Events of types the service does not handle are acknowledged and ignored.
 */
export class EventConsumer {
  private readonly handlers = new Map<string, EventHandler>();
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private subscribed = false;

  constructor(
    private readonly service: ServiceName,
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly outbox: EventOutbox,
    private readonly logger: Logger,
    private readonly metrics: ServiceMetrics,
    options: EventConsumerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 200;
  }

  async start(topics: readonly string[], handlers: readonly EventHandler[]): Promise<void> {
    for (const handler of handlers) this.handlers.set(handler.event.type, handler);
    if (topics.length === 0) return;
    await this.bus.subscribe({ group: this.service, topics, handler: (message) => this.receive(message) });
    this.subscribed = true;
  }

  async stop(): Promise<void> {
    if (this.subscribed) await this.bus.unsubscribe(this.service);
    this.subscribed = false;
  }

  /** Resolves when the message is done with (applied, duplicate, ignored or dead-lettered). */
  async receive(message: BusMessage): Promise<void> {
    let event: CloudEvent<unknown>;
    try {
      event = parseCloudEvent(message.value);
    } catch (error) {
      return this.deadLetter(message, undefined, error);
    }
    const handler = this.handlers.get(event.type);
    if (!handler) {
      this.metrics.eventsConsumed.inc({ type: event.type, result: 'ignored' });
      return;
    }
    await withCorrelationId(event.correlationid, () => this.apply(message, event, handler));
  }

  private async apply(message: BusMessage, event: CloudEvent<unknown>, handler: EventHandler): Promise<void> {
    let typed: CloudEvent<object>;
    try {
      typed = validateEventData(handler.event, event);
    } catch (error) {
      return this.deadLetter(message, event, error);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const applied = await this.dataSource.transaction(async (manager) => {
          if (!(await claimInbox(manager, event, 'processed'))) return false;
          await handler.handle(typed, manager);
          return true;
        });
        this.metrics.eventsConsumed.inc({ type: event.type, result: applied ? 'processed' : 'duplicate' });
        if (!applied) this.logger.debug({ eventId: event.id, type: event.type }, 'duplicate event ignored');
        return;
      } catch (error) {
        if (error instanceof UnprocessableEventError) return this.deadLetter(message, event, error);
        if (!(await this.databaseReachable())) throw error; // transient: let the bus redeliver later
        if (attempt >= this.maxAttempts) return this.deadLetter(message, event, error);
        this.logger.warn({ err: error, eventId: event.id, type: event.type, attempt }, 'event handling failed; retrying');
        await sleep(this.retryDelayMs * attempt);
      }
    }
  }

  private async deadLetter(message: BusMessage, event: CloudEvent<unknown> | undefined, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    const type = event?.type ?? 'unknown';
    await this.dataSource.transaction(async (manager) => {
      if (event) {
        if (!(await claimInbox(manager, event, 'dead-lettered'))) return; // already handled once
      }
      await this.outbox.deadLetter(manager, message, reason);
    });
    this.metrics.eventsConsumed.inc({ type, result: 'dead-lettered' });
    this.logger.error({ eventId: event?.id, type, topic: message.topic, reason }, 'event dead-lettered');
  }

  private async databaseReachable(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}

/** Records the event in the inbox; false when it was already there (a redelivery). */
async function claimInbox(manager: EntityManager, event: CloudEvent<unknown>, outcome: InboxEntry['outcome']): Promise<boolean> {
  const table = manager.connection.getMetadata(InboxEntry).tablePath;
  const rows: unknown[] = await manager.query(
    `INSERT INTO ${table} (event_id, event_type, outcome) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [event.id, event.type, outcome],
  );
  return rows.length === 1;
}
