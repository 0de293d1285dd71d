import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get, Module } from '@nestjs/common';
import { Client } from 'pg';
import { Roles } from '@icjims/auth';
import { AccessRecordedV1, CloudEvent } from '@icjims/contracts';
import { AccessTo } from './access/access-spec';
import { loadSecuritySettings } from './config/service-config';
import { ApiProblems } from './openapi/api-problems.decorator';
import { ServiceDefinition } from './service/service-definition';
import { expectProblem, http, RunningService, startService } from './platform.fixtures';

@Controller('dossiers')
class DossiersController {
  @Get()
  @Roles('prosecutor')
  @AccessTo({ action: 'list', resourceType: 'dossier' })
  @ApiProblems()
  list() {
    return { items: [] };
  }
}

@Module({ controllers: [DossiersController] })
class DossiersModule {}

const limitedService: ServiceDefinition = {
  name: 'analytics',
  title: 'Rate limit test service',
  description: 'A test-only service with small rate limits',
  defaultPort: 0,
  schema: 'limit_test',
  module: DossiersModule,
  migrations: [],
};

const HOUR = 3600;

/** Waits for the next window if this one ends within `margin` ms, so that a test's requests fall in one window. */
async function freshWindow(windowSeconds: number, margin = 5_000): Promise<void> {
  const left = windowSeconds * 1000 - (Date.now() % (windowSeconds * 1000));
  if (left < margin) await sleep(left + 10);
}

/** A service with these limits, stopped at most once (a test stops it to see the shutdown flush), and a session on its database. */
async function startLimited(limits: Record<string, string>): Promise<{ service: RunningService; db: Client }> {
  const started = await startService(limitedService, { security: loadSecuritySettings(limits) });
  let stopping: Promise<void> | undefined;
  const service = { ...started, stop: () => (stopping ??= started.stop()) };
  const db = new Client({ connectionString: service.databaseUrl });
  await db.connect();
  return { service, db };
}

async function accessEvents(db: Client): Promise<CloudEvent<AccessRecordedV1>[]> {
  const { rows } = await db.query<{ value: string }>(`SELECT value FROM limit_test.outbox WHERE event_type LIKE '%access.recorded.v1' ORDER BY position`);
  return rows.map((row) => JSON.parse(row.value) as CloudEvent<AccessRecordedV1>);
}

function send(service: RunningService, token?: string) {
  const correlation = `limit-${randomUUID()}`;
  return http('GET', `${service.url}/api/v1/dossiers`, { token, headers: { 'x-correlation-id': correlation } }).then((response) => ({ response, correlation }));
}

describe('the rate limit per client address', () => {
  let service: RunningService;
  let db: Client;

  beforeAll(async () => {
    ({ service, db } = await startLimited({ RATE_LIMIT_PER_ADDRESS: '4', RATE_LIMIT_PER_USER: '0', RATE_LIMIT_WINDOW_SECONDS: String(HOUR) }));
    await freshWindow(HOUR);
  });
  afterAll(async () => {
    await db?.end();
    await service?.stop();
  });

  it('counts requests with bad tokens, answers 429 problem+json with Retry-After beyond it, and records the refusals as one counted entry', async () => {
    const served = [];
    for (let i = 0; i < 4; i++) served.push(await send(service, 'not-a-token'));
    for (const { response } of served) expectProblem(response, 401);
    const refused = [];
    for (let i = 0; i < 3; i++) refused.push(await send(service, 'not-a-token'));
    const valid = await send(service, await service.tokenFor('prosecutor', { region: 'KG-GB' }));
    refused.push(valid);
    for (const { response } of refused) {
      expectProblem(response, 429);
      expect(response.body.type).toBe('urn:icjims:problem:too-many-requests');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(HOUR);
    }
    expect((await http('GET', `${service.url}/health`)).status).toBe(200);

    await service.stop(); // flushes the window in progress
    const events = await accessEvents(db);
    const correlations = events.map((event) => event.correlationid);
    for (const { correlation } of served) expect(correlations).toContain(correlation);
    for (const { correlation } of refused) expect(correlations).not.toContain(correlation);
    const throttled = events.filter((event) => event.data.outcome === 'throttled');
    expect(throttled).toHaveLength(1);
    expect(throttled[0].data).toMatchObject({ outcome: 'throttled', status: 429, count: 4, sourceIp: '127.0.0.1', actor: { roles: [] } });
    expect(throttled[0].data.actor.sub).toBeUndefined();
    expect(Date.parse(throttled[0].data.occurredAt) % (HOUR * 1000)).toBe(0);
    expect(events).toHaveLength(served.length + 1);
  });
});

describe('the rate limit per user', () => {
  let service: RunningService;
  let db: Client;

  beforeAll(async () => {
    ({ service, db } = await startLimited({ RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_PER_USER: '3', RATE_LIMIT_WINDOW_SECONDS: String(HOUR) }));
    await freshWindow(HOUR);
  });
  afterAll(async () => {
    await db?.end();
    await service?.stop();
  });

  it('turns one user away past the limit while another from the same address is served', async () => {
    const busy = await service.tokenFor('prosecutor', { region: 'KG-GB', sub: 'busy-officer' });
    const other = await service.tokenFor('prosecutor', { region: 'KG-GB', sub: 'other-officer' });
    for (let i = 0; i < 3; i++) expect((await send(service, busy)).response.status).toBe(200);
    expectProblem((await send(service, busy)).response, 429);
    expectProblem((await send(service, busy)).response, 429);
    expect((await send(service, other)).response.status).toBe(200);

    await service.stop();
    const throttled = (await accessEvents(db)).filter((event) => event.data.outcome === 'throttled');
    expect(throttled.map((event) => event.data)).toEqual([expect.objectContaining({ actor: { sub: 'busy-officer', roles: [] }, count: 2, status: 429 })]);
  });
});

describe('the rate limits in OpenAPI', () => {
  let service: RunningService;
  let db: Client;

  beforeAll(async () => {
    ({ service, db } = await startLimited({}));
  });
  afterAll(async () => {
    await db?.end();
    await service?.stop();
  });

  it('declare a 429 problem with Retry-After on every operation', async () => {
    const document = (await http('GET', `${service.url}/docs-json`)).body;
    for (const path of ['/api/v1/dossiers', '/api/v1/access-purposes']) {
      expect(document.paths[path].get.responses['429']).toMatchObject({
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
        headers: { 'Retry-After': expect.any(Object) },
      });
    }
  });
});

describe('throttled requests at the end of a window', () => {
  let service: RunningService;
  let db: Client;

  beforeAll(async () => {
    ({ service, db } = await startLimited({ RATE_LIMIT_PER_ADDRESS: '1', RATE_LIMIT_WINDOW_SECONDS: '1' }));
  });
  afterAll(async () => {
    await db?.end();
    await service?.stop();
  });

  it('are recorded soon after the window ends, without waiting for shutdown', async () => {
    await freshWindow(1, 600);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(service)).response.status);
    const refused = statuses.filter((status) => status === 429).length;
    expect(refused).toBeGreaterThanOrEqual(2);
    const deadline = Date.now() + 5_000;
    let counted = 0;
    while (counted < refused && Date.now() < deadline) {
      await sleep(100);
      counted = (await accessEvents(db)).filter((event) => event.data.outcome === 'throttled').reduce((sum, event) => sum + (event.data.count ?? 0), 0);
    }
    expect(counted).toBe(refused);
  });
});
