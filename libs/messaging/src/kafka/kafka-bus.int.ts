import { randomUUID } from 'node:crypto';
import { AddressInfo, createServer, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
// Only the broker helper, not @icjims/testing as a whole: that imports this lib back (and NestJS).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { KafkaForTests, startKafkaForTests } from '../../../testing/src/kafka-broker';
import { BusMessage, MessageHandler } from '../bus/event-bus';
import { BusLogLevel, KafkaBus, KafkaBusOptions } from './kafka-bus';

// Values and headers carry this marker; no log line may ever contain it.
const CASE_DATA = 'Jane Doe, national id 850101-1234';

const run = randomUUID().slice(0, 8);
const topicName = (name: string): string => `kafka-bus-test.${name}.${run}`;
const groupName = (name: string): string => `kafka-bus-test-${name}-${run}`;

const logs: { level: BusLogLevel; message: string; extra?: Record<string, unknown> }[] = [];
let kafka: KafkaForTests;
let bus: KafkaBus;

function newBus(overrides: Partial<KafkaBusOptions> = {}): KafkaBus {
  return new KafkaBus({
    brokers: kafka.brokers,
    clientId: 'kafka-bus-test',
    consumerTuning: kafka.consumerTuning,
    logger: (level, message, extra) => logs.push({ level, message, extra }),
    ...overrides,
  });
}

function message(topic: string, key: string, value: string, headers: Record<string, string> = {}): BusMessage {
  return { topic, key, value, headers };
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A handler that records what it receives. */
function recorder(): { received: BusMessage[]; handler: MessageHandler } {
  const received: BusMessage[] = [];
  return { received, handler: async (delivered) => void received.push(delivered) };
}

beforeAll(async () => {
  kafka = await startKafkaForTests();
  bus = newBus();
});

afterAll(async () => {
  await bus?.close();
  await kafka?.stop();
});

// Concurrent: most of the time goes into the mock cluster forming groups (3 s per new group).
describe('KafkaBus', () => {
  it.concurrent('delivers key, value and headers intact, including what was published before the group joined', async () => {
    const topic = topicName('intact');
    const headers = { ce_id: randomUUID(), ce_type: 'case.registered', ce_specversion: '1.0', note: 'Žofia — ünïcödé' };
    const early = message(topic, 'case-1', JSON.stringify({ name: CASE_DATA, n: 1 }), headers);
    const late = message(topic, 'case-1', JSON.stringify({ name: CASE_DATA, n: 2 }), { ...headers, ce_id: randomUUID() });
    const { received, handler } = recorder();

    await bus.publish([early]);
    await bus.subscribe({ group: groupName('intact'), topics: [topic], handler });
    await bus.publish([late]);

    await waitUntil(() => received.length >= 2, 'both messages');
    expect(received).toEqual([early, late]);
  });

  it.concurrent('reports the lag of a group: messages published and not yet committed by it', async () => {
    const topic = topicName('lag');
    const group = groupName('lag');
    await bus.publish([message(topic, 'case-1', 'one'), message(topic, 'case-2', 'two'), message(topic, 'case-1', 'three')]);
    // A group that never committed counts from the earliest offset, as it would start there.
    expect(await bus.consumerLag(group, [topic])).toEqual(new Map([[topic, 3]]));

    const { received, handler } = recorder();
    await bus.subscribe({ group, topics: [topic], handler });
    await waitUntil(() => received.length >= 3, 'three messages');
    const deadline = Date.now() + 15_000;
    let lag = await bus.consumerLag(group, [topic]);
    while (lag.get(topic) !== 0 && Date.now() < deadline) {
      await sleep(100);
      lag = await bus.consumerLag(group, [topic]);
    }
    expect(lag).toEqual(new Map([[topic, 0]]));
  });

  it.concurrent('gives every group every message', async () => {
    const topic = topicName('fan-out');
    const first = recorder();
    const second = recorder();
    await Promise.all([
      bus.subscribe({ group: groupName('fan-out-a'), topics: [topic], handler: first.handler }),
      bus.subscribe({ group: groupName('fan-out-b'), topics: [topic], handler: second.handler }),
    ]);
    const published = Array.from({ length: 6 }, (_, index) => message(topic, `case-${index}`, `value-${index}`));
    await bus.publish(published);

    await waitUntil(() => first.received.length >= 6 && second.received.length >= 6, 'six messages in each group');
    const byValue = (a: BusMessage, b: BusMessage): number => a.value.localeCompare(b.value);
    expect([...first.received].sort(byValue)).toEqual(published);
    expect([...second.received].sort(byValue)).toEqual(published);
  });

  it.concurrent('keeps the publish order of each key over 50 messages', async () => {
    const topic = topicName('order');
    const { received, handler } = recorder();
    await bus.subscribe({ group: groupName('order'), topics: [topic], handler });
    const published = Array.from({ length: 50 }, (_, index) => message(topic, `case-${index % 5}`, String(index)));
    // Half one publish at a time, half in one batch.
    for (const single of published.slice(0, 25)) await bus.publish([single]);
    await bus.publish(published.slice(25));

    await waitUntil(() => received.length >= 50, 'fifty messages');
    for (const key of ['case-0', 'case-1', 'case-2', 'case-3', 'case-4']) {
      const order = (messages: BusMessage[]): string[] => messages.filter((m) => m.key === key).map((m) => m.value);
      expect(order(received)).toEqual(order(published));
    }
  });

  it.concurrent('redelivers a rejected message, then commits it once the handler resolves', async () => {
    const topic = topicName('redeliver');
    const group = groupName('redeliver');
    const deliveries: BusMessage[] = [];
    await bus.subscribe({
      group,
      topics: [topic],
      handler: async (delivered) => {
        deliveries.push(delivered);
        if (deliveries.length === 1) throw new Error('database unavailable');
      },
    });
    const original = message(topic, 'case-1', 'first', { ce_id: randomUUID() });
    await bus.publish([original]);
    await waitUntil(() => deliveries.length >= 2, 'the redelivery');
    expect(deliveries).toEqual([original, original]);

    await bus.unsubscribe(group);
    const later = message(topic, 'case-1', 'later');
    await bus.publish([later]);
    const { received, handler } = recorder();
    await bus.subscribe({ group, topics: [topic], handler });
    await waitUntil(() => received.length >= 1, 'the later message');
    await sleep(300); // room for an unwanted redelivery to show up
    expect(received).toEqual([later]);
    expect(deliveries).toHaveLength(2);
  });

  it.concurrent('keeps retrying a failing handler with growing pauses, without stopping the consumer', async () => {
    const topic = topicName('backoff');
    const attempts: number[] = [];
    const { received, handler } = recorder();
    await bus.subscribe({
      group: groupName('backoff'),
      topics: [topic],
      handler: async (delivered) => {
        if (delivered.key === 'poisonous-for-a-while') {
          attempts.push(Date.now());
          if (attempts.length < 5) throw new Error('still failing');
        }
        await handler(delivered);
      },
    });
    await bus.publish([message(topic, 'poisonous-for-a-while', 'a'), message(topic, 'healthy', 'b')]);

    await waitUntil(() => received.length >= 2, 'both messages');
    expect(attempts).toHaveLength(5);
    // The pause the bus chose after each rejection, as it logged it: 50, 100, 200, 400 ms with the test tuning. (On a
    // loaded machine the shared broker may hand the batch over afresh, attempt 1 again, so the clock alone cannot say.)
    const { redeliveryInitialDelayMs: initial, redeliveryMaxDelayMs: max } = kafka.consumerTuning;
    const chosen = logs.filter((entry) => entry.extra?.topic === topic && entry.message.startsWith('event handler rejected')).map((entry) => entry.extra as { attempt: number; delayMs: number });
    expect(chosen).toHaveLength(4);
    for (const { attempt, delayMs } of chosen) expect(delayMs).toBe(Math.min(max, initial * 2 ** (attempt - 1)));
    expect(chosen[0]).toMatchObject({ attempt: 1, delayMs: initial });
    // Each pause was waited out before the next attempt.
    const pauses = attempts.slice(1).map((at, index) => at - attempts[index]);
    for (const [index, pause] of pauses.entries()) expect(pause).toBeGreaterThanOrEqual(chosen[index].delayMs - 5);
    expect(await bus.isHealthy()).toBe(true);
  });

  it.concurrent('unsubscribe waits for the message in hand, which is then committed', async () => {
    const topic = topicName('in-hand');
    const group = groupName('in-hand');
    let started = false;
    let finished = false;
    await bus.subscribe({
      group,
      topics: [topic],
      handler: async () => {
        started = true;
        await sleep(1_000);
        finished = true;
      },
    });
    await bus.publish([message(topic, 'case-1', 'slow')]);
    await waitUntil(() => started, 'the handler to start');

    await bus.unsubscribe(group);
    expect(finished).toBe(true);

    const later = message(topic, 'case-1', 'later');
    await bus.publish([later]);
    const { received, handler } = recorder();
    await bus.subscribe({ group, topics: [topic], handler });
    await waitUntil(() => received.length >= 1, 'the later message');
    await sleep(300);
    expect(received).toEqual([later]);
  });

  it.concurrent('unsubscribe during a redelivery pause leaves the message to be delivered again', async () => {
    const topic = topicName('abandon');
    const group = groupName('abandon');
    let rejections = 0;
    await bus.subscribe({
      group,
      topics: [topic],
      handler: async () => {
        rejections++;
        throw new Error('downstream unavailable');
      },
    });
    const stuck = message(topic, 'case-1', 'stuck');
    await bus.publish([stuck]);
    await waitUntil(() => rejections >= 2, 'two rejections');

    const unsubscribing = Date.now();
    await bus.unsubscribe(group);
    expect(Date.now() - unsubscribing).toBeLessThan(3_000);

    const { received, handler } = recorder();
    await bus.subscribe({ group, topics: [topic], handler });
    await waitUntil(() => received.length >= 1, 'the redelivered message');
    expect(received).toEqual([stuck]);
  });

  it.concurrent('hands over batches of at most the subscription’s size, keeping each key’s order', async () => {
    const topic = topicName('batches');
    const batches: BusMessage[][] = [];
    await bus.subscribe({ group: groupName('batches'), topics: [topic], maxBatchSize: 4, batchHandler: async (messages) => void batches.push([...messages]) });
    const published = Array.from({ length: 30 }, (_, index) => message(topic, `case-${index % 3}`, String(index)));
    await bus.publish(published);

    await waitUntil(() => batches.flat().length >= 30, 'thirty messages');
    expect(batches.every((batch) => batch.length <= 4)).toBe(true);
    expect(batches.some((batch) => batch.length > 1)).toBe(true);
    for (const key of ['case-0', 'case-1', 'case-2']) {
      const order = (messages: BusMessage[]): string[] => messages.filter((m) => m.key === key).map((m) => m.value);
      expect(order(batches.flat())).toEqual(order(published));
    }
  });

  it.concurrent('hands a rejected batch over again whole, and commits it once accepted', async () => {
    const topic = topicName('batch-redeliver');
    const group = groupName('batch-redeliver');
    const batches: string[][] = [];
    await bus.subscribe({
      group,
      topics: [topic],
      maxBatchSize: 10,
      batchHandler: async (messages) => {
        batches.push(messages.map((m) => m.value));
        if (batches.length === 1) throw new Error('database unavailable');
      },
    });
    // One key, so one partition: the three arrive in one fetch.
    await bus.publish(['a', 'b', 'c'].map((value) => message(topic, 'case-1', value)));
    await waitUntil(() => batches.flat().length >= 6, 'the redelivery');
    expect(batches.slice(0, 2)).toEqual([['a', 'b', 'c'], ['a', 'b', 'c']]);

    await bus.unsubscribe(group);
    await bus.publish([message(topic, 'case-1', 'later')]);
    const { received, handler } = recorder();
    await bus.subscribe({ group, topics: [topic], handler });
    await waitUntil(() => received.length >= 1, 'the later message');
    await sleep(300);
    expect(received.map((m) => m.value)).toEqual(['later']);
  });

  it.concurrent('is healthy while connected and not after close', async () => {
    const own = newBus();
    expect(await own.isHealthy()).toBe(true);
    await own.close();
    expect(await own.isHealthy()).toBe(false);
    await expect(own.publish([message(topicName('closed'), 'k', 'v')])).rejects.toThrow('closed');
  });

  it.concurrent('is unhealthy, within about 2 s, when the broker accepts connections but never answers', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const unanswered = newBus({ brokers: [`127.0.0.1:${port}`], retry: { retries: 1, initialRetryTime: 100 } });
    try {
      const asked = Date.now();
      expect(await unanswered.isHealthy()).toBe(false);
      expect(Date.now() - asked).toBeLessThan(2_500);
    } finally {
      // Hang up first: kafkajs' disconnect waits for the requests still in flight.
      const closing = new Promise((resolve) => silent.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closing;
      await unanswered.close();
    }
  });

  it.concurrent('is unhealthy when no broker listens', async () => {
    // Few retries, so that kafkajs' connection attempts (which close() cannot cancel) end with the suite.
    const unreachable = newBus({ brokers: ['127.0.0.1:1'], retry: { retries: 1, initialRetryTime: 100 } });
    expect(await unreachable.isHealthy()).toBe(false);
    await unreachable.close();
  });

  it('never logs message values or headers', () => {
    expect(logs.length).toBeGreaterThan(0);
    for (const entry of logs) expect(`${entry.message} ${JSON.stringify(entry.extra ?? {})}`).not.toContain('national id');
  });
});
