import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { CloudEvent, ServiceName, parseCloudEvent, validateEventData } from '@icjims/contracts';
import { ServiceMetrics, withCorrelationId, withEventSpan } from '@icjims/observability';
import { sendWithNext } from '@icjims/persistence';
import { BusMessage, DEFAULT_MAX_BATCH_SIZE, EventBus } from '../bus/event-bus';
import { EventOutbox, recordedEventTypes } from '../outbox/event-outbox';
import { EventHandler, UnprocessableEventError } from './event-handler';
import { INBOX_TABLE, InboxEntry } from './inbox-entry.entity';

export interface EventConsumerOptions {
  /** Attempts before a failing event is dead-lettered. */
  maxAttempts?: number;
  retryDelayMs?: number;
  /** Most events the bus hands over, and the consumer applies, in one transaction. */
  maxBatchSize?: number;
  /**
   * After a transaction of the consumer commits, the event types its handlers recorded in the
   * outbox: the relay nudges their lanes, as a unit of work's commit does. (Else they wait for the
   * relay's next poll, and so does every event committed meanwhile behind this open writer.)
   */
  committed?: (eventTypes: ReadonlySet<string>) => void;
}

/** A well-formed event of a handled type, with the message that carried it. */
interface Accepted {
  message: BusMessage;
  event: CloudEvent<object>;
  handler: EventHandler;
}

/**
 * Receives the service's subscribed topics (consumer group = service name) in batches and
 * applies each batch in one transaction: one inbox insert for all its events, then every
 * event to its handler — consecutive events whose handlers share one `handleBatch` in one
 * call, the others one by one. If that transaction fails, the batch is applied again event
 * by event, so one poison message is dead-lettered (with the reason, through the outbox) and
 * the others applied. A message that is not a valid event is dead-lettered on its own;
 * events of types the service does not handle are acknowledged and ignored.
 *
 * Redeliveries are rare, so the inbox insert first travels with the handlers' first
 * statement (or the COMMIT), unanswered: one round trip fewer per transaction, and an event
 * already in the inbox fails it. Then the same events go once more in a transaction whose
 * insert is answered first, and redeliveries drop out of it; every retry goes that way.
 */
export class EventConsumer {
  private readonly handlers = new Map<string, EventHandler>();
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private readonly maxBatchSize: number;
  private readonly committed: (eventTypes: ReadonlySet<string>) => void;
  private subscribed = false;
  private subscribedTopics: readonly string[] = [];

  constructor(
    readonly service: ServiceName,
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly outbox: EventOutbox,
    private readonly logger: Logger,
    private readonly metrics: ServiceMetrics,
    options: EventConsumerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 200;
    this.maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    this.committed = options.committed ?? (() => undefined);
  }

  async start(topics: readonly string[], handlers: readonly EventHandler[]): Promise<void> {
    for (const handler of handlers) this.handlers.set(handler.event.type, handler);
    this.subscribedTopics = topics;
    if (topics.length === 0) return;
    await this.bus.subscribe({
      group: this.service,
      topics,
      eventTypes: [...this.handlers.keys()],
      batchHandler: (messages) => this.receiveBatch(messages),
      maxBatchSize: this.maxBatchSize,
    });
    this.subscribed = true;
  }

  /** The topics subscribed to at start: the producers of the handled types (the lag gauge reads them). */
  get topics(): readonly string[] {
    return this.subscribedTopics;
  }

  /** The handler of an event type, once started: the dead-letter replayer re-delivers through it. */
  handlerFor(type: string): EventHandler | undefined {
    return this.handlers.get(type);
  }

  async stop(): Promise<void> {
    if (this.subscribed) await this.bus.unsubscribe(this.service);
    this.subscribed = false;
  }

  /** Resolves when the message is done with (applied, duplicate, ignored or dead-lettered). */
  receive(message: BusMessage): Promise<void> {
    return this.receiveBatch([message]);
  }

  /**
   * Resolves when every message is done with; rejects (the bus redelivers them all) only when
   * the database cannot be reached.
   */
  async receiveBatch(messages: readonly BusMessage[]): Promise<void> {
    const accepted: Accepted[] = [];
    for (const message of messages) {
      const item = await this.accept(message);
      if (item) accepted.push(item);
    }
    if (accepted.length === 0) return;
    if (accepted.length === 1) return this.applyOne(accepted[0]);
    try {
      await this.applyTogether(accepted);
    } catch (error) {
      if (!(await this.databaseReachable())) throw error; // transient: let the bus redeliver later
      this.logger.warn({ err: error, events: accepted.length }, 'batch of events failed; applying them one by one');
      for (const item of accepted) await this.applyOne(item);
    }
  }

  /** The message as an event for a handler; undefined when it was ignored or dead-lettered. */
  private async accept(message: BusMessage): Promise<Accepted | undefined> {
    let event: CloudEvent<unknown>;
    try {
      event = parseCloudEvent(message.value);
    } catch (error) {
      await this.deadLetter(message, undefined, error);
      return undefined;
    }
    const handler = this.handlers.get(event.type);
    if (!handler) {
      this.metrics.eventsConsumed.inc({ type: event.type, result: 'ignored' });
      return undefined;
    }
    try {
      return { message, event: validateEventData(handler.event, event), handler };
    } catch (error) {
      await withCorrelationId(event.correlationid, () => this.deadLetter(message, event, error));
      return undefined;
    }
  }

  /** The whole batch in one transaction; throws (and changes nothing) if any event fails. */
  private async applyTogether(accepted: Accepted[]): Promise<void> {
    const fresh = await this.applyInTransaction(accepted);
    for (const item of accepted) {
      this.metrics.eventsConsumed.inc({ type: item.event.type, result: fresh.includes(item) ? 'processed' : 'duplicate' });
    }
    if (fresh.length < accepted.length) this.logger.debug({ duplicates: accepted.length - fresh.length }, 'duplicate events ignored');
  }

  /**
   * Applies the items with their inbox rows in one transaction, the inbox insert unanswered;
   * if the inbox refused one of their ids, once more with the insert answered first (so
   * redeliveries drop out). `answered`: that way at once, on a retry, for a handler that might
   * have hidden the inbox's refusal in an error of its own. Returns the items applied: the
   * first delivery of each id that was not in the inbox yet.
   */
  private async applyInTransaction(items: Accepted[], answered = false): Promise<Accepted[]> {
    if (!answered) {
      try {
        return await this.transaction(items, 'unanswered');
      } catch (error) {
        if (!inboxRefused(error)) throw error;
      }
    }
    return this.transaction(items, 'answered');
  }

  /** One transaction of the items and their inbox rows, the insert unanswered or answered first; the items applied. */
  private async transaction(items: Accepted[], claim: 'unanswered' | 'answered'): Promise<Accepted[]> {
    let recorded: ReadonlySet<string> = new Set();
    const fresh = await this.dataSource.transaction(async (manager) => {
      let fresh: Accepted[];
      if (claim === 'unanswered') {
        const ids = new Set<string>();
        fresh = items.filter(({ event }) => !ids.has(event.id) && ids.add(event.id)); // an id twice in one batch is applied once
        await sendWithNext(manager, inboxInsert(manager, false), inboxValues(fresh.map(({ event }) => event), 'processed'));
      } else {
        const claimed = await claimInbox(manager, items.map(({ event }) => event));
        fresh = items.filter(({ event }) => claimed.delete(event.id));
      }
      // Each run in a consumer span: a child of its event's trace, or linked to its events' traces.
      for (const run of runsOf(fresh)) await withEventSpan(this.service, run.map(({ event }) => event), () => applyRun(run, manager));
      recorded = recordedEventTypes(manager);
      return fresh;
    });
    if (recorded.size) this.committed(recorded);
    return fresh;
  }

  /** One event in its own transaction, retried, then dead-lettered if it keeps failing; logged under its correlation id. */
  private applyOne(item: Accepted): Promise<void> {
    return withCorrelationId(item.event.correlationid, () => this.applyAlone(item));
  }

  private async applyAlone({ message, event, handler }: Accepted): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const applied = (await this.applyInTransaction([{ message, event, handler }], attempt > 1)).length > 0;
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
        if ((await claimInbox(manager, [event], 'dead-lettered')).size === 0) return; // already handled once
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

/**
 * Consecutive events whose handlers share one `handleBatch` function (subclasses of one
 * handler, say) form one run; an event whose handler has none is a run of its own.
 */
function runsOf(items: Accepted[]): Accepted[][] {
  const runs: Accepted[][] = [];
  for (const item of items) {
    const last = runs[runs.length - 1];
    const batchable = item.handler.handleBatch !== undefined;
    if (last && batchable && last[0].handler.handleBatch === item.handler.handleBatch) last.push(item);
    else runs.push([item]);
  }
  return runs;
}

/** A run goes to its shared `handleBatch`, or to `handle` under the event's correlation id. */
async function applyRun(run: Accepted[], manager: EntityManager): Promise<void> {
  const [{ handler }] = run;
  const events = run.map(({ event }) => event);
  const correlationIds = new Set(events.map((event) => event.correlationid));
  // Events of one batch usually come from different requests: only a shared id is carried.
  const work = () => (handler.handleBatch ? handler.handleBatch(events, manager) : handler.handle(events[0], manager));
  const [correlationId] = correlationIds;
  return correlationIds.size === 1 && correlationId ? withCorrelationId(correlationId, work) : work();
}

/**
 * The inbox insert of events: sorted, so that two transactions claiming overlapping ids take
 * their locks in one order. `skipClaimed`: ids already there are skipped and the new ones
 * returned; else one already there fails it.
 */
function inboxInsert(manager: EntityManager, skipClaimed: boolean): string {
  return `INSERT INTO ${manager.connection.getMetadata(InboxEntry).tablePath} (event_id, event_type, outcome)
     SELECT id, type, $3 FROM unnest($1::text[], $2::text[]) AS claimed(id, type) ORDER BY id${skipClaimed ? '\n     ON CONFLICT (event_id) DO NOTHING RETURNING event_id' : ''}`;
}

/** Whether a statement failed on an id the inbox already held: a unique violation on its table (pg's error, or TypeORM's with its fields). */
function inboxRefused(error: unknown): boolean {
  const { code, table } = (error ?? {}) as { code?: unknown; table?: unknown };
  return code === '23505' && table === INBOX_TABLE;
}

function inboxValues(events: readonly CloudEvent<unknown>[], outcome: InboxEntry['outcome']): unknown[] {
  return [events.map((event) => event.id), events.map((event) => event.type), outcome];
}

/** Records the events in the inbox with one statement; returns the ids that were not there yet (not redeliveries). */
async function claimInbox(
  manager: EntityManager,
  events: readonly CloudEvent<unknown>[],
  outcome: InboxEntry['outcome'] = 'processed',
): Promise<Set<string>> {
  const rows: { event_id: string }[] = await manager.query(inboxInsert(manager, true), inboxValues(events, outcome));
  return new Set(rows.map((row) => row.event_id));
}
