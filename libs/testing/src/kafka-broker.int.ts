import { connect } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { stopIdleRequestQueueTimers } from '@icjims/messaging';
import { KafkaForTests, startKafkaForTests } from './kafka-broker';

stopIdleRequestQueueTimers(); // kafkajs used directly here: quiet as the services' KafkaBus is

function acceptsConnections(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Runs `body` with some environment variables replaced, restoring them afterwards. */
async function withEnv<T>(changes: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(changes).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(changes);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}

describe('startKafkaForTests', () => {
  let discoveredKind: KafkaForTests['kind'] | undefined;

  it('finds a broker that answers the Kafka protocol, and stop() shuts a broker it started', async () => {
    const kafka = await startKafkaForTests();
    discoveredKind = kafka.kind;
    expect(kafka.brokers.length).toBeGreaterThan(0);
    const admin = new Kafka({ clientId: 'kafka-broker-test', brokers: kafka.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.disconnect();
    expect(cluster.brokers.length).toBeGreaterThan(0);

    await kafka.stop();
    if (kafka.kind !== 'external') expect(await acceptsConnections(kafka.brokers[0])).toBe(false);
  });

  it('uses KAFKA_BROKERS as given when it is set', async () => {
    const kafka = await withEnv({ KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19093' }, startKafkaForTests);
    expect(kafka).toMatchObject({ kind: 'external', brokers: ['127.0.0.1:19092', '127.0.0.1:19093'] });
    await kafka.stop();
  });

  it('refuses to go on without a broker, saying what to do, and says so plainly in CI', async () => {
    // Only where the first test fell through to kcat, i.e. no Docker engine answered; an empty PATH then hides kcat too.
    if (discoveredKind !== 'kcat-mock') return;
    await withEnv({ KAFKA_BROKERS: undefined, PATH: '', CI: undefined }, async () => {
      await expect(startKafkaForTests()).rejects.toThrow(/KAFKA_BROKERS.*Docker.*kcat/);
    });
    await withEnv({ KAFKA_BROKERS: undefined, PATH: '', CI: 'true' }, async () => {
      await expect(startKafkaForTests()).rejects.toThrow(/CI must not skip/);
    });
  });
});
