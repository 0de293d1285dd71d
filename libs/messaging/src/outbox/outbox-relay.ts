import { PoolClient, QueryResult } from 'pg';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ServiceMetrics } from '@icjims/observability';
import { EVENT_TYPE_HEADER, EventBus } from '../bus/event-bus';
import { insertedBeforeOpenWriters, transactionLockCondition } from '../commit-order/commit-order';
import { OutboxMessage } from './outbox-message.entity';

export interface OutboxRelayOptions {
  /** How often to look for unpublished rows when nobody nudges. */
  pollIntervalMs?: number;
  batchSize?: number;
  /** Independent streams of the outbox; default one lane for everything. */
  lanes?: readonly OutboxLane[];
}

/**
 * A part of the outbox relayed on its own, in its own order and at its own pace: the events of
 * `eventTypes`, or (without them) every event no other lane claims. Order is kept within a lane
 * only, so a lane must hold events whose consumers do not need them ordered against the other
 * lanes' — access events, say, which only the audit log consumes: they then no longer wait
 * behind a slow consumer of the domain events published before them.
 */
export interface OutboxLane {
  name: string;
  eventTypes?: readonly string[];
}

/**
 * Publishes committed outbox rows to the bus in commit-safe order and marks them published.
 * It reads only rows of transactions older than every open one that writes the outbox (a late
 * commit is never overtaken; other work in the database does not hold the relay back), and an advisory lock per lane lets one instance of a service relay a lane at a
 * time. A row is marked only after the bus accepted it: a crash in between publishes it
 * again, and consumers' inboxes drop the repeat.
 */
export class OutboxRelay {
  private readonly lanes: LaneRelay[];
  private stopped = true;

  constructor(dataSource: DataSource, bus: EventBus, logger: Logger, metrics: ServiceMetrics, options: OutboxRelayOptions = {}) {
    const lanes = options.lanes ?? [{ name: 'events' }];
    const rest = lanes.filter((lane) => !lane.eventTypes);
    if (rest.length > 1) throw new Error('at most one outbox lane may take the events no other lane claims');
    const claimed = lanes.flatMap((lane) => lane.eventTypes ?? []);
    if (new Set(claimed).size !== claimed.length) throw new Error('an event type belongs to at most one outbox lane');
    const settings = { pollIntervalMs: options.pollIntervalMs ?? 1000, batchSize: options.batchSize ?? 100 };
    const table = dataSource.getMetadata(OutboxMessage).tablePath;
    this.lanes = lanes.map((lane) => {
      // A lane without types takes the rest; with no other lane, that is everything.
      const selection = lane.eventTypes ? { types: lane.eventTypes, included: true } : { types: claimed, included: false };
      return new LaneRelay(lane.name, table, selection, dataSource, bus, logger, metrics, settings);
    });
  }

  /** Starts relaying; resolves when every lane's first pass is over (callers need not wait for it). */
  async start(): Promise<void> {
    this.stopped = false;
    await Promise.all(this.lanes.map((lane) => lane.start()));
  }

  /** Asks for a pass now (after a commit that appended events): of the lanes of `eventTypes`, or of every lane. */
  nudge(eventTypes?: Iterable<string>): void {
    if (this.stopped) return;
    const types = eventTypes && [...eventTypes];
    for (const lane of this.lanes) if (!types || types.some((type) => lane.takes(type))) lane.nudge();
  }

  /** Stops polling: finishes the passes in hand, then publishes what is still committed and waiting. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.lanes.map((lane) => lane.stop()));
  }
}

/**
 * How soon a lane looks again after a pass found committed rows it may not take yet: behind a
 * writer of the outbox still open (a read's access event, say, whose commit nudges another lane),
 * or while another instance relays the lane. Without it they would wait for the next poll.
 */
const HELD_BACK_RETRY_MS = 20;

/** One lane's passes: at most one at a time, another right after when nudged meanwhile. */
class LaneRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly filter: string;
  private readonly batchQuery: string;
  /** Whether committed rows of the lane wait unpublished, whether or not a pass may take them yet. */
  private readonly waitingQuery: string;

  constructor(
    private readonly name: string,
    private readonly table: string,
    private readonly selection: { types: readonly string[]; included: boolean },
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly metrics: ServiceMetrics,
    private readonly settings: { pollIntervalMs: number; batchSize: number },
  ) {
    // Written into the SQL (a poll and a batch then need no parameters): the types are the service's own event types, quoted.
    const types = `ARRAY[${selection.types.map((type) => `'${type.replaceAll("'", "''")}'`).join(',')}]::text[]`;
    this.filter = selection.types.length === 0 ? 'TRUE' : selection.included ? `event_type = ANY(${types})` : `event_type <> ALL(${types})`;
    if (!Number.isSafeInteger(settings.batchSize) || settings.batchSize < 1) throw new RangeError(`not a batch size: ${settings.batchSize}`);
    // One relay per service and lane at a time, so batches cannot overtake each other: the lock is taken by its own
    // statement, before the read's snapshot, and the rows read count only if it was.
    this.waitingQuery = `SELECT EXISTS (SELECT FROM ${table} WHERE published_at IS NULL AND ${this.filter}) AS waiting`;
    // The last statement tells an empty batch held back (committed rows it may not take yet) from an empty lane.
    this.batchQuery = `SELECT ${transactionLockCondition(`outbox-relay:${name}`)} AS held;
      SELECT position, event_type, topic, message_key, value, headers FROM ${table}
       WHERE published_at IS NULL AND ${insertedBeforeOpenWriters(table)} AND ${this.filter}
       ORDER BY transaction_id, position
       LIMIT ${settings.batchSize};
      ${this.waitingQuery}`;
  }

  start(): Promise<void> {
    this.stopped = false;
    this.nudge();
    return this.running ?? Promise.resolve();
  }

  /** Whether events of `type` travel in this lane. */
  takes(type: string): boolean {
    return this.selection.types.includes(type) === this.selection.included;
  }

  /** A pass now; `polled` when nobody asked for it, so it first looks whether anything waits. */
  nudge(polled = false): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    let heldBack = false;
    this.running = this.drain(polled)
      .then((outcome) => void (heldBack = outcome === 'held back'))
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.nudge();
        } else {
          this.timer = setTimeout(() => this.nudge(true), heldBack ? HELD_BACK_RETRY_MS : this.settings.pollIntervalMs);
        }
      });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.drain();
  }

  /**
   * Publishes until the lane is empty or the bus refuses; a poll first looks, in one statement,
   * whether anything waits. 'held back' when it stopped at committed rows it may not take yet.
   */
  private async drain(polled = false): Promise<'done' | 'held back'> {
    try {
      if (polled && !(await this.anythingWaiting())) return 'done';
      for (;;) {
        const batch = await this.publishBatch();
        if (batch.published === this.settings.batchSize) continue;
        return batch.published === 0 && batch.heldBack ? 'held back' : 'done';
      }
    } catch (error) {
      this.logger.warn({ err: error, lane: this.name }, 'outbox relay pass failed; will retry');
      return 'done';
    }
  }

  private async anythingWaiting(): Promise<boolean> {
    const [{ waiting }]: { waiting: boolean }[] = await this.dataSource.query(this.waitingQuery);
    return waiting;
  }

  /**
   * One batch in two round trips: the first opens the transaction, takes the lane's lock and
   * reads the batch; after the bus accepted it, the second marks it published and commits.
   * The statements travel together as simple queries (no parameters: the batch size is a
   * checked integer, the positions integers read back, the types the service's own).
   */
  private async publishBatch(): Promise<{ published: number; heldBack: boolean }> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    let open = true;
    try {
      const [, lock, read, waiting] = (await client.query(`BEGIN; ${this.batchQuery}`)) as unknown as [
        QueryResult,
        QueryResult<{ held: boolean }>,
        QueryResult<OutboxRow>,
        QueryResult<{ waiting: boolean }>,
      ];
      const rows = lock.rows[0].held ? read.rows : []; // another instance relays the lane now
      if (rows.length > 0) {
        await this.bus.publish(
          rows.map((row) => ({ topic: row.topic, key: row.message_key, value: row.value, headers: { ...row.headers, [EVENT_TYPE_HEADER]: row.event_type } })),
        );
      }
      const positions = rows.map((row) => String(BigInt(row.position))).join(',');
      await client.query(rows.length > 0 ? `UPDATE ${this.table} SET published_at = now() WHERE position = ANY('{${positions}}'::bigint[]); COMMIT` : 'COMMIT');
      open = false;
      for (const row of rows) this.metrics.eventsPublished.inc({ type: row.event_type });
      return { published: rows.length, heldBack: rows.length === 0 && waiting.rows[0].waiting };
    } finally {
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }
}

interface OutboxRow {
  position: string;
  event_type: string;
  topic: string;
  message_key: string;
  value: string;
  headers: Record<string, string>;
}
