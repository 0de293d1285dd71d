import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRecorded, CaseRegistered, CaseRegisteredV1, CloudEvent, EventSchemaError, eventTopic } from '@icjims/contracts';
import { ServiceMetrics } from '@icjims/observability';
import { BusMessage, EventBus, Subscription } from '../bus/event-bus';
import { InProcessBus } from '../bus/in-process-bus';
import { EventOutbox } from './event-outbox';
import { UnitOfWork } from '../unit-of-work';
import { OutboxRelay, OutboxRelayOptions } from './outbox-relay';
import { accessRecordedData, caseRegisteredData, migratedTestDatabase } from '../messaging.fixtures';

/** A bus that fails on demand, in front of a real in-process bus. */
class UnreliableBus implements EventBus {
  readonly transport = 'in-process' as const;
  readonly inner = new InProcessBus();
  refusing = false;
  attempts = 0;
  /** When set, publish waits for this before handing the messages on. */
  gate: Promise<void> | undefined;

  async publish(messages: readonly BusMessage[]): Promise<void> {
    this.attempts++;
    if (this.refusing) throw new Error('broker not available');
    if (this.gate) await this.gate;
    await this.inner.publish(messages);
  }
  subscribe(subscription: Subscription) {
    return this.inner.subscribe(subscription);
  }
  unsubscribe(group: string) {
    return this.inner.unsubscribe(group);
  }
  isHealthy() {
    return this.inner.isHealthy();
  }
  close() {
    return this.inner.close();
  }
}

describe('OutboxRelay on PostgreSQL', () => {
  const logger = pino({ level: 'silent' });
  const outbox = new EventOutbox('case-registry');
  let dataSource: DataSource;
  let bus: UnreliableBus;
  /** Event ids in the order the bus delivered them. */
  let delivered: string[];
  let relays: OutboxRelay[];

  beforeAll(async () => {
    dataSource = await migratedTestDatabase('outbox_relay', 'relay_test');
  });
  afterAll(() => dataSource?.destroy());

  beforeEach(async () => {
    await dataSource.query('DELETE FROM outbox');
    delivered = [];
    relays = [];
    bus = new UnreliableBus();
    await bus.subscribe({
      group: 'observer',
      topics: [eventTopic('case-registry')],
      handler: async (message) => {
        delivered.push((JSON.parse(message.value) as CloudEvent).id);
      },
    });
  });
  afterEach(async () => {
    for (const relay of relays) await relay.stop();
    await bus.close();
  });

  function relay(options: OutboxRelayOptions = {}, metrics = new ServiceMetrics('case-registry')): OutboxRelay {
    const created = new OutboxRelay(dataSource, bus, logger, metrics, { pollIntervalMs: 20, ...options });
    relays.push(created);
    return created;
  }

  /** A started relay that has finished its first pass. */
  async function relayAfterFirstPass(options: OutboxRelayOptions): Promise<OutboxRelay> {
    const running = relay(options);
    await running.start();
    return running;
  }

  /** Runs the relay until it has published what is committed now. */
  async function relayOnce(options: OutboxRelayOptions = {}): Promise<void> {
    const once = relay(options);
    once.start();
    await once.stop();
  }

  function record(manager: EntityManager, subject: string = randomUUID()): Promise<CloudEvent<CaseRegisteredV1>> {
    return outbox.record(manager, CaseRegistered, subject, caseRegisteredData({ caseId: subject }));
  }

  function commitEvent(subject?: string): Promise<CloudEvent<CaseRegisteredV1>> {
    return dataSource.transaction((manager) => record(manager, subject));
  }

  async function unpublishedCount(): Promise<number> {
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM outbox WHERE published_at IS NULL');
    return count;
  }

  async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(10);
    }
  }

  it('publishes nothing from a transaction that rolled back', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await record(manager);
        throw new Error('the case could not be saved');
      }),
    ).rejects.toThrow('the case could not be saved');
    const committed = await commitEvent();

    await relayOnce();

    expect(delivered).toEqual([committed.id]);
    await expect(dataSource.query('SELECT count(*)::int AS count FROM outbox')).resolves.toEqual([{ count: 1 }]);
  });

  it('refuses to store an event whose data breaks its contract, so its transaction rolls back', async () => {
    const broken = { ...caseRegisteredData(), caseId: 'not-a-uuid' };
    await expect(dataSource.transaction((manager) => outbox.record(manager, CaseRegistered, randomUUID(), broken))).rejects.toThrow(EventSchemaError);
    await expect(dataSource.query('SELECT count(*)::int AS count FROM outbox')).resolves.toEqual([{ count: 0 }]);
  });

  it('publishes committed events in append order and marks them published', async () => {
    const recorded: string[] = [];
    for (let i = 0; i < 4; i++) recorded.push((await commitEvent()).id);
    const pair = await dataSource.transaction(async (manager) => [await record(manager), await record(manager)]);
    recorded.push(...pair.map((event) => event.id));

    await relayOnce();

    expect(delivered).toEqual(recorded);
    await expect(unpublishedCount()).resolves.toBe(0);
  });

  it('publishes a backlog larger than one batch, in order', async () => {
    const recorded: string[] = [];
    for (let i = 0; i < 7; i++) recorded.push((await commitEvent()).id);

    await relayOnce({ batchSize: 3 });

    expect(delivered).toEqual(recorded);
    await expect(unpublishedCount()).resolves.toBe(0);
  });

  it('publishes the exact message it stored: topic, key, CloudEvent JSON and content type', async () => {
    const messages: BusMessage[] = [];
    await bus.subscribe({ group: 'inspector', topics: [eventTopic('case-registry')], handler: async (message) => void messages.push(message) });
    const caseId = randomUUID();
    const event = await commitEvent(caseId);

    await relayOnce();

    expect(messages).toEqual([
      {
        topic: 'icjims.case-registry.events',
        key: caseId,
        value: JSON.stringify(event),
        headers: { 'content-type': 'application/cloudevents+json; charset=utf-8', 'x-event-type': event.type },
      },
    ]);
  });

  it('leaves events unpublished while the bus refuses them and publishes them once it accepts (nothing lost)', async () => {
    const recorded = [(await commitEvent()).id, (await commitEvent()).id, (await commitEvent()).id];
    bus.refusing = true;
    const running = relay();
    running.start();

    await until(() => bus.attempts >= 2, 'two refused passes');
    await expect(unpublishedCount()).resolves.toBe(3);
    expect(delivered).toEqual([]);

    bus.refusing = false;
    await until(async () => (await unpublishedCount()) === 0, 'the backlog to drain');
    expect(delivered).toEqual(recorded);
  });

  it('publishes again in full a batch whose delivery failed half way (at least once, in order)', async () => {
    const recorded = [(await commitEvent()).id, (await commitEvent()).id, (await commitEvent()).id];
    let failOnce = true;
    await bus.subscribe({
      group: 'fragile',
      topics: [eventTopic('case-registry')],
      handler: async (message) => {
        if (failOnce && (JSON.parse(message.value) as CloudEvent).id === recorded[1]) {
          failOnce = false;
          throw new Error('consumer database busy');
        }
      },
    });
    const running = relay();
    running.start();

    await until(async () => (await unpublishedCount()) === 0, 'the batch to be published');
    // Groups are independent (as Kafka consumer groups are): the observer takes the whole batch
    // while the fragile group fails, then the whole batch again when the relay publishes it anew.
    expect(delivered).toEqual([...recorded, ...recorded]);
  });

  it('relays each lane on its own: a lane’s events are not held up behind another lane’s slow delivery', async () => {
    let releaseDomain!: () => void;
    const domainHeld = new Promise<void>((resolve) => (releaseDomain = resolve));
    let domainReceived = 0;
    const auditReceived: string[] = [];
    await bus.subscribe({
      group: 'slow-domain-consumer',
      topics: [eventTopic('case-registry')],
      eventTypes: [CaseRegistered.type],
      handler: () => (domainReceived++, domainHeld),
    });
    await bus.subscribe({
      group: 'audit',
      topics: [eventTopic('case-registry')],
      eventTypes: [AccessRecorded['case-registry'].type],
      handler: async (message) => void auditReceived.push((JSON.parse(message.value) as CloudEvent).id),
    });
    const running = relay({ lanes: [{ name: 'access', eventTypes: [AccessRecorded['case-registry'].type] }, { name: 'events' }] });
    const registered = await commitEvent();
    void running.start();
    await until(() => domainReceived === 1, 'the registration in its slow consumer');

    try {
      // Committed while the registration's publication hangs: one lane would hold it back until that ends.
      const access = await dataSource.transaction((manager) =>
        outbox.record(manager, AccessRecorded['case-registry'], registered.subject, accessRecordedData({ caseId: registered.subject })),
      );
      running.nudge();
      await until(() => auditReceived.length === 1, 'the access lane');
      expect(auditReceived).toEqual([access.id]);
      await until(async () => (await unpublishedCount()) === 1, 'the access event marked published');
    } finally {
      releaseDomain();
    }
    await until(async () => (await unpublishedCount()) === 0, 'the registration marked published once its consumer is done');
  });

  it('passes only over the lanes of the event types a commit recorded, when told them', async () => {
    const access = AccessRecorded['case-registry'].type;
    const running = await relayAfterFirstPass({ pollIntervalMs: 60_000, lanes: [{ name: 'access', eventTypes: [access] }, { name: 'events' }] });
    const event = await dataSource.transaction((manager) => outbox.record(manager, AccessRecorded['case-registry'], randomUUID(), accessRecordedData()));

    running.nudge([CaseRegistered.type]);
    await sleep(100);
    expect(delivered).toEqual([]);

    running.nudge([access]);
    await until(() => delivered.length === 1, 'the access lane’s pass');
    expect(delivered).toEqual([event.id]);
  });

  it('has a unit of work nudge the relay with the event types its transaction recorded, and not at all when it recorded none', async () => {
    const nudges: string[][] = [];
    const work = new UnitOfWork(dataSource, { nudge: (types: Iterable<string>) => void nudges.push([...types]) } as unknown as OutboxRelay);
    await work.run(async (manager) => {
      await record(manager);
      await outbox.record(manager, AccessRecorded['case-registry'], randomUUID(), accessRecordedData());
      await record(manager);
    });
    await work.run((manager) => manager.query('SELECT 1'));
    expect(nudges).toEqual([[CaseRegistered.type, AccessRecorded['case-registry'].type]]);
  });

  it('refuses lanes that overlap or leave two of them to take the rest', () => {
    expect(() => relay({ lanes: [{ name: 'a' }, { name: 'b' }] })).toThrow('at most one outbox lane');
    expect(() => relay({ lanes: [{ name: 'a', eventTypes: ['x'] }, { name: 'b', eventTypes: ['x'] }] })).toThrow('at most one outbox lane');
  });

  it('publishes an event committed after the last pass when it is nudged', async () => {
    const running = await relayAfterFirstPass({ pollIntervalMs: 60_000 });
    const event = await commitEvent();
    await sleep(50);
    expect(delivered).toEqual([]);

    running.nudge();

    await until(() => delivered.length === 1, 'the nudged pass');
    expect(delivered).toEqual([event.id]);
  });

  it('looks again soon for events a nudged pass found held back behind an open writer of the outbox, whose commit nudges nobody', async () => {
    const running = await relayAfterFirstPass({ pollIntervalMs: 60_000 });
    const writer = dataSource.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    try {
      const early = await record(writer.manager);
      await outbox.flush(writer.manager); // the writer's row is in: it holds back what commits after it
      const event = await commitEvent();
      running.nudge();
      await sleep(100);
      expect(delivered).toEqual([]); // held back

      await writer.commitTransaction(); // as a read's access event does: no nudge of this lane
      await until(() => delivered.length === 2, 'a look well before the next poll', 2000);
      expect(delivered).toEqual([early.id, event.id]);
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }
  });

  it('publishes what was committed before stop() returns', async () => {
    const running = await relayAfterFirstPass({ pollIntervalMs: 60_000 });
    const recorded = [(await commitEvent()).id, (await commitEvent()).id];

    await running.stop();

    expect(delivered).toEqual(recorded);
    await expect(unpublishedCount()).resolves.toBe(0);
  });

  it('does nothing when nudged after it stopped', async () => {
    const running = relay();
    running.start();
    await running.stop();
    await commitEvent();

    running.nudge();
    await sleep(100);

    expect(delivered).toEqual([]);
    await expect(unpublishedCount()).resolves.toBe(1);
  });

  // BUG: rows are read in position order, but a position is taken at INSERT, not at
  // COMMIT. An event appended by a transaction that commits late is skipped by a pass
  // that already publishes the later-appended, earlier-committed event; it goes out after
  // it. DESIGN.md asks for readers that never skip a late-committing transaction.
  it('keeps append order when an earlier append commits after a later one', async () => {
    const caseId = randomUUID();
    const slow = dataSource.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    try {
      const first = await record(slow.manager, caseId);
      await outbox.flush(slow.manager); // its row written now, as a transaction's are just before it commits
      const second = commitEvent(caseId);
      await Promise.race([second, sleep(300)]); // a fixed relay may make this append wait for the first
      await relayOnce();

      await slow.commitTransaction();
      const secondEvent = await second;
      await relayOnce();

      expect(delivered).toEqual([first.id, secondEvent.id]);
    } finally {
      if (slow.isTransactionActive) await slow.rollbackTransaction();
      await slow.release();
    }
  });

  // BUG: with FOR UPDATE SKIP LOCKED, a second relay instance of the same service skips
  // the batch the first one is publishing and publishes the rows after it, so one case's
  // events reach the bus out of order although they are keyed to stay in order.
  it('keeps one case’s events in order when two relay instances run side by side', async () => {
    const caseId = randomUUID();
    const first = await commitEvent(caseId);
    let open!: () => void;
    bus.gate = new Promise<void>((resolve) => (open = resolve));
    const instanceA = relay({ pollIntervalMs: 60_000 });
    instanceA.start();
    await until(() => bus.attempts === 1, 'instance A to hold the first event');
    bus.gate = undefined;

    const second = await commitEvent(caseId);
    const instanceB = relay({ pollIntervalMs: 60_000 });
    instanceB.start();
    await sleep(200); // instance B's pass
    open();
    await instanceA.stop();
    await instanceB.stop();

    expect(delivered).toEqual([first.id, second.id]);
  });
});
