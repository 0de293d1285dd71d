import { setTimeout as sleep } from 'node:timers/promises';
import { BusMessage, MessageHandler } from './event-bus';
import { InProcessBus } from './in-process-bus';

const CASES = 'icjims.case-registry.events';
const STEPS = 'icjims.procedural-steps.events';

let sequence = 0;
function message(overrides: Partial<BusMessage> = {}): BusMessage {
  sequence++;
  return { topic: CASES, key: `case-${sequence}`, value: `{"n":${sequence}}`, headers: {}, ...overrides };
}

/** A handler that remembers what it received, in order. */
function recorder(delayMs = 0): { handler: MessageHandler; received: BusMessage[] } {
  const received: BusMessage[] = [];
  return {
    received,
    handler: async (delivered) => {
      if (delayMs) await sleep(delayMs);
      received.push(delivered);
    },
  };
}

describe('InProcessBus', () => {
  let bus: InProcessBus;

  beforeEach(() => {
    bus = new InProcessBus();
  });
  afterEach(() => bus.close());

  it('delivers a message to every group subscribed to its topic', async () => {
    const analytics = recorder();
    const audit = recorder();
    await bus.subscribe({ group: 'analytics', topics: [CASES, STEPS], handler: analytics.handler });
    await bus.subscribe({ group: 'audit', topics: [CASES], handler: audit.handler });

    const sent = message();
    await bus.publish([sent]);

    expect(analytics.received).toEqual([sent]);
    expect(audit.received).toEqual([sent]);
  });

  it('reports the lag of a group: what is queued for it or in hand, by topic, until it is handled', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await bus.subscribe({ group: 'analytics', topics: [CASES, STEPS], batchHandler: () => gate, maxBatchSize: 2 });
    await bus.subscribe({ group: 'audit', topics: [STEPS], handler: async () => undefined });
    const published = bus.publish([message(), message(), message(), message({ topic: STEPS })]);
    await sleep(0);

    expect(await bus.consumerLag('analytics', [CASES, STEPS])).toEqual(new Map([[CASES, 3], [STEPS, 1]]));
    expect(await bus.consumerLag('nobody', [CASES])).toEqual(new Map([[CASES, 0]]));
    release();
    await published;
    expect(await bus.consumerLag('analytics', [CASES, STEPS])).toEqual(new Map([[CASES, 0], [STEPS, 0]]));
  });

  it('does not deliver to groups that subscribed to other topics', async () => {
    const probation = recorder();
    await bus.subscribe({ group: 'probation', topics: [STEPS], handler: probation.handler });

    await bus.publish([message({ topic: CASES })]);

    expect(probation.received).toEqual([]);
  });

  it('leaves out the messages of event types a group does not handle, but not untyped ones', async () => {
    const audit = recorder();
    await bus.subscribe({ group: 'audit', topics: [CASES], eventTypes: ['access'], handler: audit.handler });
    const access = message({ headers: { 'x-event-type': 'access' } });
    const untyped = message();

    await bus.publish([message({ headers: { 'x-event-type': 'registered' } }), access, untyped]);

    expect(audit.received).toEqual([access, untyped]);
  });

  it('resolves publish only after every group has handled the message', async () => {
    const slow = recorder(30);
    await bus.subscribe({ group: 'analytics', topics: [CASES], handler: slow.handler });

    await bus.publish([message()]);

    expect(slow.received).toHaveLength(1);
  });

  it('keeps one group’s deliveries in publish order, even from concurrent publishers', async () => {
    const handled: string[] = [];
    await bus.subscribe({
      group: 'analytics',
      topics: [CASES],
      handler: async (delivered) => {
        handled.push(`start ${delivered.value}`);
        await sleep(delivered.value === 'first' ? 30 : 1);
        handled.push(`end ${delivered.value}`);
      },
    });

    await Promise.all([bus.publish([message({ value: 'first' })]), bus.publish([message({ value: 'second' })])]);

    expect(handled).toEqual(['start first', 'end first', 'start second', 'end second']);
  });

  it('delivers a batch in its order', async () => {
    const analytics = recorder();
    await bus.subscribe({ group: 'analytics', topics: [CASES, STEPS], handler: analytics.handler });
    const batch = [message({ topic: CASES }), message({ topic: STEPS }), message({ topic: CASES })];

    await bus.publish(batch);

    expect(analytics.received).toEqual(batch);
  });

  it('rejects publish when a handler rejects, and still delivers the group’s next message', async () => {
    const received: string[] = [];
    await bus.subscribe({
      group: 'analytics',
      topics: [CASES],
      handler: async (delivered) => {
        if (delivered.value === 'poison') throw new Error('database unavailable');
        received.push(delivered.value);
      },
    });

    await expect(bus.publish([message({ value: 'poison' })])).rejects.toThrow('database unavailable');
    await bus.publish([message({ value: 'healthy' })]);

    expect(received).toEqual(['healthy']);
  });

  it('refuses a second subscription for the same group', async () => {
    await bus.subscribe({ group: 'analytics', topics: [CASES], handler: recorder().handler });
    await expect(bus.subscribe({ group: 'analytics', topics: [STEPS], handler: recorder().handler })).rejects.toThrow(/already subscribed/);
  });

  it('stops delivering to a group once it has unsubscribed', async () => {
    const analytics = recorder();
    const audit = recorder();
    await bus.subscribe({ group: 'analytics', topics: [CASES], handler: analytics.handler });
    await bus.subscribe({ group: 'audit', topics: [CASES], handler: audit.handler });

    await bus.unsubscribe('analytics');
    await bus.publish([message()]);

    expect(analytics.received).toEqual([]);
    expect(audit.received).toHaveLength(1);
  });

  it('lets the message in hand finish before unsubscribe resolves', async () => {
    const slow = recorder(40);
    await bus.subscribe({ group: 'analytics', topics: [CASES], handler: slow.handler });

    const publishing = bus.publish([message()]);
    await sleep(5);
    await bus.unsubscribe('analytics');

    expect(slow.received).toHaveLength(1);
    await publishing;
  });

  it('lets the group subscribe again after unsubscribing', async () => {
    await bus.subscribe({ group: 'analytics', topics: [CASES], handler: recorder().handler });
    await bus.unsubscribe('analytics');
    const again = recorder();
    await bus.subscribe({ group: 'analytics', topics: [CASES], handler: again.handler });

    await bus.publish([message()]);

    expect(again.received).toHaveLength(1);
  });

  it('reports itself healthy until closed, then refuses to publish', async () => {
    await expect(bus.isHealthy()).resolves.toBe(true);
    await bus.close();
    await expect(bus.isHealthy()).resolves.toBe(false);
    await expect(bus.publish([message()])).rejects.toThrow(/closed/);
  });

  it('says it is the in-process transport', () => {
    expect(bus.transport).toBe('in-process');
  });
});

describe('InProcessBus delivering batches', () => {
  let bus: InProcessBus;

  beforeEach(() => {
    bus = new InProcessBus();
  });
  afterEach(() => bus.close());

  /** A batch handler that remembers each batch's values; it can be slowed down. */
  function batchRecorder(delayMs = 0): { batches: string[][]; batchHandler: (messages: readonly BusMessage[]) => Promise<void> } {
    const batches: string[][] = [];
    return {
      batches,
      batchHandler: async (messages) => {
        batches.push(messages.map((delivered) => delivered.value));
        if (delayMs) await sleep(delayMs);
      },
    };
  }

  it('hands a group what is queued for it in batches of at most its size, in publish order', async () => {
    const analytics = batchRecorder();
    await bus.subscribe({ group: 'analytics', topics: [CASES], batchHandler: analytics.batchHandler, maxBatchSize: 3 });

    await bus.publish(['1', '2', '3', '4', '5', '6', '7'].map((value) => message({ value })));

    expect(analytics.batches).toEqual([['1', '2', '3'], ['4', '5', '6'], ['7']]);
  });

  it('puts what concurrent publishers queued while a batch was in hand into the next batch', async () => {
    const analytics = batchRecorder(30);
    await bus.subscribe({ group: 'analytics', topics: [CASES], batchHandler: analytics.batchHandler });

    const first = bus.publish([message({ value: 'a' })]);
    await sleep(5);
    await Promise.all([first, bus.publish([message({ value: 'b' })]), bus.publish([message({ value: 'c' }), message({ value: 'd' })])]);

    expect(analytics.batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('keeps each key’s order across batches and groups of different sizes', async () => {
    const small = batchRecorder();
    const large = batchRecorder();
    await bus.subscribe({ group: 'small', topics: [CASES], batchHandler: small.batchHandler, maxBatchSize: 2 });
    await bus.subscribe({ group: 'large', topics: [CASES], batchHandler: large.batchHandler, maxBatchSize: 50 });
    const published = Array.from({ length: 20 }, (_, index) => message({ key: `case-${index % 3}`, value: String(index) }));

    await Promise.all([bus.publish(published.slice(0, 10)), bus.publish(published.slice(10))]);

    for (const group of [small, large]) expect(group.batches.flat()).toEqual(published.map((sent) => sent.value));
  });

  it('fails the publication of a rejected batch and of what was queued behind it, so nothing overtakes it', async () => {
    const handled: string[] = [];
    let failing = true;
    await bus.subscribe({
      group: 'analytics',
      topics: [CASES],
      maxBatchSize: 1,
      batchHandler: async ([delivered]) => {
        await sleep(5);
        if (failing && delivered.value === 'poison') throw new Error('database unavailable');
        handled.push(delivered.value);
      },
    });

    const results = await Promise.allSettled([
      bus.publish([message({ value: 'poison' })]),
      bus.publish([message({ value: 'behind' })]),
    ]);
    failing = false;
    await bus.publish([message({ value: 'poison' }), message({ value: 'behind' })]);

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(handled).toEqual(['poison', 'behind']);
  });

  it('refuses a batch size that is not a positive integer', async () => {
    await expect(bus.subscribe({ group: 'analytics', topics: [CASES], batchHandler: async () => undefined, maxBatchSize: 0 })).rejects.toThrow(/maxBatchSize/);
  });
});

describe('InProcessBus created held', () => {
  it('delivers nothing until released, then reaches consumers that subscribed in the meantime', async () => {
    const held = new InProcessBus({ held: true });
    const early = recorder();
    const late = recorder();
    await held.subscribe({ group: 'early', topics: [CASES], handler: early.handler });
    let published = false;
    const publishing = held.publish([message()]).then(() => (published = true));
    await sleep(20);
    expect(published).toBe(false);
    await held.subscribe({ group: 'late', topics: [CASES], handler: late.handler });
    held.release();
    await publishing;
    expect([early.received.length, late.received.length]).toEqual([1, 1]);
  });

  it('fails waiting publications when closed before release', async () => {
    const held = new InProcessBus({ held: true });
    const publishing = held.publish([message()]);
    await held.close();
    await expect(publishing).rejects.toThrow(/closed/);
  });
});
