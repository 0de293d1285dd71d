import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** The embedded PostgreSQL, started in a child process (see testing/embedded-postgres.process.ts). */
async function startServer(dataDir: string, persistent = true): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'testing', 'embedded-postgres.process.ts'), dataDir, persistent ? 'keep' : 'throwaway'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const url = await new Promise<string>((done, fail) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) done((JSON.parse(stdout.split('\n')[0]) as { url: string }).url);
    });
    void exited.then((code) => fail(new Error(`embedded PostgreSQL exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function canLogIn(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('the embedded PostgreSQL’s superuser password', () => {
  const folder = mkdtempSync(join(tmpdir(), 'icjims-embedded-'));
  chmodSync(folder, 0o755); // the server runs as the unprivileged postgres user when we are root
  const dataDir = join(folder, 'postgres');
  const passwordFile = `${dataDir}.password`;
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('is generated on first start, kept next to the cluster (0600) and given again at the next start', async () => {
    const first = await startServer(dataDir);
    const password = readFileSync(passwordFile, 'utf8').trim();
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new URL(first.url).password).toBe(password);
    await first.stop();
    const again = await startServer(dataDir);
    expect(new URL(again.url).password).toBe(password);
    expect(await canLogIn(again.url)).toBe(true);
    await again.stop();
  }, 90_000);

  it('replaces the fixed password of a cluster made before it was generated', async () => {
    const running = await startServer(dataDir);
    const admin = new Client({ connectionString: running.url });
    await admin.connect();
    await admin.query(`ALTER ROLE icjims PASSWORD 'icjims-embedded'`); // as clusters were made before
    await admin.end();
    await running.stop();
    rmSync(passwordFile);

    const upgraded = await startServer(dataDir, false);
    const legacy = Object.assign(new URL(upgraded.url), { password: 'icjims-embedded' }).toString();
    expect(new URL(upgraded.url).password).toBe(readFileSync(passwordFile, 'utf8').trim());
    expect(await canLogIn(upgraded.url)).toBe(true);
    expect(await canLogIn(legacy)).toBe(false);
    await upgraded.stop();
    expect(existsSync(passwordFile)).toBe(false);
  }, 90_000);
});
