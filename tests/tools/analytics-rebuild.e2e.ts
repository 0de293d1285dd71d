import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { publishEvents, RunningServices, startServices } from '@icjims/testing';
import { caseRegistered, startAnalytics, stepRecorded } from '../../apps/analytics/src/analytics.fixtures';
import { analyticsService } from '../../apps/analytics/src/analytics.service';

/** `npm run analytics:rebuild` as an operator runs it: a separate process against analytics' database, exit status and text out. */

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const run = promisify(execFile);

/** The embedded PostgreSQL in a folder of its own, in a child process (Jest cannot load the binaries' ESM package; see libs/persistence/src/testing). */
async function embeddedPostgres(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'libs/persistence/src/testing/embedded-postgres.process.ts'), dataDir, 'keep'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((done) => child.once('exit', done));
  const url = await new Promise<string>((done, fail) => {
    child.stdout.once('data', (chunk: Buffer) => done((JSON.parse(chunk.toString().split('\n')[0]) as { url: string }).url));
    void exited.then(() => fail(new Error('the embedded PostgreSQL did not start')));
  });
  return { url, stop: async () => void (child.kill('SIGTERM'), await exited) };
}

describe('analytics:rebuild', () => {
  let services: RunningServices;

  beforeAll(async () => {
    services = await startAnalytics();
    const registered = caseRegistered({ registeredAt: '2019-05-10T03:00:00Z' });
    await publishEvents(
      services.bus,
      registered,
      stepRecorded({ caseId: registered.data.caseId, stepType: 'indictment', occurredAt: '2019-07-01T04:00:00Z', recordedAt: '2019-07-01T05:00:00Z' }),
    );
  });
  afterAll(() => services?.stop());

  async function rebuild(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(TSX, ['tools/analytics-rebuild.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: services.databaseUrl, ...env } });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it('checks the aggregates against a rebuild, exits 1 on a difference without touching them, and a rebuild puts them right', async () => {
    const checked = await rebuild(['--check']);
    expect(checked).toMatchObject({ status: 0, stdout: expect.stringMatching(/^rebuilt for a check: 2 facts in \d+ ms on 2 sessions, \d+ facts\/s \(flow_case_stages 2, flow_counts \d+, flow_month_counts \d+, duration_case_spans 1, .*people_case_entries 0, .*\)\ncheck: the aggregates held are identical/) });

    await services.db.query(`UPDATE analytics.flow_counts SET cases = cases + 1 WHERE ctid = (SELECT ctid FROM analytics.flow_counts WHERE cases > 0 LIMIT 1)`);
    const tampered = await rebuild(['--check']);
    expect(tampered).toMatchObject({ status: 1, stdout: expect.stringMatching(/check: rows differ from the rebuild \(flow_counts 2\)/) });
    // The check left them as they were.
    expect((await rebuild(['--check'])).status).toBe(1);

    expect(await rebuild([])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^rebuilt: \d+ facts in \d+ ms on 2 sessions, \d+ facts\/s/) });
    expect((await rebuild(['--check'])).status).toBe(0);
    // One session: every part in one transaction, the same figures.
    expect(await rebuild(['--check', '--sessions', '1'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^rebuilt for a check: 2 facts in \d+ ms on 1 session, \d+ facts\/s \(flow_case_stages 2, .*\)\ncheck: the aggregates held are identical/) });
  }, 120_000);

  it('runs on the embedded PostgreSQL of an installation under ICJIMS_DATA_DIR when DATABASE_URL is not set', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'icjims-rebuild-'));
    chmodSync(dataDir, 0o755); // the server runs as "postgres" under root, and must reach its folder
    const database = await embeddedPostgres(join(dataDir, 'postgres'));
    try {
      const installation = await startServices([analyticsService], { databaseUrl: database.url });
      const registered = caseRegistered({ registeredAt: '2019-05-10T03:00:00Z' });
      await publishEvents(installation.bus, registered);
      await installation.stop();
    } finally {
      await database.stop();
    }
    const env: NodeJS.ProcessEnv = { ...process.env, ICJIMS_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    try {
      const { stdout } = await run(TSX, ['tools/analytics-rebuild.ts', '--check'], { cwd: ROOT, env });
      expect(stdout).toMatch(/^rebuilt for a check: 1 facts in \d+ ms on 2 sessions, \d+ facts\/s \(flow_case_stages 1, flow_counts \d+, flow_month_counts \d+, duration_case_spans 0, .*\)\ncheck: the aggregates held are identical/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses an unknown option, and a jurisdiction other than the installation’s, with exit 2', async () => {
    expect(await rebuild(['--everything'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^Unknown option '--everything'/) });
    for (const sessions of ['0', '17', 'two', '1.5', '']) {
      expect(await rebuild(['--sessions', sessions])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^--sessions must be an integer from 1 to 16\n/) });
    }
    expect(await rebuild([], { ICJIMS_JURISDICTION: 'EE' })).toMatchObject({ status: 2, stderr: expect.stringMatching(/^analytics runs under the KG jurisdiction, not EE/) });
  }, 60_000);
});
