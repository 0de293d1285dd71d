import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '@icjims/persistence';
import { createTestDatabase, eventually } from '@icjims/testing';
import { build, ROOT, startProcess, tempFolder, waitForHealth } from './support/processes';

/** `node dist/apps/audit/main.js --migrate-only`: the migration step, run to its end. */
function migrateOnly(env: Record<string, string>): { status: number | null; lines: string[] } {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'apps', 'audit', 'main.js'), '--migrate-only'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', DATABASE_MIGRATION_URL: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, lines: `${result.stdout}${result.stderr}`.trim().split('\n').filter(Boolean) };
}

/** How a deployment runs a service: migrated by a separate step as the owner, then serving as its own login. */
describe('database logins of a service started alone', () => {
  let ownerUrl: string;
  let owner: Client;
  const login = `t_audit_${randomBytes(4).toString('hex')}`;
  const runtimeUrl = () => Object.assign(new URL(ownerUrl), { username: login, password: 'e2e-only' }).toString();

  beforeAll(async () => {
    build('audit');
    ownerUrl = await createTestDatabase('e2e_logins');
    owner = new Client({ connectionString: ownerUrl });
    await owner.connect();
  }, 120_000);
  afterAll(async () => {
    await owner.query(`DROP OWNED BY ${login}`).catch(() => undefined);
    await owner.query(`DROP ROLE IF EXISTS ${login}`);
    await owner.end();
  });

  it('takes a superuser DATABASE_URL alone as the owner: it migrates, and the service serves as its own login', async () => {
    const database = await createTestDatabase('e2e_logins_alone');
    const port = await freePort();
    const service = startProcess('audit', { DATABASE_URL: database, PORT: String(port), HOST: '127.0.0.1', ICJIMS_DATA_DIR: tempFolder('e2e-logins') }, 'logins-alone');
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, service);
      const sessions = await eventually(async () => {
        const { rows } = await owner.query<{ login: string }>(`SELECT DISTINCT usename AS login FROM pg_stat_activity WHERE datname = $1 AND application_name = 'audit'`, [new URL(database).pathname.slice(1)]);
        return rows.length ? rows : undefined;
      });
      expect(sessions).toEqual([{ login: 'icjims_audit' }]);
    } finally {
      await service.stop();
    }
  }, 90_000);

  it('refuses, in one line, to serve as a login that owns objects but may not create logins', async () => {
    const mighty = `t_owner_${randomBytes(4).toString('hex')}`;
    await owner.query(`CREATE ROLE ${mighty} LOGIN PASSWORD 'e2e-only'; CREATE TABLE public.${mighty}_mine (); ALTER TABLE public.${mighty}_mine OWNER TO ${mighty}`);
    try {
      const url = Object.assign(new URL(ownerUrl), { username: mighty, password: 'e2e-only' }).toString();
      const running = startProcess('audit', { DATABASE_URL: url, ICJIMS_DATA_DIR: tempFolder('e2e-logins') }, 'logins-owner');
      expect(await running.exited).toBe(1);
      // Besides the JSON log, only the one line (and the standing note that Kafka is not set).
      const lines = running.output().trim().split('\n').filter((line) => !line.startsWith('{') && !line.startsWith('audit: KAFKA_BROKERS is not set'));
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^Database login "${mighty}" in DATABASE_URL .*owns database objects.*DATABASE_MIGRATION_URL`))]);
    } finally {
      await owner.query(`DROP TABLE public.${mighty}_mine; DROP ROLE ${mighty}`);
    }
  }, 30_000);

  it('refuses the migration step without the owner’s URL', () => {
    expect(migrateOnly({ DATABASE_URL: runtimeUrl() })).toEqual({ status: 1, lines: ['Invalid configuration: --migrate-only needs DATABASE_MIGRATION_URL (the login that owns the schemas)'] });
  });

  it('migrates as the owner in a separate step, then serves as a login that owns nothing', async () => {
    expect(migrateOnly({ DATABASE_MIGRATION_URL: ownerUrl, DATABASE_URL: runtimeUrl() }).status).toBe(0);
    const port = await freePort();
    const service = startProcess('audit', { DATABASE_URL: runtimeUrl(), PORT: String(port), HOST: '127.0.0.1', ICJIMS_DATA_DIR: tempFolder('e2e-logins') }, 'logins-audit');
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, service);
      const database = new URL(ownerUrl).pathname.slice(1);
      const sessions = await eventually(async () => {
        const { rows } = await owner.query<{ login: string }>(`SELECT DISTINCT usename AS login FROM pg_stat_activity WHERE datname = $1 AND application_name = 'audit'`, [database]);
        return rows.length ? rows : undefined;
      });
      expect(sessions).toEqual([{ login }]);
      expect(service.output()).not.toContain(new URL(ownerUrl).password);
    } finally {
      await service.stop();
    }
  }, 90_000);
});
