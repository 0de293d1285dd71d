import { Logger } from 'pino';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { ServiceMetrics } from '@icjims/observability';
import { InboxEntry } from '../consumer/inbox-entry.entity';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { RetentionSettings } from './retention-settings';

/** Rows removed by one pass, per kind. */
export interface PrunedCounts {
  outbox: number;
  inbox: number;
  deadLetters: number;
}

const SECONDS_PER_DAY = 86_400;

/**
 * Deletes messaging rows older than their retention (see RetentionSettings), periodically, in
 * every service. Each statement deletes at most `batchSize` rows picked by ctid, skipping rows
 * another transaction holds, so that a pass never holds many locks or a long transaction, and
 * several instances of a service can prune side by side. A pass logs its counts (never
 * payloads) and counts them in `icjims_retention_pruned_rows_total`.
 */
export class RetentionPruner {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private readonly pruned: Counter<'table'>;
  private readonly failures: Counter;
  private readonly lastPass: Gauge;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    metrics: ServiceMetrics,
    private readonly settings: RetentionSettings,
  ) {
    const registers = [metrics.registry];
    this.pruned = new Counter({
      name: 'icjims_retention_pruned_rows_total',
      help: 'Rows deleted by the retention pruner: published outbox rows, inbox rows and published dead letters',
      labelNames: ['table'],
      registers,
    });
    this.failures = new Counter({ name: 'icjims_retention_prune_failures_total', help: 'Retention passes that failed (retried at the next pass)', registers });
    this.lastPass = new Gauge({ name: 'icjims_retention_last_pass_timestamp_seconds', help: 'When the last retention pass finished', registers });
  }

  /** A pass every interval, the first one interval after the start (a start is busy enough). */
  start(): void {
    this.stopped = false;
    this.schedule(this.settings.intervalSeconds * 1000);
  }

  /** No further passes; waits for the one in hand (which stops after its current batch). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.pass = this.prune()
        .catch(() => undefined)
        .finally(() => {
          if (!this.stopped) this.schedule(this.settings.intervalSeconds * 1000);
        });
    }, delayMs).unref();
  }

  /** One pass over the three kinds of rows; throws (after counting the failure) if the database fails. */
  async prune(): Promise<PrunedCounts> {
    const outbox = this.dataSource.getMetadata(OutboxMessage).tablePath;
    const inbox = this.dataSource.getMetadata(InboxEntry).tablePath;
    try {
      const counts: PrunedCounts = {
        outbox: await this.deleteInBatches(
          outbox,
          `published_at < now() - make_interval(secs => $1) AND event_type <> 'dead-letter'`,
          this.settings.outboxDays,
        ),
        inbox: await this.deleteInBatches(inbox, `processed_at < now() - make_interval(secs => $1)`, this.settings.inboxDays),
        deadLetters: await this.deleteInBatches(
          outbox,
          `published_at < now() - make_interval(secs => $1) AND event_type = 'dead-letter'`,
          this.settings.deadLetterDays,
        ),
      };
      this.pruned.inc({ table: 'outbox' }, counts.outbox);
      this.pruned.inc({ table: 'inbox' }, counts.inbox);
      this.pruned.inc({ table: 'dead-letter' }, counts.deadLetters);
      this.lastPass.setToCurrentTime();
      const total = counts.outbox + counts.inbox + counts.deadLetters;
      this.logger[total > 0 ? 'info' : 'debug']({ pruned: counts }, 'messaging rows past their retention pruned');
      return counts;
    } catch (error) {
      this.failures.inc();
      this.logger.warn({ err: error }, 'retention pass failed; will try again at the next one');
      throw error;
    }
  }

  /** Deletes the rows matching `condition` (given the period in seconds as $1), `batchSize` at a time; returns how many. */
  private async deleteInBatches(table: string, condition: string, days: number): Promise<number> {
    let total = 0;
    for (;;) {
      // ctid = ANY(ARRAY(…)) is a TID scan: the batch is deleted where it was found.
      const [, deleted]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM ${table} WHERE ${condition} LIMIT $2 FOR UPDATE SKIP LOCKED))`,
        [days * SECONDS_PER_DAY, this.settings.batchSize],
      );
      total += deleted;
      if (deleted < this.settings.batchSize || this.stopped) return total;
    }
  }
}
