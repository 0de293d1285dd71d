import { Logger } from 'pino';
import { DataSource, IsNull } from 'typeorm';
import { ServiceMetrics } from '@icjims/observability';
import { EventBus } from '../bus/event-bus';
import { insertedBeforeOpenTransactions, tryTransactionLock } from '../commit-order/commit-order';
import { OutboxMessage } from './outbox-message.entity';

export interface OutboxRelayOptions {
  /** How often to look for unpublished rows when nobody nudges. */
  pollIntervalMs?: number;
  batchSize?: number;
}

/**
 * Publishes committed outbox rows to the bus in commit-safe order and marks them published.
 * It reads only rows of transactions older than every open one (a late commit is never
 * overtaken), and an advisory lock lets one instance of a service relay at a time. A row is
 * marked only after the bus accepted it: a crash in between publishes it again, and
 * consumers' inboxes drop the repeat.
 */
export class OutboxRelay {
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly metrics: ServiceMetrics,
    options: OutboxRelayOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 100;
    // Counted when metrics are scraped, not on every pass that a request nudges.
    metrics.measureOutboxBacklog(() => dataSource.getRepository(OutboxMessage).count({ where: { publishedAt: IsNull() } }));
  }

  /** Starts relaying; resolves when the first pass is over (callers need not wait for it). */
  start(): Promise<void> {
    this.stopped = false;
    this.nudge();
    return this.running ?? Promise.resolve();
  }

  /** Asks for a pass now (after a commit that appended events). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.nudge();
      } else {
        this.timer = setTimeout(() => this.nudge(), this.pollIntervalMs);
      }
    });
  }

  /** Stops polling: finishes the pass in hand, then publishes what is still committed and waiting. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.drain();
  }

  /** Publishes until the outbox is empty or the bus refuses. */
  private async drain(): Promise<void> {
    try {
      while ((await this.publishBatch()) === this.batchSize);
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox relay pass failed; will retry');
    }
  }

  private async publishBatch(): Promise<number> {
    const table = this.dataSource.getMetadata(OutboxMessage).tablePath;
    return this.dataSource.transaction(async (manager) => {
      // One relay per service at a time, so batches cannot overtake each other.
      if (!(await tryTransactionLock(manager, 'outbox-relay'))) return 0;
      const rows: { position: string; event_type: string; topic: string; message_key: string; value: string; headers: Record<string, string> }[] =
        await manager.query(
          `SELECT position, event_type, topic, message_key, value, headers FROM ${table}
            WHERE published_at IS NULL AND ${insertedBeforeOpenTransactions()}
            ORDER BY transaction_id, position
            LIMIT $1`,
          [this.batchSize],
        );
      if (rows.length === 0) return 0;
      await this.bus.publish(rows.map((row) => ({ topic: row.topic, key: row.message_key, value: row.value, headers: row.headers })));
      await manager.query(`UPDATE ${table} SET published_at = now() WHERE position = ANY($1::bigint[])`, [rows.map((row) => row.position)]);
      for (const row of rows) this.metrics.eventsPublished.inc({ type: row.event_type });
      return rows.length;
    });
  }
}
