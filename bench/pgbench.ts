import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** What PostgreSQL itself accepts on this machine: pgbench's single-row INSERT against the launcher's own server. */
export interface PgbenchResult {
  /** Undefined when pgbench could not run; `skipped` says why. */
  tps?: number;
  skipped?: string;
  clients: number;
  threads: number;
  seconds: number;
  /** The statement each transaction sends. */
  script: string;
  /** Average latency pgbench reports, ms. */
  latencyMs?: number;
  /** The machine's 1-minute load average when it ended. */
  loadAverage1m?: number;
}

const SCHEMA = 'bench_pgbench';
const SCRIPT = `\\set value random(1, 1000000)\nINSERT INTO ${SCHEMA}.rows (value) VALUES (:value);\n`;
export const PGBENCH_INSTALL_HINT = 'pgbench not found: install it with `apt-get install -y postgresql-client` (Debian/Ubuntu)';

/** The embedded cluster of a launcher started on `dataDir`: its port (postmaster.pid, line 4) and superuser password (beside the cluster). */
export function embeddedServer(dataDir: string): { port: number; password: string } {
  const cluster = join(dataDir, 'postgres');
  const port = Number(readFileSync(join(cluster, 'postmaster.pid'), 'utf8').split('\n')[3]);
  return { port, password: readFileSync(`${cluster}.password`, 'utf8').trim() };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string; missing: boolean }> {
  return new Promise((done) => {
    execFile(command, args, { env, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      done({ code, stdout, stderr, missing: (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' });
    });
  });
}

/** The figures of pgbench's summary (PostgreSQL 13 and later). */
export function parsePgbenchOutput(stdout: string): { tps?: number; latencyMs?: number } {
  const tps = /^tps = ([\d.]+)/m.exec(stdout)?.[1];
  const latency = /^latency average = ([\d.]+) ms/m.exec(stdout)?.[1];
  return { tps: tps === undefined ? undefined : Math.round(Number(tps) * 10) / 10, latencyMs: latency === undefined ? undefined : Number(latency) };
}

/**
 * `pgbench -n -c 16 -j 2 -T 10 -f insert.sql` against the launcher's embedded PostgreSQL (same
 * server, same durable settings, as its superuser), into a table of a scratch schema created
 * here and dropped after. Run while the launcher is idle, in the same bench run as its phases.
 */
export async function runPgbench(dataDir: string, options = { clients: 16, threads: 2, seconds: 10 }): Promise<PgbenchResult> {
  const base: PgbenchResult = { ...options, script: SCRIPT.trim().split('\n').pop() ?? '' };
  const { port, password } = embeddedServer(dataDir);
  const connection = { host: '127.0.0.1', port, user: 'icjims', password, database: 'icjims' };
  const admin = new Client(connection);
  await admin.connect();
  const folder = mkdtempSync(join(tmpdir(), 'icjims-pgbench-'));
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    await admin.query(`CREATE TABLE ${SCHEMA}.rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, value integer NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
    const script = join(folder, 'insert.sql');
    writeFileSync(script, SCRIPT);
    // The password goes by the environment, never on a command line or in a log.
    const env = { ...process.env, PGHOST: connection.host, PGPORT: String(port), PGUSER: connection.user, PGPASSWORD: password, PGDATABASE: connection.database };
    const args = ['-n', '-c', String(options.clients), '-j', String(options.threads), '-T', String(options.seconds), '-f', script];
    const result = await run('pgbench', args, env);
    if (result.missing) return { ...base, skipped: PGBENCH_INSTALL_HINT };
    const parsed = parsePgbenchOutput(result.stdout);
    if (result.code !== 0 || parsed.tps === undefined) return { ...base, skipped: `pgbench exited with ${result.code}: ${result.stderr.trim().slice(-500)}` };
    return { ...base, ...parsed };
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await admin.end();
    rmSync(folder, { recursive: true, force: true });
  }
}
