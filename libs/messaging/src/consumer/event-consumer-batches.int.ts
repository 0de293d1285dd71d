import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { CaseJoined, CaseJoinedV1, CaseRegistered, CaseRegisteredV1, CaseTransferred, CaseTransferredV1, CloudEvent, EventDefinition } from '@icjims/contracts';
import { currentCorrelationId, ServiceMetrics } from '@icjims/observability';
import { InProcessBus } from '../bus/in-process-bus';
import { caseRegisteredEvent, messageOf, migratedTestDatabase } from '../messaging.fixtures';
import { EventOutbox } from '../outbox/event-outbox';
import { EventConsumer } from './event-consumer';
import { EventHandler } from './event-handler';

/** What the test consumer keeps: every event it applied, in the order applied, and how. */
class CaseJournal1700000000002 implements MigrationInterface {
  name = 'CaseJournal1700000000002';
  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE case_journal (position serial PRIMARY KEY, case_id uuid NOT NULL, event_id text NOT NULL, applied_by text NOT NULL)`);
  }
  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE case_journal');
  }
}

/** Calls of handleBatch, by event ids; shared by every subclass, as one abstract handler's state would be. */
const batchCalls: string[][] = [];
/** Event ids whose handling throws, in a batch or alone. */
const poison = new Set<string>();
/** The correlation id each handler call ran under. */
const correlationIds: (string | undefined)[] = [];

/** One handleBatch for several event types: one multi-row insert per call. */
abstract class JournalEntries<T extends { caseId: string }> implements EventHandler<T> {
  abstract readonly event: EventDefinition<T>;

  async handle(event: CloudEvent<T>, manager: EntityManager): Promise<void> {
    return this.handleBatch([event], manager);
  }

  async handleBatch(events: CloudEvent<T>[], manager: EntityManager): Promise<void> {
    batchCalls.push(events.map((event) => event.id));
    correlationIds.push(currentCorrelationId());
    const bad = events.find((event) => poison.has(event.id));
    if (bad) throw new Error(`journal refuses event ${bad.id}`);
    await manager.query(
      `INSERT INTO case_journal (case_id, event_id, applied_by) SELECT case_id, event_id, 'batch' FROM unnest($1::uuid[], $2::text[]) AS e(case_id, event_id)`,
      [events.map((event) => event.data.caseId), events.map((event) => event.id)],
    );
  }
}

class RegisteredEntries extends JournalEntries<CaseRegisteredV1> {
  readonly event = CaseRegistered;
}

class TransferredEntries extends JournalEntries<CaseTransferredV1> {
  readonly event = CaseTransferred;
}

/** A handler without handleBatch: its events go to handle() one by one, in between. */
class JoinedEntry implements EventHandler<CaseJoinedV1> {
  readonly event = CaseJoined;
  async handle(event: CloudEvent<CaseJoinedV1>, manager: EntityManager): Promise<void> {
    correlationIds.push(currentCorrelationId());
    if (poison.has(event.id)) throw new Error(`joined entry refuses event ${event.id}`);
    await manager.query(`INSERT INTO case_journal (case_id, event_id, applied_by) VALUES ($1, $2, 'single')`, [event.data.caseId, event.id]);
  }
}

function registered(caseId: string): CloudEvent<unknown> {
  return caseRegisteredEvent({ caseId });
}

function transferred(caseId: string): CloudEvent<unknown> {
  return caseRegisteredEvent(
    {},
    { type: CaseTransferred.type, subject: caseId, data: { caseId, fromRegion: 'KG-GB', toRegion: 'KG-C' } satisfies CaseTransferredV1 },
  );
}

function joined(caseId: string): CloudEvent<unknown> {
  return caseRegisteredEvent({}, { type: CaseJoined.type, subject: caseId, data: { caseId, region: 'KG-GB', intoCaseId: randomUUID() } satisfies CaseJoinedV1 });
}

describe('EventConsumer applying batches', () => {
  const logger = pino({ level: 'silent' });
  let dataSource: DataSource;
  let bus: InProcessBus;
  let consumer: EventConsumer;

  beforeAll(async () => {
    dataSource = await migratedTestDatabase('event_consumer_batches', 'batch_test', [CaseJournal1700000000002]);
  });
  afterAll(() => dataSource?.destroy());

  beforeEach(async () => {
    await dataSource.query('DELETE FROM outbox; DELETE FROM inbox; DELETE FROM case_journal');
    batchCalls.length = 0;
    correlationIds.length = 0;
    poison.clear();
    bus = new InProcessBus();
    consumer = new EventConsumer('analytics', dataSource, bus, new EventOutbox('analytics'), logger, new ServiceMetrics('analytics'), {
      maxAttempts: 2,
      retryDelayMs: 5,
    });
    await consumer.start([messageOf(registered(randomUUID())).topic], [new RegisteredEntries(), new TransferredEntries(), new JoinedEntry()]);
  });
  afterEach(async () => {
    await consumer.stop();
    await bus.close();
  });

  async function journal(): Promise<{ event_id: string; applied_by: string }[]> {
    return dataSource.query('SELECT event_id, applied_by FROM case_journal ORDER BY position');
  }

  async function inbox(): Promise<Record<string, string>> {
    const rows: { event_id: string; outcome: string }[] = await dataSource.query('SELECT event_id, outcome FROM inbox');
    return Object.fromEntries(rows.map((row) => [row.event_id, row.outcome]));
  }

  async function deadLetterReasons(): Promise<string[]> {
    const rows: { reason: string }[] = await dataSource.query(
      `SELECT headers->>'x-dead-letter-reason' AS reason FROM outbox WHERE event_type = 'dead-letter' ORDER BY position`,
    );
    return rows.map((row) => row.reason);
  }

  it('applies each event once across overlapping redeliveries of a batch', async () => {
    const caseId = randomUUID();
    const [a, b, c, d] = [registered(caseId), transferred(caseId), joined(caseId), transferred(caseId)];

    await bus.publish([a, b, c].map(messageOf));
    await bus.publish([b, c, d, a].map(messageOf));
    await bus.publish([d, d].map(messageOf));

    expect(await journal()).toEqual([
      { event_id: a.id, applied_by: 'batch' },
      { event_id: b.id, applied_by: 'batch' },
      { event_id: c.id, applied_by: 'single' },
      { event_id: d.id, applied_by: 'batch' },
    ]);
    expect(Object.keys(await inbox())).toHaveLength(4);
  });

  it('keeps each case’s order, giving consecutive events of handlers that share handleBatch to one call', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const events = [registered(first), transferred(first), registered(second), joined(first), transferred(second), transferred(first), joined(second)];

    await bus.publish(events.map(messageOf));

    expect((await journal()).map((row) => row.event_id)).toEqual(events.map((event) => event.id));
    expect(batchCalls).toEqual([
      [events[0].id, events[1].id, events[2].id],
      [events[4].id, events[5].id],
    ]);
  });

  it('runs handle() under each event’s correlation id, and handleBatch under one only when its events share it', async () => {
    const caseId = randomUUID();
    const withId = (event: CloudEvent<unknown>, correlationid: string) => ({ ...event, correlationid });
    const events = [
      withId(registered(caseId), 'request-a'),
      withId(transferred(caseId), 'request-a'),
      withId(joined(caseId), 'request-b'),
      withId(registered(randomUUID()), 'request-c'),
      withId(transferred(caseId), 'request-d'),
    ];

    await bus.publish(events.map(messageOf));

    expect(correlationIds).toEqual(['request-a', 'request-b', undefined]);
  });

  it('dead-letters a poison event in the middle of a batch, with its reason, and applies the others', async () => {
    const caseId = randomUUID();
    const events = [registered(caseId), transferred(caseId), joined(caseId), transferred(caseId), registered(randomUUID())];
    poison.add(events[1].id);

    await bus.publish(events.map(messageOf));

    expect((await journal()).map((row) => row.event_id)).toEqual([events[0].id, events[2].id, events[3].id, events[4].id]);
    expect(await deadLetterReasons()).toEqual([`journal refuses event ${events[1].id}`]);
    expect(await inbox()).toEqual({
      [events[0].id]: 'processed',
      [events[1].id]: 'dead-lettered',
      [events[2].id]: 'processed',
      [events[3].id]: 'processed',
      [events[4].id]: 'processed',
    });
  });

  it('dead-letters a poison event of a handler without handleBatch in the middle of a batch', async () => {
    const caseId = randomUUID();
    const events = [registered(caseId), joined(caseId), transferred(caseId)];
    poison.add(events[1].id);

    await bus.publish(events.map(messageOf));

    expect((await journal()).map((row) => row.event_id)).toEqual([events[0].id, events[2].id]);
    expect(await deadLetterReasons()).toEqual([`joined entry refuses event ${events[1].id}`]);
  });

  it('applies a batch in one transaction of two round trips, whatever its size', async () => {
    const query = jest.spyOn(Client.prototype, 'query');
    try {
      const caseId = randomUUID();
      const events = Array.from({ length: 50 }, (_, index) => (index % 2 ? transferred(caseId) : registered(caseId)));

      await bus.publish(events.map(messageOf));

      // The START, the inbox insert and the insert of handleBatch in one message; COMMIT.
      expect(query).toHaveBeenCalledTimes(2);
    } finally {
      query.mockRestore();
    }
    expect(await journal()).toHaveLength(50);
  });

  it('drops a fully redelivered batch: the inbox refuses it, then claims none of it', async () => {
    const events = Array.from({ length: 20 }, () => registered(randomUUID()));
    await bus.publish(events.map(messageOf));

    const query = jest.spyOn(Client.prototype, 'query');
    try {
      await bus.publish(events.map(messageOf));
      // The START, the inbox insert and handleBatch's insert, refused by the inbox; ROLLBACK; the START with the
      // inbox insert that skips claimed ids (it claims none); COMMIT.
      expect(query).toHaveBeenCalledTimes(4);
    } finally {
      query.mockRestore();
    }
    expect(await journal()).toHaveLength(20);
    expect(batchCalls).toHaveLength(2); // the redelivery's ran, and was rolled back
  });
});
