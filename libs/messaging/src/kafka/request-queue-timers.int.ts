import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
// Only the broker helper, not @icjims/testing as a whole: that imports this lib back (and NestJS).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { KafkaForTests, startKafkaForTests } from '../../../testing/src/kafka-broker';
import { BusMessage } from '../bus/event-bus';
import { KafkaBus } from './kafka-bus';
import { stopIdleRequestQueueTimers } from './request-queue-timers';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the kafkajs class the fix replaces a method of
const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: { checkPendingRequests(): void } };

let kafka: KafkaForTests;
let bus: KafkaBus;

beforeAll(async () => {
  kafka = await startKafkaForTests();
  bus = new KafkaBus({ brokers: kafka.brokers, clientId: 'request-queue-timers-test', consumerTuning: kafka.consumerTuning, logger: () => undefined });
});

afterAll(async () => {
  await bus?.close();
  await kafka?.stop();
});

/** How often kafkajs's connections look at their queues of waiting requests during `ms`. */
async function queueChecksPerSecond(ms: number): Promise<number> {
  const check = RequestQueue.prototype.checkPendingRequests;
  let checks = 0;
  RequestQueue.prototype.checkPendingRequests = function counted(this: unknown) {
    checks++;
    return check.call(this);
  };
  try {
    await sleep(ms);
  } finally {
    RequestQueue.prototype.checkPendingRequests = check;
  }
  return (checks * 1000) / ms;
}

describe('kafkajs request queue timers', () => {
  it('applies to the installed kafkajs (another release needs the fix looked at again)', () => {
    expect(stopIdleRequestQueueTimers()).toBe(true);
  });

  it('leave an idle bus quiet — a check per answer, not one a millisecond — and messages still flow', async () => {
    const topic = `request-queue-timers.${randomUUID().slice(0, 8)}`;
    const received: BusMessage[] = [];
    const message = (n: number): BusMessage => ({ topic, key: 'case-1', value: String(n), headers: {} });
    await bus.subscribe({ group: `request-queue-timers-${randomUUID().slice(0, 8)}`, topics: [topic], handler: async (one) => void received.push(one) });
    await bus.publish([message(1)]);
    for (const deadline = Date.now() + 15_000; received.length < 1 && Date.now() < deadline; ) await sleep(20);

    // Without the fix: thousands a second (each connection re-armed every millisecond). With it: the fetches' answers
    // (one per maxWaitTimeInMs, 100 ms against the mock cluster) and the heartbeats'.
    expect(await queueChecksPerSecond(2_000)).toBeLessThan(200);

    await bus.publish([message(2)]);
    for (const deadline = Date.now() + 15_000; received.length < 2 && Date.now() < deadline; ) await sleep(20);
    expect(received.map((one) => one.value)).toEqual(['1', '2']);
  }, 60_000);
});
