import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { Role } from '@icjims/contracts';
import { eventually } from '@icjims/testing';
import { launcherArguments, ROOT, tempFolder, tokenMinter } from '../../e2e/support/processes';
import { Service, SERVICES, Target } from './target';

// The embedded defaults, whatever the shell running the tests points at.
const EMBEDDED = { DATABASE_URL: '', DATABASE_MIGRATION_URL: '', KAFKA_BROKERS: '', OIDC_ISSUER: '', OIDC_AUDIENCE: '', OIDC_JWKS_URL: '', ICJIMS_JURISDICTION: '' };

/**
 * An embedded installation (`npm start`'s launcher, all five services and PostgreSQL) in a fresh
 * data folder on ports of its own, run as a child process that a test may kill outright and start
 * again on the same folder.
 */
export class Installation implements Target {
  readonly dataDir: string;
  readonly urls: Record<Service, string>;
  readonly tokenFor: (role: Role, region?: string) => Promise<string>;
  private launcher: ChildProcess | undefined;
  private output = '';
  private starts = 0;

  constructor(
    private readonly label: string,
    private readonly offset: number,
  ) {
    this.dataDir = join(tempFolder(label), 'data');
    mkdirSync(this.dataDir, { mode: 0o755 });
    this.urls = Object.fromEntries(SERVICES.map((service, index) => [service, `http://127.0.0.1:${3001 + index + offset}`])) as Record<Service, string>;
    const mint = tokenMinter(this.dataDir);
    this.tokenFor = (role, region) => mint(role, region, { sub: `${role}-faults` });
  }

  api(service: Service): string {
    return `${this.urls[service]}/api/v1`;
  }

  /** Starts the launcher (as `npm start` execs it) and waits until every service is healthy. */
  async start(timeoutMs = 180_000): Promise<void> {
    this.starts++;
    mkdirSync(join(ROOT, 'reports', 'faults'), { recursive: true });
    const log = createWriteStream(join(ROOT, 'reports', 'faults', `${this.label}-${this.starts}.log`));
    const child = spawn(process.execPath, launcherArguments(), {
      cwd: ROOT,
      env: { ...process.env, ...EMBEDDED, ICJIMS_DATA_DIR: this.dataDir, ICJIMS_PORT_OFFSET: String(this.offset), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.launcher = child;
    this.output = '';
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
      log.write(chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => log.end());
    const outcome = await eventually(
      async () => {
        if (child.exitCode !== null) return 'exited' as const;
        for (const url of Object.values(this.urls)) if ((await fetch(`${url}/health`).catch(() => undefined))?.status !== 200) return undefined;
        return 'healthy' as const;
      },
      timeoutMs,
      `${this.label}: every service healthy`,
    );
    if (outcome === 'exited') throw new Error(`the launcher exited with ${child.exitCode}: ${this.output.slice(-2000)}`);
  }

  /** kill -9 of the launcher: no shutdown at all (its PostgreSQL, in a process group of its own, is left running). */
  async kill(): Promise<void> {
    const child = this.launcher;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  }

  /** A clean stop (SIGTERM), then the PostgreSQL the launcher left if it was killed before. */
  async stop(): Promise<void> {
    const child = this.launcher;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    }
    const pid = this.postgresPid();
    if (pid) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
    await eventually(async () => (this.postgresPid() === undefined ? true : undefined), 60_000, `${this.label}: PostgreSQL stopped`);
  }

  /** Stopped, and its data folder removed (the launcher's logs stay under reports/faults). */
  async discard(): Promise<void> {
    await this.stop();
    rmSync(dirname(this.dataDir), { recursive: true, force: true });
  }

  recentOutput(): string {
    return this.output;
  }

  /** The pid of the installation's PostgreSQL postmaster, while it runs. */
  postgresPid(): number | undefined {
    try {
      const pid = Number(readFileSync(join(this.dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }

  /** An owner's connection to the running installation's database, in a service's schema. */
  async sql(schema: string): Promise<Client> {
    const cluster = join(this.dataDir, 'postgres');
    const port = Number(readFileSync(join(cluster, 'postmaster.pid'), 'utf8').split('\n')[3]);
    const password = readFileSync(`${cluster}.password`, 'utf8').trim();
    const client = new Client({ host: '127.0.0.1', port, user: 'icjims', password, database: 'icjims', options: `-c search_path=${schema}` });
    await client.connect();
    return client;
  }
}
