/**
 * Backs up and restores an embedded installation (the data folder of `npm start`, ICJIMS_DATA_DIR,
 * default .data): every service's database — the whole PostgreSQL cluster, whose `icjims` database
 * holds one schema per service — with its superuser's password, the token signing key and the
 * tree-head keys, in one .tar.gz.
 *   npm run db:backup [-- --to FILE]   while running (an online copy of the cluster: PostgreSQL's
 *                                      backup functions, the WAL written meanwhile kept by a temporary
 *                                      replication slot) or stopped; default file
 *                                      <data>/backups/icjims-<UTC date and time>.tar.gz
 *   npm run db:restore -- FILE         into a stopped installation: what the backup holds replaces
 *                                      the same entries of the data folder (the rest is left alone)
 * A server started on a restored cluster replays the WAL copied with it, then serves. The
 * embedded PostgreSQL ships no pg_dump; for DATABASE_URL installations use the server's own tools.
 * Exit 0 when done, 1 on a failure, 2 on a usage error.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { embeddedServerUser, giveToServerUser } from '@icjims/persistence';

const USAGE = `usage: npm run db:backup [-- --to FILE]   |   npm run db:restore -- FILE
the embedded installation under ICJIMS_DATA_DIR (default .data); restore only while it is stopped`;
const BACKUPS = 'backups';
// What PostgreSQL's documentation says a file-level backup leaves out: the server's own run-time
// files, and folders whose contents are rebuilt at start. pg_wal is copied after the backup ends.
const LEFT_OUT_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'pg_internal.init']);
const EMPTIED_FOLDERS = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n${code === 2 ? `${USAGE}\n` : ''}`);
  process.exit(code);
}

/** The PostgreSQL clusters of the data folder: `postgres` (npm start) and `postgres-<service>` (services started alone). */
function clustersIn(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir).filter((name) => /^postgres(-[\w-]+)?$/.test(name) && existsSync(join(dataDir, name, 'PG_VERSION')));
}

/** The server running on a cluster (from its pid file), if any. */
function runningServer(cluster: string): { pid: number; port: number } | undefined {
  const pidFile = join(cluster, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
    return { pid: Number(pid), port: Number(port) };
  } catch {
    return undefined; // left by a server that is gone
  }
}

/**
 * Copies a folder, keeping modes. A file that goes while it is copied (a running server drops and
 * recycles files) is skipped: the server's WAL, copied after, says what became of it.
 */
function copyTree(from: string, to: string, leaveOut: (path: string) => boolean = () => false): void {
  mkdirSync(to, { mode: statSync(from).mode & 0o7777 });
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (leaveOut(source)) continue;
    try {
      const stat = lstatSync(source);
      if (stat.isDirectory()) copyTree(source, join(to, name), leaveOut);
      else if (stat.isFile()) copyFileSync(source, join(to, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** An online copy: between pg_backup_start and pg_backup_stop, then the WAL up to the end of the backup. */
async function copyRunningCluster(cluster: string, realCluster: string, port: number, to: string): Promise<void> {
  const password = readFileSync(`${cluster}.password`, 'utf8').trim();
  const client = new Client({ host: '127.0.0.1', port, user: 'icjims', password, database: 'postgres' });
  await client.connect();
  try {
    // Holds the WAL from here on until this session ends, so that no checkpoint recycles what the copy needs.
    await client.query('SELECT pg_create_physical_replication_slot($1, true, true)', [`icjims_backup_${process.pid}`]);
    await client.query('SELECT pg_backup_start($1, true)', [`icjims ${new Date().toISOString()}`]);
    copyTree(realCluster, to, (path) => LEFT_OUT_FILES.has(basename(path)) || EMPTIED_FOLDERS.has(basename(dirname(path))) || basename(path).startsWith('pgsql_tmp'));
    const { rows } = await client.query<{ labelfile: string; spcmapfile: string }>('SELECT labelfile, spcmapfile FROM pg_backup_stop(false)');
    writeFileSync(join(to, 'backup_label'), rows[0].labelfile, { mode: 0o600 });
    if (rows[0].spcmapfile) writeFileSync(join(to, 'tablespace_map'), rows[0].spcmapfile, { mode: 0o600 });
    rmSync(join(to, 'pg_wal'), { recursive: true, force: true });
    copyTree(join(realCluster, 'pg_wal'), join(to, 'pg_wal'));
  } finally {
    await client.end();
  }
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

async function backup(dataDir: string, to: string | undefined): Promise<void> {
  const clusters = clustersIn(dataDir);
  if (clusters.length === 0) fail(`no embedded PostgreSQL under ${dataDir} (ICJIMS_DATA_DIR): nothing to back up`);
  const file = resolve(to ?? join(dataDir, BACKUPS, `icjims-${stamp()}.tar.gz`));
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const staging = `${file}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { mode: 0o700 });
  try {
    for (const name of readdirSync(dataDir)) {
      const entry = join(dataDir, name);
      if (name === BACKUPS || entry === staging || entry === file) continue;
      if (!clusters.includes(name)) {
        if (statSync(entry).isDirectory()) copyTree(entry, join(staging, name));
        else copyFileSync(entry, join(staging, name));
        continue;
      }
      // A cluster kept elsewhere and linked from here (see startEmbeddedPostgres) is copied from where it is.
      const server = runningServer(entry);
      if (server) await copyRunningCluster(entry, realpathSync(entry), server.port, join(staging, name));
      else copyTree(realpathSync(entry), join(staging, name), (path) => LEFT_OUT_FILES.has(basename(path)));
    }
    execFileSync('tar', ['-czf', `${file}.tmp`, '-C', staging, '.'], { stdio: ['ignore', 'ignore', 'inherit'] });
    chmodSync(`${file}.tmp`, 0o600); // it holds the installation's keys and passwords
    renameSync(`${file}.tmp`, file);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(`${file}.tmp`, { force: true });
  }
  process.stderr.write(`backed up ${clusters.join(', ')} and the keys of ${dataDir} into\n`);
  process.stdout.write(`${file}\n`);
}

async function restore(dataDir: string, file: string): Promise<void> {
  if (!existsSync(file)) fail(`${file}: no such file`, 2);
  const running = clustersIn(dataDir).filter((name) => runningServer(join(dataDir, name)));
  if (running.length) fail(`the installation under ${dataDir} is running (${running.join(', ')}): stop it (Ctrl-C on npm start) before restoring`);
  mkdirSync(dataDir, { recursive: true });
  const staging = join(dataDir, `.restore-${stamp()}`);
  mkdirSync(staging, { mode: 0o700 });
  try {
    execFileSync('tar', ['-xzf', resolve(file), '-C', staging], { stdio: ['ignore', 'ignore', 'inherit'] });
    const clusters = clustersIn(staging);
    if (clusters.length === 0) fail(`${file} is not a backup of an embedded installation (no PostgreSQL cluster in it)`);
    const user = embeddedServerUser();
    for (const name of readdirSync(staging)) {
      const target = join(dataDir, name);
      if (clusters.includes(name)) giveToServerUser(join(staging, name), user);
      // A cluster kept elsewhere and linked from here is replaced where it is; the link stays.
      const linked = existsSync(target) && lstatSync(target).isSymbolicLink();
      if (linked) {
        const real = realpathSync(target);
        rmSync(real, { recursive: true, force: true });
        copyTree(join(staging, name), real);
        if (clusters.includes(name)) giveToServerUser(real, user);
      } else {
        rmSync(target, { recursive: true, force: true });
        renameSync(join(staging, name), target);
      }
    }
    process.stderr.write(`restored ${clusters.join(', ')} and the keys into ${dataDir} from ${resolve(file)}; start it with npm start\n`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { to: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    fail((error as Error).message, 2);
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dataDir = resolve(process.env.ICJIMS_DATA_DIR || '.data');
  if (command === 'backup' && parsed.positionals.length === 0) return backup(dataDir, parsed.values.to);
  if (command === 'restore' && parsed.positionals.length === 1 && !parsed.values.to) return restore(dataDir, parsed.positionals[0]);
  fail(command === 'restore' ? 'name the backup file to restore' : `unexpected arguments: ${rest.join(' ')}`, 2);
}

main().catch((error: unknown) => fail(`${error instanceof Error ? error.message : String(error)}`));
