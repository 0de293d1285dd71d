import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, RunningProcess } from '../tests/e2e/support/processes';

/** `npm start` as an operator runs it, with its output in reports/e2e/<label>.log. */
export interface NpmStart extends RunningProcess {
  /** The launcher's own Node process (npm's child: the script execs node), once it is there. */
  launcherPid(): number | undefined;
}

/** A signal to a process that may have ended meanwhile. */
function signal(pid: number | undefined, name: NodeJS.Signals): void {
  try {
    if (pid !== undefined) process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** The children of a process and their command lines, from /proc (Linux). */
function childrenOf(pid: number | undefined): { pid: number; args: string[] }[] {
  if (pid === undefined) return [];
  const children: { pid: number; args: string[] }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = text.lastIndexOf(')');
      if (Number(text.slice(close + 2).split(' ')[1]) === pid) children.push({ pid: Number(name), args: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0') });
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/** Starts `npm start` in the repository with `env` added to this process's environment. */
export function npmStart(env: Record<string, string>, label: string): NpmStart {
  const folder = join(ROOT, 'reports', 'e2e');
  mkdirSync(folder, { recursive: true });
  const log = createWriteStream(join(folder, `${label}.log`));
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    log.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      log.end();
      done(code);
    }),
  );
  let launcher: number | undefined;
  // By its command line (`exec node tools/run-built.js embedded`): Node 24 names its main thread, and so the process's comm, MainThread.
  const launcherPid = () => (launcher ??= childrenOf(child.pid).find((entry) => entry.args.some((arg) => arg.endsWith('run-built.js')))?.pid);
  return {
    child,
    output: () => output,
    exited,
    launcherPid,
    /** The signal goes to the launcher itself (as a Ctrl-C in the terminal reaches it), then npm ends with it. */
    async stop(name = 'SIGTERM', timeoutMs = 20_000) {
      const pid = launcherPid();
      if (child.exitCode === null) signal(pid ?? child.pid, name);
      const timer = setTimeout(() => {
        signal(pid, 'SIGKILL');
        signal(child.pid, 'SIGKILL');
      }, timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** The five services, in the order of their default ports (3001…3005). */
export const SERVICES = ['case-registry', 'procedural-steps', 'probation', 'analytics', 'audit'] as const;

async function portsFree(ports: number[]): Promise<boolean> {
  for (const port of ports) {
    const free = await new Promise<boolean>((done) => {
      const server = createServer();
      server.once('error', () => done(false));
      server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
    });
    if (!free) return false;
  }
  return true;
}

/**
 * A port offset (40000 + a multiple of 10, clear of the e2e suites' range) whose five ports are
 * free on 127.0.0.1; `spread` moves the first guess, so two benches started together start apart.
 */
export async function choosePortOffset(spread = 0): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const offset = 40_000 + ((process.pid + spread + attempt * 37) % 1000) * 10;
    if (await portsFree(SERVICES.map((_, index) => 3001 + index + offset))) return offset;
  }
  throw new Error('no free port offset found for the launcher');
}
