import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueLocalToken, loadOrCreateSigningKey, LocalSigningKey, TokenVerifier } from '@icjims/auth';
import { Role } from '@icjims/contracts';
import { EventBus, InProcessBus } from '@icjims/messaging';
import { serviceRuntimeUrl, serviceSessionOptions } from '@icjims/persistence';
import { Jurisdiction } from '@icjims/jurisdiction';
import { createServiceApp, ServiceDefinition, stopServiceApps } from '@icjims/platform';
import { createTestDatabase } from './database';

export interface TokenFor {
  (role: Role | Role[], options?: { region?: string; office?: string; sub?: string; ttlSeconds?: number }): Promise<string>;
}

/** A signing key in a fresh folder, and a way to mint tokens with it. */
export async function testSigningKey(): Promise<{ key: LocalSigningKey; verifier: TokenVerifier; tokenFor: TokenFor }> {
  const key = loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'icjims-key-')));
  const tokenFor: TokenFor = (role, options = {}) =>
    issueLocalToken(key, {
      sub: options.sub ?? `test-${Array.isArray(role) ? role.join('-') : role}`,
      roles: Array.isArray(role) ? role : [role],
      region: options.region,
      office: options.office,
      ttlSeconds: options.ttlSeconds,
    });
  return { key, verifier: TokenVerifier.local(key), tokenFor };
}

export interface RunningServices {
  /** Base URL (http://127.0.0.1:port) of each started service, by name. */
  urls: Record<string, string>;
  apps: INestApplication[];
  bus: EventBus;
  /** The database, as its owner (the migration login, a superuser): pass it to start the same services again on it. */
  databaseUrl: string;
  /** The run's own folder for transparency keys (`keys/`) and checkpoint files (`checkpoints/`): pass it to start again on the same ones. */
  transparencyDir: string;
  /** One session on that database, as its owner, for looking behind the API (closed by stop). */
  db: Client;
  /**
   * A session as the named service's runtime login, in its schema — what its own SQL can
   * and cannot do (e.g. an UPDATE of an append-only table fails). Closed by stop.
   */
  dbAsService(name: string): Client;
  tokenFor: TokenFor;
  stop(): Promise<void>;
}

/**
 * Starts services as `npm start` does — one database, one bus, one signing key — but on
 * a fresh database and free ports, with a fast relay (a relay polls every 100 ms unless
 * `relayPollIntervalMs` says otherwise; `npm start` polls every second).
 */
export async function startServices(
  definitions: ServiceDefinition[],
  options: { bus?: EventBus; databaseUrl?: string; transparencyDir?: string; jurisdiction?: Jurisdiction; relayPollIntervalMs?: number } = {},
): Promise<RunningServices> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase(definitions.map((d) => d.name).join('_')));
  const bus = options.bus ?? new InProcessBus();
  const { verifier, tokenFor } = await testSigningKey();
  // Signed tree heads of this database go to a folder of its own, never to the installation's under .data/.
  const transparencyDir = options.transparencyDir ?? mkdtempSync(join(tmpdir(), 'icjims-transparency-'));
  const apps: INestApplication[] = [];
  const urls: Record<string, string> = {};
  for (const definition of definitions) {
    const app = await withEnvironment({ ICJIMS_TRANSPARENCY_KEY_DIR: join(transparencyDir, 'keys'), ICJIMS_CHECKPOINT_DIR: join(transparencyDir, 'checkpoints') }, () =>
      createServiceApp(definition, {
        database: { migrationUrl: databaseUrl },
        bus,
        verifier,
        logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
        relayPollIntervalMs: options.relayPollIntervalMs ?? 100,
        jurisdiction: options.jurisdiction,
      }),
    );
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    urls[definition.name] = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const asService = new Map<string, Client>();
  for (const definition of definitions) {
    const runtimeUrl = serviceRuntimeUrl({ migrationUrl: databaseUrl }, definition.schema);
    const session = new Client({ connectionString: runtimeUrl, options: serviceSessionOptions(definition.schema) });
    await session.connect();
    asService.set(definition.name, session);
  }
  return {
    urls,
    apps,
    bus,
    databaseUrl,
    transparencyDir,
    db,
    dbAsService(name) {
      const session = asService.get(name);
      if (!session) throw new Error(`${name} was not started here (started: ${[...asService.keys()].join(', ')})`);
      return session;
    },
    tokenFor,
    async stop() {
      await db.end();
      for (const session of asService.values()) await session.end();
      await stopServiceApps(apps, 1000);
      await bus.close();
    },
  };
}

/** Runs `work` with these variables set (services read their settings as they are created), then puts back what was there. */
async function withEnvironment<T>(variables: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return await work();
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
