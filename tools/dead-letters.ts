/**
 * `npm run dead-letters -- list|replay [--service S] [--id ID …] [--all] [--replayed] [--by NAME]`
 *
 * list     the dead letters each service keeps (not yet replayed; with --replayed, those too)
 * replay   asks the service that dead-lettered them to re-deliver the chosen ones (--id, or --all)
 *          through its handlers and inbox, once. The command only marks them: each service picks
 *          up its requests in the background (within about 5 s) and records when and how each
 *          replay went, which `list --replayed` shows. Replaying one already replayed does nothing.
 *
 * Against DATABASE_URL when set (a login that may act as each service's role, or the owner's);
 * else the embedded installation under ICJIMS_DATA_DIR (default .data) — its running PostgreSQL
 * if npm start is up, otherwise started for the command (the replay then happens at the next
 * npm start). Exit 0 when done, 1 on a failure, 2 on a usage error.
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
// Only the files it needs (not the libraries' indexes, with the bus, Kafka and Nest): it starts in a moment.
import { SERVICE_NAMES, ServiceName } from '../libs/contracts/src/events/services';
import { DeadLetterEntry, listDeadLetters, requestDeadLetterReplay } from '../libs/messaging/src/dead-letters/dead-letter-store';
import { OutboxMessage } from '../libs/messaging/src/outbox/outbox-message.entity';
import { startEmbeddedPostgres } from '../libs/persistence/src/embedded-postgres';
import { serviceSessionOptions } from '../libs/persistence/src/service-database';

const USAGE = `usage: npm run dead-letters -- list [--service S] [--replayed]
       npm run dead-letters -- replay [--service S] (--id ID … | --all) [--by NAME]
  --service S   only this service (${SERVICE_NAMES.join(', ')}); default every service
  --id ID       a dead letter's id, as list prints it (repeatable)
  --all         every dead letter not replayed yet
  --replayed    list the replayed ones too
  --by NAME     who asks, recorded with the replay (default the OS user)
against DATABASE_URL when set, else the embedded installation under ICJIMS_DATA_DIR (default .data)`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function usageError(message: string): never {
  process.stderr.write(`dead-letters: ${message}\n${USAGE}\n`);
  process.exit(2);
}

interface Command {
  action: 'list' | 'replay';
  services: readonly ServiceName[];
  ids: string[];
  all: boolean;
  replayed: boolean;
  by: string;
}

function parseCommand(): Command {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        service: { type: 'string' },
        id: { type: 'string', multiple: true },
        all: { type: 'boolean' },
        replayed: { type: 'boolean' },
        by: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const [action, ...extra] = positionals;
  if (action !== 'list' && action !== 'replay') usageError('say list or replay');
  if (extra.length) usageError(`unexpected ${extra.join(' ')}`);
  const service = values.service;
  if (service !== undefined && !(SERVICE_NAMES as readonly string[]).includes(service)) usageError(`no service ${service}`);
  const ids = values.id ?? [];
  for (const id of ids) if (!UUID.test(id)) usageError(`--id ${id} is not a dead letter's id (a UUID)`);
  if (action === 'replay' && ids.length === 0 && !values.all) usageError('replay needs --id ID or --all');
  if (action === 'replay' && ids.length > 0 && values.all) usageError('give --id or --all, not both');
  if (action === 'list' && (ids.length > 0 || values.all)) usageError('--id and --all are for replay');
  return {
    action,
    services: service ? [service as ServiceName] : SERVICE_NAMES,
    ids,
    all: values.all ?? false,
    replayed: values.replayed ?? false,
    by: values.by ?? process.env.USER ?? userInfo().username,
  };
}

/** The database: DATABASE_URL, the running embedded server, or one started for the command. */
async function connectDatabase(): Promise<{ url: string; session: 'service' | 'owner'; note?: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, session: 'service', stop: async () => undefined };
  const dataDir = resolve(process.env.ICJIMS_DATA_DIR || '.data');
  const cluster = join(dataDir, 'postgres');
  if (!existsSync(join(cluster, 'PG_VERSION'))) usageError(`no installation's database in ${cluster}: run npm start once, or set DATABASE_URL`);
  const running = runningPort(cluster);
  if (running) {
    const password = readFileSync(`${cluster}.password`, 'utf8').trim();
    return { url: `postgres://icjims:${encodeURIComponent(password)}@127.0.0.1:${running}/icjims`, session: 'owner', stop: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: cluster });
  return { url: embedded.url, session: 'owner', note: 'the installation is not running: the services replay what was asked at their next start', stop: embedded.stop };
}

/** The port of the server running on a cluster (from its pid file), if one is. */
function runningPort(cluster: string): number | undefined {
  const pidFile = join(cluster, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
    return Number(port);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? Number(port) : undefined; // EPERM: alive, run by the server's own user
  }
}

const schemaOf = (service: ServiceName) => service.replace(/-/g, '_');

/**
 * The chosen services whose schema this login can see with dead-letter replay columns (a
 * service's own login sees only its schema); one named alone must have them.
 */
async function servicesHere(url: string, chosen: readonly ServiceName[]): Promise<ServiceName[]> {
  const probe = new DataSource({ type: 'postgres', url, applicationName: 'dead-letters', extra: { max: 1 } });
  await probe.initialize();
  try {
    const rows: { schema: string }[] = await probe.query(
      `SELECT table_schema AS schema FROM information_schema.columns WHERE table_name = 'outbox' AND column_name = 'replayed_at' AND table_schema = ANY($1)`,
      [chosen.map(schemaOf)],
    );
    const here = chosen.filter((service) => rows.some((row) => row.schema === schemaOf(service)));
    if (chosen.length === 1 && here.length === 0) throw new Error(`${chosen[0]} has no dead-letter replay columns here: start it once so that its migrations apply (or check the login)`);
    return here;
  } finally {
    await probe.destroy();
  }
}

function describe(service: ServiceName, entry: DeadLetterEntry): string {
  const what = entry.eventType ? `${entry.eventType} ${entry.eventId}` : 'not an event';
  const replay = entry.replayedAt
    ? `replayed ${entry.replayedAt.toISOString()} (${entry.replayOutcome}, asked by ${entry.replayRequestedBy})`
    : entry.replayRequestedAt
      ? `replay asked ${entry.replayRequestedAt.toISOString()} by ${entry.replayRequestedBy}`
      : entry.replayOutcome === 'failed'
        ? `last replay failed: ${entry.replayError}`
        : 'open';
  return `${entry.id}  ${service}  ${entry.deadLetteredAt.toISOString()}  ${what}  from ${entry.sourceTopic}\n    reason: ${entry.reason}\n    ${replay}\n`;
}

async function main(): Promise<void> {
  const command = parseCommand();
  const database = await connectDatabase();
  let marked = 0;
  try {
    for (const service of await servicesHere(database.url, command.services)) {
      const schema = schemaOf(service);
      const dataSource = new DataSource({
        type: 'postgres',
        url: database.url,
        schema,
        entities: [OutboxMessage],
        applicationName: 'dead-letters',
        extra: { max: 1, options: serviceSessionOptions(schema, database.session) },
      });
      await dataSource.initialize();
      try {
        if (command.action === 'list') {
          for (const entry of await listDeadLetters(dataSource, { includeReplayed: command.replayed })) process.stdout.write(describe(service, entry));
        } else {
          const ids = await requestDeadLetterReplay(dataSource, command.all ? { all: true } : { ids: command.ids }, command.by);
          for (const id of ids) process.stdout.write(`${id}  ${service}  replay asked\n`);
          marked += ids.length;
        }
      } finally {
        await dataSource.destroy();
      }
    }
    if (command.action === 'replay') {
      process.stdout.write(`${marked} dead letter(s) to replay${marked ? '' : ' (none open and not already asked for)'}\n`);
      if (database.note && marked) process.stdout.write(`${database.note}\n`);
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`dead-letters: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
