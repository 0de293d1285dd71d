import { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { CloudEvent, parseCloudEvent, validateEventData } from '@icjims/contracts';
import { withCorrelationId, withEventSpan } from '@icjims/observability';
import { EventHandler } from '../consumer/event-handler';
import { InboxEntry } from '../consumer/inbox-entry.entity';
import { OutboxMessage } from '../outbox/outbox-message.entity';

/** Where the replayer finds a type's handler: the service's EventConsumer. */
export interface HandlerLookup {
  /** The consuming service, whose consumer span a replay runs in. */
  readonly service: string;
  handlerFor(type: string): EventHandler | undefined;
}

export interface DeadLetterReplayerOptions {
  /** How often the service looks for replay requests (default 5 s: an index scan of its open dead letters). */
  pollIntervalMs?: number;
}

/** What one replay came to. */
type ReplayOutcome = 'applied' | 'already-applied';

/**
 * Re-delivers the dead letters an operator asked to replay (`npm run dead-letters -- replay`
 * marks them in the service's own outbox, where the consumer put them). The service itself
 * does it, in the background, so the command needs only the database — not the bus nor the
 * process, wherever the service runs. Each request is handled in one transaction through the
 * same handlers and inbox as a first delivery: the inbox row the dead-lettering left is turned
 * to `processed` and the handler applies the event, or, if the inbox already says processed,
 * nothing is applied; the dead letter is marked replayed either way. A replay that fails again
 * leaves the dead letter open, with the error, and its request cleared, to be asked again once
 * fixed. Several instances of a service share the work (SKIP LOCKED).
 */
export class DeadLetterReplayer {
  private readonly pollIntervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly handlers: HandlerLookup,
    private readonly logger: Logger,
    options: DeadLetterReplayerOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
  }

  /** Looks for requests every interval. */
  start(): void {
    this.stopping = false;
    this.schedule();
  }

  /** No further passes; waits for the one in hand. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  /** One pass: every dead letter waiting for replay, one transaction each. Returns how many were done with. */
  async replayRequested(): Promise<number> {
    let done = 0;
    while (!this.stopping) {
      const result = await this.replayNext();
      if (result === 'none') break;
      done++;
    }
    return done;
  }

  private schedule(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.pass = this.replayRequested()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'dead-letter replay pass failed; retried at the next pass'))
        .finally(() => this.schedule());
    }, this.pollIntervalMs);
    this.timer.unref();
  }

  /** The oldest requested dead letter no other instance holds, replayed; 'none' when there is none. */
  private async replayNext(): Promise<ReplayOutcome | 'failed' | 'none'> {
    const outbox = this.dataSource.getMetadata(OutboxMessage).tablePath;
    let claimed: { position: string; id: string } | undefined;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [row]: { position: string; event_id: string; value: string }[] = await manager.query(
          `SELECT position, event_id, value FROM ${outbox}
            WHERE event_type = 'dead-letter' AND replayed_at IS NULL AND replay_requested_at IS NOT NULL
            ORDER BY position LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        if (!row) return 'none';
        claimed = { position: row.position, id: row.event_id };
        const outcome = await this.redeliver(row.value, manager);
        await manager.query(`UPDATE ${outbox} SET replayed_at = now(), replay_outcome = $2, replay_error = NULL WHERE position = $1`, [row.position, outcome]);
        this.logger.info({ deadLetterId: row.event_id, outcome }, 'dead letter replayed');
        return outcome;
      });
    } catch (error) {
      if (!claimed) throw error; // the database itself: the next pass tries again
      const reason = error instanceof Error ? error.message : String(error);
      // Left open with why; the request is cleared so that a fixed handler is asked for again, not retried in a loop.
      await this.dataSource.query(
        `UPDATE ${outbox} SET replay_requested_at = NULL, replay_outcome = 'failed', replay_error = $2 WHERE position = $1 AND replayed_at IS NULL`,
        [claimed.position, reason.slice(0, 500)],
      );
      this.logger.error({ deadLetterId: claimed.id, reason }, 'dead letter replay failed; it stays a dead letter');
      return 'failed';
    }
  }

  /** The message through its handler and the inbox, as the consumer would have applied it. */
  private async redeliver(value: string, manager: EntityManager): Promise<ReplayOutcome> {
    const event = parseCloudEvent(value);
    const handler = this.handlers.handlerFor(event.type);
    if (!handler) throw new Error(`this service has no handler for ${event.type}`);
    const valid: CloudEvent<object> = validateEventData(handler.event, event);
    const inbox = manager.connection.getMetadata(InboxEntry).tablePath;
    // Claimed when not in the inbox yet or only as dead-lettered; an event processed since is not applied again.
    const claimed: unknown[] = await manager.query(
      `INSERT INTO ${inbox} (event_id, event_type, outcome) VALUES ($1, $2, 'processed')
       ON CONFLICT (event_id) DO UPDATE SET outcome = 'processed', processed_at = now() WHERE ${inbox}.outcome = 'dead-lettered'
       RETURNING event_id`,
      [valid.id, valid.type],
    );
    if (claimed.length === 0) return 'already-applied';
    // In a consumer span, a child of the span that recorded the event, as a first delivery's would be.
    const apply = () => withEventSpan(this.handlers.service, [valid], () => (handler.handleBatch ? handler.handleBatch([valid], manager) : handler.handle(valid, manager)));
    await (valid.correlationid ? withCorrelationId(valid.correlationid, apply) : apply());
    return 'applied';
  }
}
