import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { CaseRegistered, CaseRegisteredV1, CloudEvent } from '@icjims/contracts';
import { ServiceMetrics, startTracing } from '@icjims/observability';
import { InProcessBus } from '../bus/in-process-bus';
import { EventConsumer } from '../consumer/event-consumer';
import { EventHandler } from '../consumer/event-handler';
import { CASE_TOPIC, caseRegisteredEvent, messageOf, migratedTestDatabase, rawMessage } from '../messaging.fixtures';
import { OutboxDeadLetterIndex1764000000100 } from '../metrics/dead-letter-index.migration';
import { readMessagingGauges } from '../metrics/messaging-gauges';
import { EventOutbox } from '../outbox/event-outbox';
import { DeadLetterReplayer } from './dead-letter-replayer';
import { DeadLetterReplays1764000000200 } from './dead-letter-replays.migration';
import { listDeadLetters, requestDeadLetterReplay } from './dead-letter-store';

class RegisteredCases1700000000001 implements MigrationInterface {
  name = 'RegisteredCases1700000000001';
  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE TABLE registered_cases (case_id uuid NOT NULL, event_id text NOT NULL)');
  }
  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE registered_cases');
  }
}

/** Writes each registered case; refuses the cases it is told to until it is "fixed". */
class FixableTally implements EventHandler<CaseRegisteredV1> {
  readonly event = CaseRegistered;
  readonly refused = new Set<string>();

  async handle(event: CloudEvent<CaseRegisteredV1>, manager: EntityManager): Promise<void> {
    await manager.query('INSERT INTO registered_cases (case_id, event_id) VALUES ($1, $2)', [event.data.caseId, event.id]);
    if (this.refused.has(event.data.caseId)) throw new Error(`case ${event.data.caseId} refused by the handler`);
  }
}

describe('dead-letter replay through the consumer’s handlers and inbox', () => {
  const logger = pino({ level: 'silent' });
  let dataSource: DataSource;
  let bus: InProcessBus;
  let consumer: EventConsumer;
  let replayer: DeadLetterReplayer;
  let tally: FixableTally;

  beforeAll(async () => {
    dataSource = await migratedTestDatabase('dead_letter_replay', 'replay_test', [
      RegisteredCases1700000000001,
      OutboxDeadLetterIndex1764000000100,
      DeadLetterReplays1764000000200,
    ]);
  });
  afterAll(() => dataSource?.destroy());

  beforeEach(async () => {
    await dataSource.query('DELETE FROM outbox; DELETE FROM inbox; DELETE FROM registered_cases');
    bus = new InProcessBus();
    tally = new FixableTally();
    consumer = new EventConsumer('analytics', dataSource, bus, new EventOutbox('analytics'), logger, new ServiceMetrics('analytics'), { maxAttempts: 2, retryDelayMs: 5 });
    await consumer.start([CASE_TOPIC], [tally]);
    replayer = new DeadLetterReplayer(dataSource, consumer, logger);
  });
  afterEach(async () => {
    await replayer.stop();
    await consumer.stop();
    await bus.close();
  });

  async function applied(caseId: string): Promise<number> {
    const [{ count }]: { count: number }[] = await dataSource.query('SELECT count(*)::int AS count FROM registered_cases WHERE case_id = $1', [caseId]);
    return count;
  }

  async function poisonThenFine(): Promise<{ poison: CloudEvent<unknown>; next: CloudEvent<unknown>[] }> {
    const poison = caseRegisteredEvent();
    const next = [caseRegisteredEvent(), caseRegisteredEvent()];
    tally.refused.add((poison.data as CaseRegisteredV1).caseId);
    await bus.publish([poison, ...next].map(messageOf));
    return { poison, next };
  }

  it('dead-letters a poison event with its reason while the next ones are applied; once fixed, a replay applies it exactly once', async () => {
    const { poison, next } = await poisonThenFine();
    const poisonCase = (poison.data as CaseRegisteredV1).caseId;

    for (const event of next) await expect(applied((event.data as CaseRegisteredV1).caseId)).resolves.toBe(1);
    await expect(applied(poisonCase)).resolves.toBe(0);
    const [letter, ...others] = await listDeadLetters(dataSource);
    expect(others).toEqual([]);
    expect(letter).toMatchObject({ consumer: 'analytics', sourceTopic: CASE_TOPIC, eventId: poison.id, eventType: CaseRegistered.type, reason: `case ${poisonCase} refused by the handler`, replayedAt: null });
    await expect(readMessagingGauges(dataSource)).resolves.toMatchObject({ deadLetters: 1 });

    tally.refused.clear(); // the handler is fixed
    await expect(requestDeadLetterReplay(dataSource, { all: true }, 'operator-1')).resolves.toEqual([letter.id]);
    await expect(replayer.replayRequested()).resolves.toBe(1);

    await expect(applied(poisonCase)).resolves.toBe(1);
    await expect(dataSource.query('SELECT outcome FROM inbox WHERE event_id = $1', [poison.id])).resolves.toEqual([{ outcome: 'processed' }]);
    await expect(readMessagingGauges(dataSource)).resolves.toMatchObject({ deadLetters: 0 });
    const [replayed] = await listDeadLetters(dataSource, { includeReplayed: true });
    expect(replayed).toMatchObject({ id: letter.id, replayRequestedBy: 'operator-1', replayOutcome: 'applied', replayError: null });
    expect(replayed.replayedAt).toBeInstanceOf(Date);
    await expect(listDeadLetters(dataSource)).resolves.toEqual([]);

    // Asked again, by id or for all: nothing is marked, nothing applied.
    await expect(requestDeadLetterReplay(dataSource, { ids: [letter.id] }, 'operator-1')).resolves.toEqual([]);
    await expect(requestDeadLetterReplay(dataSource, { all: true }, 'operator-1')).resolves.toEqual([]);
    await expect(replayer.replayRequested()).resolves.toBe(0);
    // A late redelivery of the event from the bus is a duplicate too.
    await bus.publish([messageOf(poison)]);
    await expect(applied(poisonCase)).resolves.toBe(1);
  });

  it('replays an event in a consumer span of the consuming service, a child of the span that recorded it', async () => {
    const spans = new InMemorySpanExporter();
    startTracing({ env: {}, spanProcessors: [new SimpleSpanProcessor(spans)] });
    const [traceId, recordingSpanId] = ['4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7'];
    const poison = caseRegisteredEvent({}, { traceparent: `00-${traceId}-${recordingSpanId}-01` });
    tally.refused.add((poison.data as CaseRegisteredV1).caseId);
    await bus.publish([messageOf(poison)]);
    await expect(listDeadLetters(dataSource)).resolves.toHaveLength(1);

    tally.refused.clear();
    spans.reset();
    await requestDeadLetterReplay(dataSource, { all: true }, 'operator-1');
    await expect(replayer.replayRequested()).resolves.toBe(1);

    const consumerSpans = spans.getFinishedSpans().filter((span) => span.kind === SpanKind.CONSUMER);
    expect(consumerSpans).toHaveLength(1);
    expect(consumerSpans[0]).toMatchObject({ name: `process ${CaseRegistered.type}`, parentSpanContext: { spanId: recordingSpanId } });
    expect(consumerSpans[0].spanContext().traceId).toBe(traceId);
    expect(consumerSpans[0].attributes).toMatchObject({ 'messaging.consumer.group.name': 'analytics', 'messaging.message.id': poison.id });
  });

  it('leaves a dead letter open, with the error, when its handler still fails, and applies it when asked again once fixed', async () => {
    const { poison } = await poisonThenFine();
    const poisonCase = (poison.data as CaseRegisteredV1).caseId;
    const [letter] = await listDeadLetters(dataSource);

    await requestDeadLetterReplay(dataSource, { ids: [letter.id] }, 'operator-1');
    await expect(replayer.replayRequested()).resolves.toBe(1);
    await expect(applied(poisonCase)).resolves.toBe(0); // the failed attempt's write was rolled back
    const [open] = await listDeadLetters(dataSource);
    expect(open).toMatchObject({ id: letter.id, replayedAt: null, replayRequestedAt: null, replayOutcome: 'failed', replayError: `case ${poisonCase} refused by the handler` });
    await expect(readMessagingGauges(dataSource)).resolves.toMatchObject({ deadLetters: 1 });
    await expect(replayer.replayRequested()).resolves.toBe(0); // not retried in a loop

    tally.refused.clear();
    await expect(requestDeadLetterReplay(dataSource, { ids: [letter.id] }, 'operator-2')).resolves.toEqual([letter.id]);
    await replayer.replayRequested();
    await expect(applied(poisonCase)).resolves.toBe(1);
    await expect(listDeadLetters(dataSource, { includeReplayed: true })).resolves.toEqual([
      expect.objectContaining({ id: letter.id, replayOutcome: 'applied', replayRequestedBy: 'operator-2', replayError: null }),
    ]);
  });

  it('marks a dead letter whose event was applied since as already applied, without applying it again', async () => {
    const { poison } = await poisonThenFine();
    const poisonCase = (poison.data as CaseRegisteredV1).caseId;
    const [letter] = await listDeadLetters(dataSource);
    // Applied some other way meanwhile (say, an earlier replay of a copy of the same dead letter).
    await dataSource.query(`UPDATE inbox SET outcome = 'processed' WHERE event_id = $1`, [poison.id]);
    await dataSource.query('INSERT INTO registered_cases (case_id, event_id) VALUES ($1, $2)', [poisonCase, poison.id]);
    tally.refused.clear();

    await requestDeadLetterReplay(dataSource, { all: true }, 'operator-1');
    await replayer.replayRequested();

    await expect(applied(poisonCase)).resolves.toBe(1);
    await expect(listDeadLetters(dataSource, { includeReplayed: true })).resolves.toEqual([expect.objectContaining({ id: letter.id, replayOutcome: 'already-applied' })]);
  });

  it('keeps a message that is not an event open, saying why its replay failed', async () => {
    await bus.publish([rawMessage('{not json')]);
    const [letter] = await listDeadLetters(dataSource);
    expect(letter).toMatchObject({ eventId: null, eventType: null });

    await requestDeadLetterReplay(dataSource, { all: true }, 'operator-1');
    await replayer.replayRequested();

    const [open] = await listDeadLetters(dataSource);
    expect(open).toMatchObject({ id: letter.id, replayOutcome: 'failed', replayedAt: null });
    expect(open.replayError).toEqual(expect.any(String));
  });

  it('picks up requests in the background once started', async () => {
    const background = new DeadLetterReplayer(dataSource, consumer, logger, { pollIntervalMs: 50 });
    const { poison } = await poisonThenFine();
    tally.refused.clear();
    background.start();
    try {
      await requestDeadLetterReplay(dataSource, { all: true }, 'operator-1');
      const deadline = Date.now() + 5_000;
      while ((await applied((poison.data as CaseRegisteredV1).caseId)) === 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 25));
      await expect(applied((poison.data as CaseRegisteredV1).caseId)).resolves.toBe(1);
    } finally {
      await background.stop();
    }
  });
});
