import pino from 'pino';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { AccessRecorded, CaseRegistered, CaseRegisteredV1, CloudEvent, StepRecorded } from '@icjims/contracts';
import { currentCorrelationId, ServiceMetrics } from '@icjims/observability';
import { InProcessBus } from '../bus/in-process-bus';
import { EventOutbox } from '../outbox/event-outbox';
import { EventConsumer } from './event-consumer';
import { EventHandler, UnprocessableEventError } from './event-handler';
import { accessRecordedData, CASE_TOPIC, caseRegisteredEvent, messageOf, migratedTestDatabase, rawMessage } from '../messaging.fixtures';

/** The test consumer's own table: services get theirs from migrations, as their database role may not create tables. */
class RegisteredCases1700000000001 implements MigrationInterface {
  name = 'RegisteredCases1700000000001';
  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE TABLE registered_cases (case_id uuid NOT NULL, event_id text NOT NULL)');
  }
  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE registered_cases');
  }
}

type Behaviour = (attempt: number) => void;

/** Counts registered cases in a table of the consuming service; can be told to fail. */
class RegisteredCasesTally implements EventHandler<CaseRegisteredV1> {
  readonly event = CaseRegistered;
  attempts = 0;
  correlationIds: (string | undefined)[] = [];
  behaviour: Behaviour = () => undefined;
  /** Whether a failure of its write is thrown as an error of its own, which does not say why. */
  hidesDatabaseErrors = false;

  async handle(event: CloudEvent<CaseRegisteredV1>, manager: EntityManager): Promise<void> {
    this.attempts++;
    this.correlationIds.push(currentCorrelationId());
    try {
      await manager.query('INSERT INTO registered_cases (case_id, event_id) VALUES ($1, $2)', [event.data.caseId, event.id]);
    } catch (error) {
      if (this.hidesDatabaseErrors) throw new Error('could not count the case');
      throw error;
    }
    this.behaviour(this.attempts); // after the write: a failure must undo it
  }
}

interface DeadLetter {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

describe('EventConsumer on PostgreSQL', () => {
  const logger = pino({ level: 'silent' });
  let dataSource: DataSource;
  let bus: InProcessBus;
  let consumer: EventConsumer;
  let tally: RegisteredCasesTally;

  beforeAll(async () => {
    dataSource = await migratedTestDatabase('event_consumer', 'consumer_test', [RegisteredCases1700000000001]);
  });
  afterAll(() => dataSource?.destroy());

  beforeEach(async () => {
    await dataSource.query('DELETE FROM outbox; DELETE FROM inbox; DELETE FROM registered_cases');
    bus = new InProcessBus();
    tally = new RegisteredCasesTally();
    consumer = new EventConsumer('analytics', dataSource, bus, new EventOutbox('analytics'), logger, new ServiceMetrics('analytics'), {
      maxAttempts: 3,
      retryDelayMs: 5,
    });
    await consumer.start([CASE_TOPIC], [tally]);
  });
  afterEach(async () => {
    await consumer.stop();
    await bus.close();
  });

  async function effects(): Promise<{ case_id: string; event_id: string }[]> {
    return dataSource.query('SELECT case_id, event_id FROM registered_cases');
  }

  async function inbox(): Promise<{ event_id: string; outcome: string }[]> {
    return dataSource.query('SELECT event_id, outcome FROM inbox');
  }

  async function deadLetters(): Promise<DeadLetter[]> {
    return dataSource.query(`SELECT topic, message_key AS key, value, headers FROM outbox WHERE event_type = 'dead-letter' ORDER BY position`);
  }

  it('applies an event once even when it is delivered twice', async () => {
    const event = caseRegisteredEvent();

    await bus.publish([messageOf(event)]);
    await bus.publish([messageOf(event)]);

    await expect(effects()).resolves.toHaveLength(1);
    // The redelivery's handler ran with the inbox insert, which refused the id: its transaction rolled back.
    expect(tally.attempts).toBe(2);
    await expect(inbox()).resolves.toEqual([{ event_id: event.id, outcome: 'processed' }]);
  });

  it('applies an event once when its handler hides the inbox’s refusal of a redelivery in an error of its own', async () => {
    tally.hidesDatabaseErrors = true;
    const event = caseRegisteredEvent();

    await bus.publish([messageOf(event)]);
    await bus.publish([messageOf(event)]);

    // The redelivery's first attempt fails with the handler's error; its retry answers the inbox insert first and drops it.
    expect(tally.attempts).toBe(2);
    await expect(effects()).resolves.toHaveLength(1);
    await expect(deadLetters()).resolves.toEqual([]);
    await expect(inbox()).resolves.toEqual([{ event_id: event.id, outcome: 'processed' }]);
  });

  it('applies an event once when two deliveries of it race', async () => {
    const event = caseRegisteredEvent();

    await Promise.all([consumer.receive(messageOf(event)), consumer.receive(messageOf(event))]);

    await expect(effects()).resolves.toHaveLength(1);
  });

  it('runs the handler under the event’s correlation id', async () => {
    const event = caseRegisteredEvent({}, { correlationid: 'req-42' });
    await bus.publish([messageOf(event)]);
    expect(tally.correlationIds).toEqual(['req-42']);
  });

  it('dead-letters a message that is not JSON, with the reason, and goes on with the next event', async () => {
    const poison = rawMessage('{"specversion": "1.0", "id": ');
    const next = caseRegisteredEvent();

    await bus.publish([poison, messageOf(next)]);

    const [letter, ...others] = await deadLetters();
    expect(others).toEqual([]);
    expect(letter).toMatchObject({ topic: 'icjims.analytics.dead-letter', key: 'case-key', value: poison.value });
    expect(letter.headers).toMatchObject({
      'x-dead-letter-reason': 'message is not JSON',
      'x-dead-letter-source-topic': CASE_TOPIC,
      'x-dead-letter-consumer': 'analytics',
      'x-dead-letter-at': expect.any(String),
    });
    await expect(effects()).resolves.toEqual([{ case_id: (next.data as CaseRegisteredV1).caseId, event_id: next.id }]);
  });

  it('dead-letters an invalid CloudEvent envelope, naming what is wrong, and goes on', async () => {
    const badEnvelope = caseRegisteredEvent({}, { specversion: '0.3' as '1.0', subject: '' });
    const next = caseRegisteredEvent();

    await bus.publish([messageOf(badEnvelope), messageOf(next)]);

    const [letter] = await deadLetters();
    expect(letter.headers['x-dead-letter-reason']).toMatch(/specversion/);
    expect(letter.headers['x-dead-letter-reason']).toMatch(/subject/);
    await expect(effects()).resolves.toHaveLength(1);
  });

  it('dead-letters an event whose data breaks its schema, records it in the inbox, and goes on', async () => {
    const invalid = caseRegisteredEvent({ caseId: 'not-a-uuid', offence: { article: '209-1', iccsCode: 'x', severity: 'minor' } });
    const next = caseRegisteredEvent();

    await bus.publish([messageOf(invalid), messageOf(next)]);

    const letters = await deadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0].value).toBe(JSON.stringify(invalid));
    expect(letters[0].headers['x-dead-letter-reason']).toMatch(/caseId/);
    expect(letters[0].headers['x-dead-letter-reason']).toMatch(/offence\.iccsCode/);
    await expect(inbox()).resolves.toEqual(
      expect.arrayContaining([
        { event_id: invalid.id, outcome: 'dead-lettered' },
        { event_id: next.id, outcome: 'processed' },
      ]),
    );
    expect(tally.attempts).toBe(1);
  });

  it('dead-letters a redelivered invalid event only once', async () => {
    const invalid = caseRegisteredEvent({ caseId: 'not-a-uuid' });

    await bus.publish([messageOf(invalid)]);
    await bus.publish([messageOf(invalid)]);

    await expect(deadLetters()).resolves.toHaveLength(1);
  });

  it('dead-letters at once an event the handler declares unprocessable, undoing its writes', async () => {
    tally.behaviour = () => {
      throw new UnprocessableEventError('offence 0502 is unknown to analytics');
    };
    const event = caseRegisteredEvent();

    await bus.publish([messageOf(event)]);

    expect(tally.attempts).toBe(1);
    await expect(effects()).resolves.toEqual([]);
    const [letter] = await deadLetters();
    expect(letter.headers['x-dead-letter-reason']).toBe('offence 0502 is unknown to analytics');
    await expect(inbox()).resolves.toEqual([{ event_id: event.id, outcome: 'dead-lettered' }]);
  });

  it('retries a handler that fails twice and applies the event once when it then succeeds', async () => {
    tally.behaviour = (attempt) => {
      if (attempt <= 2) throw new Error('serialization failure, try again');
    };
    const event = caseRegisteredEvent();

    await bus.publish([messageOf(event)]);

    expect(tally.attempts).toBe(3);
    await expect(effects()).resolves.toHaveLength(1);
    await expect(deadLetters()).resolves.toEqual([]);
    await expect(inbox()).resolves.toEqual([{ event_id: event.id, outcome: 'processed' }]);
  });

  it('dead-letters an event whose handler keeps failing after the last attempt', async () => {
    tally.behaviour = () => {
      throw new Error('division by zero in indicator');
    };
    const event = caseRegisteredEvent();

    await bus.publish([messageOf(event)]);

    expect(tally.attempts).toBe(3);
    await expect(effects()).resolves.toEqual([]);
    const [letter] = await deadLetters();
    expect(letter.headers['x-dead-letter-reason']).toBe('division by zero in indicator');
  });

  it('ignores event types it has no handler for', async () => {
    const other = caseRegisteredEvent({}, { type: StepRecorded.type, source: '/icjims/procedural-steps' });

    await bus.publish([messageOf(other)]);

    await expect(effects()).resolves.toEqual([]);
    await expect(inbox()).resolves.toEqual([]);
    await expect(deadLetters()).resolves.toEqual([]);
  });

  it('ignores a later version of a type it handles', async () => {
    const future = caseRegisteredEvent({}, { type: 'icjims.case-registry.case.registered.v2' });

    await bus.publish([messageOf(future)]);

    await expect(effects()).resolves.toEqual([]);
    await expect(deadLetters()).resolves.toEqual([]);
  });

  it('stops receiving once stopped', async () => {
    await consumer.stop();
    await bus.publish([messageOf(caseRegisteredEvent())]);
    await expect(effects()).resolves.toEqual([]);
  });

  it('names, once its transaction commits, the event types its handlers recorded, so that the relay nudges their lanes', async () => {
    const committed: string[][] = [];
    const outbox = new EventOutbox('analytics');
    const recording: EventHandler<CaseRegisteredV1> = {
      event: CaseRegistered,
      handle: async (event, manager) => {
        await outbox.record(manager, AccessRecorded.analytics, event.data.caseId, accessRecordedData({ service: 'analytics' }));
      },
    };
    const ownBus = new InProcessBus();
    const recorder = new EventConsumer('analytics', dataSource, ownBus, outbox, logger, new ServiceMetrics('analytics'), {
      committed: (types) => committed.push([...types]),
    });
    await recorder.start([CASE_TOPIC], [recording]);
    try {
      const [first, second, third] = [caseRegisteredEvent(), caseRegisteredEvent(), caseRegisteredEvent()];
      await recorder.receiveBatch([messageOf(first), messageOf(second)]); // one transaction
      await recorder.receive(messageOf(third)); // one of its own
      await recorder.receive(messageOf(third)); // a redelivery records nothing
      expect(committed).toEqual([[AccessRecorded.analytics.type], [AccessRecorded.analytics.type]]);
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE event_type = $1`, [AccessRecorded.analytics.type])).toEqual([{ n: 3 }]);
    } finally {
      await recorder.stop();
      await ownBus.close();
    }
  });
});
