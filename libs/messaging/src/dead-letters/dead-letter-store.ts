import { DataSource } from 'typeorm';
import { OutboxMessage } from '../outbox/outbox-message.entity';

/** A dead letter as an operator sees it: what failed, why, and what became of its replay. */
export interface DeadLetterEntry {
  /** The dead letter's own id (its outbox row's event id), which `replay --id` takes. */
  id: string;
  /** The service (consumer group) that could not process the message. */
  consumer: string;
  sourceTopic: string;
  /** The failed event's id and type, when the message was a CloudEvent at all. */
  eventId: string | null;
  eventType: string | null;
  reason: string;
  deadLetteredAt: Date;
  replayRequestedAt: Date | null;
  replayRequestedBy: string | null;
  replayedAt: Date | null;
  replayOutcome: 'applied' | 'already-applied' | 'failed' | null;
  /** Why the last replay failed (the dead letter stays open). */
  replayError: string | null;
}

interface DeadLetterRow {
  event_id: string;
  value: string;
  headers: Record<string, string>;
  created_at: Date;
  replay_requested_at: Date | null;
  replay_requested_by: string | null;
  replayed_at: Date | null;
  replay_outcome: DeadLetterEntry['replayOutcome'];
  replay_error: string | null;
}

/** The service's dead letters in the order they came, the open ones only unless `includeReplayed`. */
export async function listDeadLetters(dataSource: DataSource, options: { includeReplayed?: boolean } = {}): Promise<DeadLetterEntry[]> {
  const table = dataSource.getMetadata(OutboxMessage).tablePath;
  const rows: DeadLetterRow[] = await dataSource.query(
    `SELECT event_id, value, headers, created_at, replay_requested_at, replay_requested_by, replayed_at, replay_outcome, replay_error
       FROM ${table} WHERE event_type = 'dead-letter' AND ($1 OR replayed_at IS NULL) ORDER BY position`,
    [options.includeReplayed ?? false],
  );
  return rows.map((row) => ({
    id: row.event_id,
    consumer: row.headers['x-dead-letter-consumer'] ?? '',
    sourceTopic: row.headers['x-dead-letter-source-topic'] ?? '',
    ...failedEvent(row.value),
    reason: row.headers['x-dead-letter-reason'] ?? '',
    deadLetteredAt: row.created_at,
    replayRequestedAt: row.replay_requested_at,
    replayRequestedBy: row.replay_requested_by,
    replayedAt: row.replayed_at,
    replayOutcome: row.replay_outcome,
    replayError: row.replay_error,
  }));
}

/**
 * Asks the service to re-deliver dead letters — the given ids, or every open one — by marking
 * them; the service's DeadLetterReplayer does the re-delivery. Dead letters already replayed or
 * already waiting for it are left as they are, so asking twice replays once. Returns the ids marked.
 */
export async function requestDeadLetterReplay(
  dataSource: DataSource,
  selection: { ids: readonly string[] } | { all: true },
  requestedBy: string,
): Promise<string[]> {
  const table = dataSource.getMetadata(OutboxMessage).tablePath;
  const ids = 'ids' in selection ? [...selection.ids] : null;
  // TypeORM answers an UPDATE with [rows, count].
  const [rows]: [{ event_id: string }[], number] = await dataSource.query(
    `UPDATE ${table} SET replay_requested_at = now(), replay_requested_by = $2
      WHERE event_type = 'dead-letter' AND replayed_at IS NULL AND replay_requested_at IS NULL
        AND ($1::uuid[] IS NULL OR event_id = ANY($1::uuid[]))
      RETURNING event_id`,
    [ids, requestedBy],
  );
  return rows.map((row) => row.event_id);
}

/** The id and type of the event a dead letter carries, if it is one. */
function failedEvent(value: string): { eventId: string | null; eventType: string | null } {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object') {
      const { id, type } = parsed as Record<string, unknown>;
      return { eventId: typeof id === 'string' ? id : null, eventType: typeof type === 'string' ? type : null };
    }
  } catch {
    // not JSON: the reason says so
  }
  return { eventId: null, eventType: null };
}
