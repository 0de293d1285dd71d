import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { issueLocalToken, loadOrCreateSigningKey } from '@icjims/auth';
import { Role } from '@icjims/contracts';
import { eventually } from '@icjims/testing';

export const ROOT = resolve(__dirname, '../../..');
const LOG_DIR = join(ROOT, 'reports', 'e2e');

/**
 * What `npm start` passes to node (package.json's start script, `exec node <arguments>`): its V8
 * flags, then tools/run-built.js and its command — for the tests and benches that start the
 * launcher without npm in between.
 */
export function launcherArguments(): string[] {
  const start: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start;
  const [exec, node, ...args] = start.split(/\s+/);
  if (exec !== 'exec' || node !== 'node') throw new Error(`package.json's start script is not "exec node …": ${start}`);
  return args;
}

/** Builds the given projects into dist/ as `npm run build` does. */
export function build(...projects: string[]): void {
  for (const project of projects) {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'webpack'), ['--config', 'webpack.config.js', '--env', `project=${project}`], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  }
}

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code when the process ends by itself (null if a signal ended it). */
  exited: Promise<number | null>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/** Starts `node dist/apps/<project>/main.js`; its output goes to reports/e2e/<label>.log and is kept for assertions. */
export function startProcess(project: string, env: Record<string, string>, label = project): RunningProcess {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(join(LOG_DIR, `${label}.log`));
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', project, 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    log.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      log.end();
      done(code);
    }),
  );
  return {
    child,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM', timeoutMs = 20_000) {
      if (child.exitCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Waits until GET /health answers 200; fails at once if the process serving it has exited. */
export async function waitForHealth(baseUrl: string, serving: RunningProcess, timeoutMs = 60_000): Promise<void> {
  // `eventually` retries a probe that throws, so an exit is returned, not thrown, to stop the wait at once.
  const outcome = await eventually(
    async () => {
      if (serving.child.exitCode !== null) return 'exited' as const;
      return (await fetch(`${baseUrl}/health`).catch(() => undefined))?.status === 200 ? ('healthy' as const) : undefined;
    },
    timeoutMs,
    `${baseUrl}/health`,
  );
  if (outcome === 'exited') throw new Error(`exited with ${serving.child.exitCode}: ${serving.output().slice(-1500)}`);
}

/** A fresh folder under the system temp folder that the unprivileged postgres user can enter. */
export function tempFolder(label: string): string {
  const folder = mkdtempSync(join(tmpdir(), `icjims-${label}-`));
  chmodSync(folder, 0o755);
  return folder;
}

/** Mints tokens with the installation's key under `dataDir`, as `npm run token` does (`--office`, `--sub` as `claims`). */
export function tokenMinter(dataDir: string) {
  let key: ReturnType<typeof loadOrCreateSigningKey> | undefined;
  return async (role: Role, region?: string, claims: { office?: string; sub?: string } = {}) =>
    issueLocalToken((key ??= loadOrCreateSigningKey(dataDir)), { sub: claims.sub ?? `${role}-e2e`, roles: [role], region, office: claims.office });
}
