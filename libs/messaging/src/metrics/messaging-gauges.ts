import { DataSource } from 'typeorm';
import { OutboxMessage } from '../outbox/outbox-message.entity';

/** What the outbox says about a service's messaging, read in one round trip. */
export interface MessagingGauges {
  /** Rows not yet published (dead letters included). */
  unpublished: number;
  /** Age of the oldest of them; 0 when there is none. */
  oldestUnpublishedAgeSeconds: number;
  /** Dead letters not replayed (published or not): what operators still have to look at. */
  deadLetters: number;
}

/**
 * Reads the outbox gauges. Each part is an index scan — the unpublished rows through
 * `outbox_unpublished`, the open dead letters through `outbox_dead_letters_open` — never a scan of the
 * published history, so a background refresh costs little however large the outbox grows.
 */
export async function readMessagingGauges(dataSource: DataSource): Promise<MessagingGauges> {
  const table = dataSource.getMetadata(OutboxMessage).tablePath;
  const [row]: { unpublished: string; oldest_age: number | null; dead_letters: string }[] = await dataSource.query(
    `SELECT (SELECT count(*) FROM ${table} WHERE published_at IS NULL) AS unpublished,
            (SELECT extract(epoch FROM clock_timestamp() - min(created_at))::float8 FROM ${table} WHERE published_at IS NULL) AS oldest_age,
            (SELECT count(*) FROM ${table} WHERE event_type = 'dead-letter' AND replayed_at IS NULL) AS dead_letters`,
  );
  return {
    unpublished: Number(row.unpublished),
    oldestUnpublishedAgeSeconds: Math.max(0, row.oldest_age ?? 0),
    deadLetters: Number(row.dead_letters),
  };
}
