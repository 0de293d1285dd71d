import { Logger } from 'pino';
import { DataSource, IsNull } from 'typeorm';
import { ServiceMetrics } from '@icjims/observability';
import { EventBus } from '../bus/event-bus';
import { OutboxMessage } from './outbox-message.entity';

export interface OutboxRelayOptions {
  /** How often to look for unpublished rows when nobody nudges. */
  pollIntervalMs?: number;
  batchSize?: number;
}

/**
 * Publishes committed outbox rows to the bus in append order and marks them published.
 * Rows are claimed with FOR UPDATE SKIP LOCKED, so several instances of a service can
 * relay side by side. A row is marked only after the bus accepted it: a crash in between
 * publishes it again, and consumers' inboxes drop the repeat.
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
  }

  start(): void {
    this.stopped = false;
    this.nudge();
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
      this.metrics.outboxBacklog.set(await this.dataSource.getRepository(OutboxMessage).count({ where: { publishedAt: IsNull() } }));
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox relay pass failed; will retry');
    }
  }

  private async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxMessage[] = await manager
        .getRepository(OutboxMessage)
        .createQueryBuilder('m')
        .where('m.published_at IS NULL')
        .orderBy('m.position', 'ASC')
        .limit(this.batchSize)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return 0;
      await this.bus.publish(rows.map(({ topic, key, value, headers }) => ({ topic, key, value, headers })));
      await manager
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ publishedAt: () => 'now()' })
        .whereInIds(rows.map((row) => row.position))
        .execute();
      for (const row of rows) this.metrics.eventsPublished.inc({ type: row.eventType });
      return rows.length;
    });
  }
}
