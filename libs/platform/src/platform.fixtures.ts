import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { issueLocalToken, loadOrCreateSigningKey, TokenVerifier } from '@icjims/auth';
import { Role } from '@icjims/contracts';
import { InProcessBus } from '@icjims/messaging';
import { createUniqueDatabase } from '@icjims/persistence';
import { createServiceApp, SharedInfrastructure, stopServiceApps } from './service/service-app';
import { ServiceDefinition } from './service/service-definition';

// A small harness for this library's suites (not exported). Libraries may not depend on
// @icjims/testing (module boundaries; it depends on this library), so these suites start
// their test services the same way on their own.

export interface RunningService {
  url: string;
  app: INestApplication;
  bus: InProcessBus;
  databaseUrl: string;
  tokenFor(role: Role, options?: { region?: string; sub?: string; ttlSeconds?: number }): Promise<string>;
  stop(): Promise<void>;
}

const createDatabase = (label: string) => createUniqueDatabase(process.env.TEST_POSTGRES_URL, label);

export async function startService(definition: ServiceDefinition, settings: Pick<SharedInfrastructure, 'idempotencyRetentionSeconds' | 'security' | 'retention' | 'operations'> = {}): Promise<RunningService> {
  const databaseUrl = await createDatabase('platform');
  const key = loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'icjims-platform-key-')));
  const bus = new InProcessBus();
  const app = await createServiceApp(definition, { database: { migrationUrl: databaseUrl }, bus, verifier: TokenVerifier.local(key), logLevel: 'silent', relayPollIntervalMs: 100, ...settings });
  await app.listen(0, '127.0.0.1');
  return {
    url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    app,
    bus,
    databaseUrl,
    tokenFor: (role, options = {}) =>
      issueLocalToken(key, { sub: options.sub ?? `test-${role}`, roles: [role], region: options.region, ttlSeconds: options.ttlSeconds }),
    async stop() {
      await stopServiceApps([app], 1000);
      await bus.close();
    },
  };
}

/** A started service with what most suites use beside it: its API root, an owner connection to its database, a prosecutor's token. */
export interface ServiceWithDatabase {
  service: RunningService;
  /** `<url>/api/v1` */
  api: string;
  database: Client;
  /** Role prosecutor, region KG-GB, sub prosecutor-gb. */
  prosecutor: string;
  stop(): Promise<void>;
}

export async function startServiceWithDatabase(definition: ServiceDefinition, settings: Parameters<typeof startService>[1] = {}): Promise<ServiceWithDatabase> {
  const service = await startService(definition, settings);
  const database = new Client({ connectionString: service.databaseUrl });
  await database.connect();
  return {
    service,
    api: `${service.url}/api/v1`,
    database,
    prosecutor: await service.tokenFor('prosecutor', { region: 'KG-GB', sub: 'prosecutor-gb' }),
    async stop() {
      await database.end();
      await service.stop();
    },
  };
}

export interface HttpResult {
  status: number;
  contentType: string;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test convenience: bodies are asserted field by field
  body: any;
}

export async function http(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; purpose?: string } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.purpose !== undefined) headers['x-purpose'] = options.purpose;
  const body = options.body !== undefined ? JSON.stringify(options.body) : options.rawBody;
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, contentType, headers: response.headers, body: /json/.test(contentType) && text ? JSON.parse(text) : text };
}

export function expectProblem(response: HttpResult, status: number): void {
  expect(response.status).toBe(status);
  expect(response.contentType).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({
    type: expect.stringMatching(/^urn:icjims:problem:/),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
}
