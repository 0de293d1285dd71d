import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Client } from 'pg';
import { CaseRegistered, CaseRegisteredV1, deadLetterTopic, eventTopic, newCloudEvent } from '@icjims/contracts';
import { EVENT_TYPE_HEADER } from '@icjims/messaging';
import { stopServiceApps } from '../service/service-app';
import { ServiceDefinition } from '../service/service-definition';
import { expectProblem, http, RunningService, startService } from '../platform.fixtures';

@Module({})
class NothingModule {}

const healthTestService: ServiceDefinition = {
  name: 'audit',
  title: 'Health test service',
  description: 'A test-only service for the health and metrics endpoints',
  defaultPort: 0,
  schema: 'health_test',
  module: NothingModule,
  migrations: [],
};

/** Holds every event it is given until the test lets it go. */
const gate = { open: Promise.resolve(), release: () => undefined as void };

@Controller()
class HeldCaseRegistered {
  @EventPattern(CaseRegistered.type)
  held(): Promise<void> {
    return gate.open;
  }
}

@Module({ controllers: [HeldCaseRegistered] })
class ConsumingModule {}

/** The value of the sample of `name` (labelled only with the service), or undefined. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{service="audit"} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** GET /metrics, timed. */
async function scrape(base: string): Promise<{ status: number; text: string; ms: number }> {
  const started = Date.now();
  const response = await http('GET', `${base}/metrics`);
  return { status: response.status, text: response.body as string, ms: Date.now() - started };
}

describe('liveness, readiness and metrics', () => {
  let service: RunningService;
  let base: string;
  let owner: Client;
  let databaseName: string;

  beforeAll(async () => {
    service = await startService(healthTestService, { operations: { metricsRefreshIntervalMs: 100 } });
    base = service.url;
    owner = new Client({ connectionString: service.databaseUrl });
    await owner.connect();
    databaseName = new URL(service.databaseUrl).pathname.slice(1);
  });
  afterAll(async () => {
    await owner?.end();
    await service?.stop();
  });

  it('answers /health/live and /health/ready with 200 without a token, and /health as before', async () => {
    const live = await http('GET', `${base}/health/live`);
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok', service: 'audit', uptimeSeconds: expect.any(Number) });
    const ready = await http('GET', `${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      service: 'audit',
      checks: { database: 'up', bus: { status: 'up', transport: 'in-process' }, migrations: 'done', draining: false },
    });
    const health = await http('GET', `${base}/health`);
    expect(health.body).toEqual({ status: 'ok', service: 'audit', checks: { database: 'up', bus: { status: 'up', transport: 'in-process' } } });
  });

  it('describes /health/live and /health/ready in the OpenAPI document, without security, with their 503', async () => {
    const document = (await http('GET', `${base}/docs-json`)).body;
    for (const path of ['/health/live', '/health/ready']) {
      const operation = document.paths[path].get;
      expect(operation.security).toEqual([]);
      expect(operation.summary).toEqual(expect.any(String));
      expect(operation.responses['200']).toBeDefined();
      expect(operation.responses['503'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/ProblemDetails' });
    }
    expect(document.paths['/health']).toBeUndefined();
    expect(document.paths['/metrics']).toBeUndefined();
  });

  it('serves the outbox, dead-letter and readiness gauges from a background refresh, labelled with the service', async () => {
    const reason = { 'x-dead-letter-reason': 'not a CloudEvent' };
    await owner.query(
      `INSERT INTO health_test.outbox (event_id, event_type, topic, message_key, value, headers, published_at)
       VALUES ($1, 'dead-letter', $2, 'case-1', '{not json', $3, now())`,
      [randomUUID(), deadLetterTopic('audit'), reason],
    );
    const text = await until(async () => {
      const { text } = await scrape(base);
      return sample(text, 'icjims_dead_letter_messages') === 1 ? text : undefined;
    }, 'the dead letter counted');
    expect(sample(text, 'icjims_outbox_unpublished_messages')).toBe(0);
    expect(sample(text, 'icjims_outbox_oldest_age_seconds')).toBe(0);
    expect(sample(text, 'icjims_ready')).toBe(1);
    expect(sample(text, 'icjims_gauges_last_refresh_failed')).toBe(0);
    expect(sample(text, 'icjims_gauges_last_refresh_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 5);
  });

  it('answers /metrics at once while the outbox is locked (the refresh times out and says so)', async () => {
    await owner.query('BEGIN');
    await owner.query('LOCK TABLE health_test.outbox IN ACCESS EXCLUSIVE MODE');
    try {
      await until(async () => (sample((await scrape(base)).text, 'icjims_gauges_last_refresh_failed') === 1 ? true : undefined), 'the refresh to fail');
      const locked = await scrape(base);
      expect(locked.status).toBe(200);
      expect(locked.ms).toBeLessThan(500);
      expect(sample(locked.text, 'icjims_dead_letter_messages')).toBe(1); // the last value read
    } finally {
      await owner.query('ROLLBACK');
    }
    await until(async () => (sample((await scrape(base)).text, 'icjims_gauges_last_refresh_failed') === 0 ? true : undefined), 'the refresh to succeed again');
  });

  it('answers /metrics and /health/live while the database refuses connections; /health/ready and /health answer 503 naming it, and recover', async () => {
    // From another database: a session cannot close its own database to connections.
    const admin = new Client({ connectionString: Object.assign(new URL(service.databaseUrl), { pathname: '/postgres' }).toString() });
    await admin.connect();
    const [{ pid }] = (await owner.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    await admin.query(`ALTER DATABASE "${databaseName}" WITH ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2`, [databaseName, pid]);
    try {
      const ready = await until(async () => {
        const response = await http('GET', `${base}/health/ready`);
        return response.status === 503 ? response : undefined;
      }, 'readiness to fail');
      expectProblem(ready, 503);
      expect(ready.body.detail).toBe('audit is not ready: database unreachable');
      expect(ready.body.checks).toMatchObject({ database: 'down', bus: { status: 'up' }, draining: false });
      expectProblem(await http('GET', `${base}/health`), 503);
      expect((await http('GET', `${base}/health/live`)).status).toBe(200);

      const scraped = await scrape(base);
      expect(scraped.status).toBe(200);
      expect(scraped.ms).toBeLessThan(500);
      expect(sample(scraped.text, 'icjims_ready')).toBe(0);
      await until(async () => (sample((await scrape(base)).text, 'icjims_gauges_last_refresh_failed') === 1 ? true : undefined), 'the refresh to fail');
    } finally {
      await admin.query(`ALTER DATABASE "${databaseName}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await until(async () => ((await http('GET', `${base}/health/ready`)).status === 200 ? true : undefined), 'readiness to recover');
  });

  it('reports the consumer lag of each consumed topic: on the in-process bus, the events queued for the service or in hand', async () => {
    const topic = eventTopic('case-registry');
    const consuming = await startService(
      { ...healthTestService, schema: 'health_lag_test', module: ConsumingModule, consumes: { maxBatchSize: 1 } },
      { operations: { metricsRefreshIntervalMs: 100 } },
    );
    const lagOf = async () => {
      const line = (await scrape(consuming.url)).text.split('\n').find((candidate) => candidate.startsWith('icjims_consumer_lag_messages{') && candidate.includes(`topic="${topic}"`));
      return line === undefined ? undefined : Number(line.split(' ').pop());
    };
    try {
      expect(await until(lagOf, 'the lag gauge')).toBe(0);
      gate.open = new Promise<void>((resolve) => (gate.release = resolve));
      const events = [1, 2, 3].map(() => {
        const caseId = randomUUID();
        const data: CaseRegisteredV1 = {
          caseId,
          caseNumber: 'KG-GB-2026-000001',
          region: 'KG-GB',
          offence: { article: '209-1', iccsCode: '0701', severity: 'minor' },
          receivedAt: '2026-11-20T09:00:00.000Z',
          registeredAt: '2026-11-20T10:00:00.000Z',
        };
        const event = newCloudEvent(CaseRegistered, caseId, data, randomUUID());
        return { topic, key: caseId, value: JSON.stringify(event), headers: { [EVENT_TYPE_HEADER]: event.type } };
      });
      const delivered = consuming.bus.publish(events);
      await until(async () => ((await lagOf()) === 3 ? true : undefined), 'a lag of three events');
      gate.release();
      await delivered;
      await until(async () => ((await lagOf()) === 0 ? true : undefined), 'the lag to fall back to zero');
    } finally {
      gate.release();
      await consuming.stop();
    }
  });

  it('turns readiness and liveness to 503 while it drains, before it stops accepting connections', async () => {
    const draining = await startService(healthTestService, { operations: { drainDelayMs: 1500 } });
    expect((await http('GET', `${draining.url}/health/ready`)).status).toBe(200);
    const stopped = stopServiceApps([draining.app], 1000);
    const ready = await http('GET', `${draining.url}/health/ready`);
    expectProblem(ready, 503);
    expect(ready.body.detail).toBe('audit is not ready: shutting down (draining)');
    expect(ready.body.checks).toMatchObject({ database: 'up', draining: true });
    expectProblem(await http('GET', `${draining.url}/health/live`), 503);
    await stopped;
    await expect(fetch(`${draining.url}/health/live`)).rejects.toThrow();
    await draining.bus.close();
  });
});
