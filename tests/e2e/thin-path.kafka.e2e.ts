import { freePort } from '@icjims/persistence';
import { createTestDatabase, startKafkaForTests } from '@icjims/testing';
import { build, RunningProcess, startProcess, tempFolder, tokenMinter, waitForHealth } from './support/processes';
import { walkProbationPath } from './support/probation-path.scenario';
import { walkThinPath } from './support/thin-path.scenario';

const SERVICES = ['case-registry', 'procedural-steps', 'probation', 'analytics', 'audit'];

/**
 * The deployment shape: each service its own process (`node dist/apps/<service>/main.js`),
 * events over Kafka — a real broker from KAFKA_BROKERS or testcontainers, else librdkafka's
 * mock cluster. Under CI=true a missing broker fails the suite instead of skipping it.
 */
describe('thin path, Kafka transport (five processes)', () => {
  let kafka: Awaited<ReturnType<typeof startKafkaForTests>>;
  const processes: RunningProcess[] = [];
  const urls: Record<string, string> = {};
  const dataDir = tempFolder('e2e-kafka');

  beforeAll(async () => {
    build(...SERVICES);
    kafka = await startKafkaForTests();
    const databaseUrl = await createTestDatabase('e2e_kafka');
    for (const service of SERVICES) {
      const port = await freePort();
      urls[service] = `http://127.0.0.1:${port}`;
      processes.push(
        startProcess(service, { PORT: String(port), HOST: '127.0.0.1', DATABASE_MIGRATION_URL: databaseUrl, KAFKA_BROKERS: kafka.brokers.join(','), ICJIMS_DATA_DIR: dataDir, PROBATION_ROUND_INTERVAL_SECONDS: '2' }, `kafka-${service}`),
      );
    }
    for (const [index, url] of Object.values(urls).entries()) await waitForHealth(url, processes[index]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(processes.map((running) => running.stop()));
    await kafka?.stop();
  });

  it('runs every service on the Kafka bus', async () => {
    for (const url of Object.values(urls)) {
      const health = (await (await fetch(`${url}/health`)).json()) as { checks: { bus: unknown } };
      expect(health.checks.bus).toEqual({ status: 'up', transport: 'kafka' });
    }
  });

  it('walks a case from registration to the audit log', async () => {
    await walkThinPath({ urls, tokenFor: tokenMinter(dataDir), propagationMs: 45_000 });
  }, 120_000);

  it('walks a probation case from the sentence to its completion, and analytics counts it', async () => {
    await walkProbationPath({ urls, tokenFor: tokenMinter(dataDir), propagationMs: 45_000 });
  }, 180_000);

  it('stops each service gracefully on SIGTERM', async () => {
    const codes = await Promise.all(processes.map((running) => running.stop('SIGTERM')));
    expect(codes).toEqual(SERVICES.map(() => 0));
  }, 60_000);
});
