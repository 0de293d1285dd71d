import { randomUUID } from 'node:crypto';
import { EntityManager, QueryRunner } from 'typeorm';
import { checkEventData, CloudEvent, EventDefinition, ServiceName, deadLetterTopic, eventTopic, newCloudEvent } from '@icjims/contracts';
import { currentCorrelationId, currentTracing } from '@icjims/observability';
import { sendWithNext, statementName } from '@icjims/persistence';
import { OutboxMessage } from './outbox-message.entity';

const RECORDED_TYPES = 'icjims.recordedEventTypes';
const PENDING_ROWS = 'icjims.pendingOutboxRows';

/** An outbox row not yet written. */
interface PendingRow {
  eventId: string;
  eventType: string;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

const CLOUDEVENT_HEADERS = { 'content-type': 'application/cloudevents+json; charset=utf-8' };

/** The event types recorded so far in the transaction of `manager` (empty outside one), so that its commit nudges only the relay lanes concerned. */
export function recordedEventTypes(manager: EntityManager): ReadonlySet<string> {
  return (manager.queryRunner?.data as Record<string, Set<string>> | undefined)?.[RECORDED_TYPES] ?? new Set();
}

/**
 * Appends events to the service's outbox inside the caller's transaction. Within a
 * transaction the rows are held back and written together, in one INSERT, just before it
 * commits (or before a savepoint begins or is released, so a savepoint's rollback drops only
 * its own); outside one, each is written at once.
 */
export class EventOutbox {
  constructor(private readonly service: ServiceName) {}

  /**
   * Builds the CloudEvent and stores it with the change being committed by `manager`. Data
   * that breaks its contract throws EventSchemaError, so the change is rolled back rather than
   * committed with an event its consumers would dead-letter.
   */
  async record<T extends object>(
    manager: EntityManager,
    definition: EventDefinition<T>,
    subject: string,
    data: T,
  ): Promise<CloudEvent<T>> {
    if (definition.service !== this.service) {
      throw new Error(`${this.service} cannot emit ${definition.type}: events belong to their producing service`);
    }
    // The active span (the request's, or the consumer's of the event that caused this one) as its traceparent.
    const event = newCloudEvent(definition, subject, data, currentCorrelationId() ?? randomUUID(), currentTracing());
    checkEventData(definition, event.data);
    const row: PendingRow = { eventId: event.id, eventType: event.type, topic: eventTopic(this.service), key: subject, value: JSON.stringify(event), headers: CLOUDEVENT_HEADERS };
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) {
      pendingRows(runner).push(row);
      const shared = runner.data as Record<string, Set<string>>;
      (shared[RECORDED_TYPES] ??= new Set()).add(event.type);
    } else {
      await insertRows(manager, [row]);
    }
    return event;
  }

  /** Writes now the rows the transaction of `manager` holds back (they are written before it commits anyway). */
  async flush(manager: EntityManager): Promise<void> {
    const pending = (manager.queryRunner?.data as Record<string, PendingRow[] | undefined> | undefined)?.[PENDING_ROWS];
    if (pending?.length) await insertRows(manager, pending.splice(0));
  }

  /** Stores an unprocessable message for the dead-letter topic, with why. */
  async deadLetter(
    manager: EntityManager,
    message: { topic: string; key: string; value: string; headers: Record<string, string> },
    reason: string,
  ): Promise<void> {
    await manager.insert(OutboxMessage, {
      eventId: randomUUID(),
      eventType: 'dead-letter',
      topic: deadLetterTopic(this.service),
      key: message.key,
      value: message.value,
      headers: {
        ...message.headers,
        'x-dead-letter-reason': reason.slice(0, 500),
        'x-dead-letter-source-topic': message.topic,
        'x-dead-letter-consumer': this.service,
        'x-dead-letter-at': new Date().toISOString(),
      },
    });
  }
}

/**
 * The rows held back in the transaction of `runner`. The first call hooks the runner so that
 * they are written before it commits, releases or opens a savepoint, and dropped when it (or
 * the innermost savepoint) rolls back: what is pending then was recorded since the last such
 * boundary, so inside what is rolled back. Their INSERT is handed to persistence's sendWithNext:
 * at the transaction's COMMIT it goes in the COMMIT's message, no round trip of its own.
 */
function pendingRows(runner: QueryRunner): PendingRow[] {
  const shared = runner.data as Record<string, PendingRow[] | undefined>;
  const existing = shared[PENDING_ROWS];
  if (existing) return existing;
  const pending: PendingRow[] = [];
  shared[PENDING_ROWS] = pending;
  const sendPending = async () => {
    if (!pending.length) return;
    const [text, values] = insertStatement(runner.manager, pending.splice(0));
    // Prepared once per connection: its text is the same for any number of rows, and planning took a quarter of its time.
    await sendWithNext(runner.manager, text, values, statementName('outbox-insert', text));
  };
  const { commitTransaction, startTransaction, rollbackTransaction } = runner;
  runner.commitTransaction = async () => {
    await sendPending();
    return commitTransaction.call(runner);
  };
  runner.startTransaction = async (isolation) => {
    if (runner.isTransactionActive) await sendPending();
    return startTransaction.call(runner, isolation);
  };
  runner.rollbackTransaction = async () => {
    pending.splice(0);
    return rollbackTransaction.call(runner);
  };
  return pending;
}

/** One INSERT for all the rows, in their order (their positions follow it): its SQL and parameters. */
function insertStatement(manager: EntityManager, rows: readonly PendingRow[]): [string, unknown[]] {
  const table = manager.connection.getMetadata(OutboxMessage).tablePath;
  const column = <K extends keyof PendingRow>(key: K) => rows.map((row) => row[key]);
  return [
    `INSERT INTO ${table} (event_id, event_type, topic, message_key, value, headers)
     SELECT event_id, event_type, topic, message_key, value, headers
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) WITH ORDINALITY
         AS pending (event_id, event_type, topic, message_key, value, headers, ord)
      ORDER BY ord`,
    [column('eventId'), column('eventType'), column('topic'), column('key'), column('value'), rows.map((row) => JSON.stringify(row.headers))],
  ];
}

/** Writes the rows now. */
async function insertRows(manager: EntityManager, rows: readonly PendingRow[]): Promise<void> {
  await manager.query(...insertStatement(manager, rows));
}
