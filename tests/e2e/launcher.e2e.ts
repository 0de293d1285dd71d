import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { eventually, freePortOffset, http, SERVICE_PORTS } from '@icjims/testing';
import { ROOT, tempFolder, tokenMinter } from './support/processes';

/**
 * `npm start` as an operator runs it: the banner's token command works as printed; a signal to
 * npm (SIGTERM, as a service manager sends) or to its process group (a terminal's Ctrl-C) stops
 * everything — services drained, PostgreSQL stopped, npm exiting 0, nothing left behind; and
 * `npm run db:backup` while it runs, `npm run db:restore` while it is stopped, bring back that moment.
 */

const run = promisify(execFile);
// The embedded defaults, whatever the shell running the tests points at.
const EMBEDDED = { DATABASE_URL: '', DATABASE_MIGRATION_URL: '', KAFKA_BROKERS: '', OIDC_ISSUER: '', OIDC_AUDIENCE: '', OIDC_JWKS_URL: '', ICJIMS_JURISDICTION: '' };
// Default ports plus an offset of our own (chosen before the first start), away from other suites'
// installations and below the ports the kernel gives outgoing connections.
let offset = 0;
let ports: number[] = [];
let caseRegistry = '';
const A_CASE = { source: 'complaint', receivedAt: '2026-11-20T09:00:00Z', registeredAt: '2026-11-20T10:00:00Z', region: 'KG-GB', district: 'leninsky', agency: 'GUVD-GB', offenceArticle: '209-1', description: 'Fraud' };

interface Launcher {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start` in a process group of its own (as a terminal's foreground job), healthy on every port. */
async function npmStart(dataDir: string): Promise<Launcher> {
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, ...EMBEDDED, ICJIMS_DATA_DIR: dataDir, ICJIMS_PORT_OFFSET: String(offset), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const launcher = { child, output: () => output, exited };
  // `eventually` retries a probe that throws, so an exit is returned, not thrown, to stop the wait at once.
  const outcome = await eventually(
    async () => {
      if (child.exitCode !== null) return 'exited' as const;
      for (const port of ports) if ((await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status !== 200) return undefined;
      return output.includes('ICJIMS is running') ? ('healthy' as const) : undefined;
    },
    120_000,
    'npm start healthy on every port',
  );
  if (outcome === 'exited') throw new Error(`npm start exited with ${child.exitCode}: ${output.slice(-1500)}`);
  return launcher;
}

/** The embedded PostgreSQL's server process, from its pid file. */
function postgresPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** After the signal: npm exits 0, the server is gone with its pid file, and no port answers. */
async function expectStoppedCleanly(launcher: Launcher, dataDir: string, postgres: number): Promise<void> {
  const timer = setTimeout(() => launcher.child.kill('SIGKILL'), 60_000);
  const code = await launcher.exited;
  clearTimeout(timer);
  expect({ code, output: code === 0 ? '' : launcher.output().slice(-2000) }).toEqual({ code: 0, output: '' });
  expect(launcher.output()).toMatch(/"msg":"stopped"/);
  expect(isRunning(postgres)).toBe(false);
  expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  for (const port of ports) await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
}

describe('npm start', () => {
  // A folder name a shell would split, so that the banner must quote it.
  const dataDir = join(tempFolder('launcher'), 'data folder');
  const modulesLog = join(tempFolder('launcher-modules'), 'loaded.txt');
  const backupFile = join(tempFolder('launcher-backup'), 'before.tar.gz');
  let launcher: Launcher | undefined;
  // The case's region's prosecutor (the banner's token is for the pack's first region).
  const prosecutor = () => tokenMinter(dataDir)('prosecutor', A_CASE.region);
  let kept: string;
  let undone: string;
  const register = async () => {
    const registered = await http('POST', `${caseRegistry}/api/v1/cases`, { token: await prosecutor(), body: A_CASE });
    expect(registered.status).toBe(201);
    return registered.body.id as string;
  };
  const npmRun = (...args: string[]) => run('npm', ['run', '--silent', ...args], { cwd: ROOT, env: { ...process.env, ...EMBEDDED, ICJIMS_DATA_DIR: dataDir } });

  beforeAll(async () => {
    mkdirSync(dataDir, { mode: 0o755 });
    offset = await freePortOffset(25_000, 29_000);
    ports = SERVICE_PORTS.map((port) => port + offset);
    caseRegistry = `http://127.0.0.1:${ports[0]}`;
  });
  afterAll(() => {
    if (launcher?.child.exitCode === null && launcher.child.pid) process.kill(-launcher.child.pid, 'SIGKILL');
  });

  it('prints the token command for its data folder, which mints a token (alone on stdout) that the services accept', async () => {
    launcher = await npmStart(dataDir);
    const printed = /mint a token: (.+)$/m.exec(launcher.output())?.[1];
    expect(printed).toBe(`ICJIMS_DATA_DIR='${dataDir}' npm run token -- --role prosecutor --region KG-B`);

    // Built first if a source changed (as any first run would), so that the time is every later run's.
    await run(process.execPath, ['tools/run-built.js', '--build', 'token'], { cwd: ROOT });
    // Records, per node process (npm, the command, a build when a source changed), the CommonJS modules it loaded.
    const preload = join(tempFolder('launcher-preload'), 'record.js');
    writeFileSync(preload, `process.on('exit', () => require('fs').appendFileSync(${JSON.stringify(modulesLog)}, JSON.stringify(Object.keys(require.cache)) + '\\n'));\n`);
    const started = Date.now();
    const { stdout } = await run('sh', ['-c', printed!], { cwd: ROOT, env: { ...process.env, ...EMBEDDED, ICJIMS_DATA_DIR: '', NODE_OPTIONS: `--require ${preload}` } });
    process.stderr.write(`npm run token answered in ${Date.now() - started} ms\n`);

    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(decodeJwt(stdout.trim())).toMatchObject({ roles: ['prosecutor'], region: 'KG-B' });
    expect((await http('GET', `${caseRegistry}/api/v1/reference/regions`, { token: stdout.trim() })).status).toBe(200);
    // Neither a TypeScript toolchain nor NestJS: that is what made it take seconds.
    const processes = readFileSync(modulesLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as string[]);
    const command = processes.find((loaded) => loaded.some((file) => file.endsWith(join('dist', 'tools', 'token.js'))));
    expect(command?.filter((file) => /node_modules[\\/](tsx|typescript|esbuild|@swc|webpack|@nestjs)[\\/]/.test(file))).toEqual([]);
  }, 180_000);

  it('backs up every database while running', async () => {
    kept = await register();
    expect((await npmRun('db:backup', '--', '--to', backupFile)).stdout).toBe(`${backupFile}\n`);
    undone = await register();
  }, 90_000);

  it('stops everything on SIGTERM to npm', async () => {
    const postgres = postgresPid(dataDir);
    process.kill(launcher!.child.pid!, 'SIGTERM');
    await expectStoppedCleanly(launcher!, dataDir, postgres);
  }, 90_000);

  it('refuses to restore while running, restores when stopped, and starts on what the backup held', async () => {
    await npmRun('db:restore', '--', backupFile);
    launcher = await npmStart(dataDir);
    const read = async (id: string) => (await http('GET', `${caseRegistry}/api/v1/cases/${id}`, { token: await prosecutor(), purpose: 'investigation' })).status;
    expect([await read(kept), await read(undone)]).toEqual([200, 404]);
    await expect(npmRun('db:restore', '--', backupFile)).rejects.toMatchObject({ stderr: expect.stringContaining('is running') });
  }, 240_000);

  it('stops everything on SIGINT to its process group, as a terminal’s Ctrl-C', async () => {
    const postgres = postgresPid(dataDir);
    process.kill(-launcher!.child.pid!, 'SIGINT');
    await expectStoppedCleanly(launcher!, dataDir, postgres);
  }, 180_000);
});
