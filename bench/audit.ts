/**
 * The audit log's own figures: append throughput through the real consumer (the in-process
 * bus, the inbox, the batched handler, hash chain and Merkle tree, with a checkpoint signed
 * every second meanwhile) and the time to verify the whole log against its checkpoints,
 * measured at a size generated in minutes and extrapolated linearly to 10 million entries
 * (verification reads and hashes each entry once).
 *
 * `npm run bench` runs it as its last step; alone: `npx tsx bench/audit.ts`. Sizes:
 * BENCH_AUDIT_APPEND (default 50000 events) and BENCH_AUDIT_VERIFY_ENTRIES (default 1000000).
 * The audit service's consumer, checkpoints and verifier run here without HTTP (the figures
 * are theirs) on an embedded PostgreSQL of its own with durable settings, as `npm start` runs.
 * The events reach AccessEvents as they do in the service: published on the in-process bus,
 * received by its EventConsumer (the service's batch size, the inbox) through the NestJS bus
 * transport (BusTransport), which finds the @EventPattern method. They come from five
 * producers at once; the entries to verify beyond those are written by the service's own
 * append code (appendAccessEntries), in batches. Before the verification it waits until
 * autovacuum has visited the log as it does one in service (after every 100,000 new entries,
 * migration 1763900000540): a verification then reads pages whose hint bits are set, but for the
 * entries since autovacuum's last visit, which it reports; and until autovacuum has nothing
 * left to do on any table, so that the verification has the cores to itself. Each phase also
 * reports its CPU per entry (this process and PostgreSQL) and the load average: the two cores
 * are shared. Writes reports/bench/audit.json.
 */
import { CheckReporter, runAlone } from './report';
import 'reflect-metadata'; // the workspace libs carry decorators
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AccessRecorded, AccessRecordedV1, CloudEvent, eventTopic, newCloudEvent, SERVICE_NAMES, ServiceName } from '@icjims/contracts';
import { CheckpointLog } from '@icjims/integrity';
import { BusTransport, EventConsumer, EventOutbox, InboxEntry, InProcessBus, MessagingTables1763900000000, OutboxMessage, OutboxRelay, RethrowBusErrors, UnitOfWork } from '@icjims/messaging';
import { createLogger, ServiceMetrics } from '@icjims/observability';
import { migrateServiceDatabase, startEmbeddedPostgres } from '@icjims/persistence';
import { ACCESS_LOG_NAME, appendAccessEntries } from '../apps/audit/src/access-log/access-log.store';
import { AccessEvents } from '../apps/audit/src/access-log/record-access.handlers';
import { auditService } from '../apps/audit/src/audit.service';
import { AccessCheckpoints } from '../apps/audit/src/transparency/access-checkpoints';
import { AccessLogVerifier } from '../apps/audit/src/transparency/access-log-verifier';
import { openAccessTransparency } from '../apps/audit/src/transparency/access-transparency';
import { ROOT, tempFolder } from '../tests/e2e/support/processes';
import { postgresCpuMs } from './cpu';

const APPEND_EVENTS = Number(process.env.BENCH_AUDIT_APPEND || 50_000);
const VERIFY_ENTRIES = Number(process.env.BENCH_AUDIT_VERIFY_ENTRIES || 1_000_000);
/** Events each producer hands to the bus per publish. */
const PUBLISH_CHUNK = 500;
const GENERATE_BATCH = 10_000;
const TARGET_APPENDS_PER_SEC = 5_000;
const TARGET_VERIFY_10M_SECONDS = 60;

export interface AuditBenchReport {
  append: {
    events: number;
    ms: number;
    perSec: number;
    checkpointsSigned: number;
    /** CPU per event, this process (producers, bus, consumer) and the PostgreSQL cluster. */
    cpuMicrosPerEntry?: CpuPerEntry;
    loadAverage: [number, number];
  };
  verify: {
    entries: number;
    generateMs: number;
    ms: number;
    entriesPerSec: number;
    valid: boolean;
    extrapolated10MSeconds: number;
    /** CPU per entry, this process (all its threads) and the PostgreSQL cluster: what the figure costs, however busy the machine. */
    cpuMicrosPerEntry?: CpuPerEntry;
    /** 1-minute load average before and after: the two cores are shared with whatever else runs. */
    loadAverage: [number, number];
    /** How long the verification waited for autovacuum's visit, and the entries inserted since that visit (no vacuum had read them). */
    autovacuum: AutovacuumCaughtUp;
  };
}

/** CPU µs per entry of a phase: this process (all its threads) and the PostgreSQL cluster — what a figure costs, however busy the machine. */
interface CpuPerEntry {
  node: number;
  postgres: number;
}

/** CPU ms used so far by the PostgreSQL cluster in `dataDir` (bench/cpu.ts); undefined where /proc or its postmaster.pid does not tell. */
function clusterCpuMs(dataDir: string): number | undefined {
  try {
    return postgresCpuMs(Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0].trim()));
  } catch {
    return undefined;
  }
}

/** Starts counting CPU (this process and the cluster in `postgresDir`); the function returned gives it per entry since then, when /proc tells. */
function cpuMeter(postgresDir: string): (entries: number) => CpuPerEntry | undefined {
  const [nodeBefore, postgresBefore] = [process.cpuUsage(), clusterCpuMs(postgresDir)];
  return (entries) => {
    const [node, postgresAfter] = [process.cpuUsage(nodeBefore), clusterCpuMs(postgresDir)];
    if (postgresBefore === undefined || postgresAfter === undefined) return undefined;
    const perEntry = (micros: number) => Math.round((micros / entries) * 100) / 100;
    return { node: perEntry(node.user + node.system), postgres: perEntry((postgresAfter - postgresBefore) * 1000) };
  };
}

interface AutovacuumCaughtUp {
  waitedMs: number;
  unvisitedEntries: number;
}

/**
 * Waits (at most `maxMs`) until the statistics count every entry of the log inserted,
 * autovacuum has no reason left to visit the log — fewer entries inserted since its last visit
 * than the threshold the log's migration sets (autovacuum_vacuum_insert_threshold, with no part
 * of the table's size on top) — nor any other table of the schema (by its own settings or the
 * server's), and no autovacuum worker is at work, at two looks a second apart. The bench writes
 * in two minutes what a service writes in months, so autovacuum still had the Merkle tree's
 * 2 million new rows to visit after the log's, and a verification started meanwhile shared the
 * two cores with it: 7.0–7.3 s for 1,000,000 entries against 4.7–5.2 s once it was done
 * (2026-12-07 afternoon, bench/RESULTS.md).
 */
async function untilAutovacuumCaughtUp(dataSource: DataSource, entries: number, maxMs = 300_000): Promise<AutovacuumCaughtUp> {
  const started = performance.now();
  let idleLooks = 0;
  for (;;) {
    const [state] = (await dataSource.query(
      `WITH tables AS (
         SELECT s.relid, s.n_tup_ins, s.n_ins_since_vacuum,
                coalesce((SELECT option_value::float8 FROM pg_options_to_table(c.reloptions) WHERE option_name = 'autovacuum_vacuum_insert_threshold'),
                         current_setting('autovacuum_vacuum_insert_threshold')::float8)
                + coalesce((SELECT option_value::float8 FROM pg_options_to_table(c.reloptions) WHERE option_name = 'autovacuum_vacuum_insert_scale_factor'),
                           current_setting('autovacuum_vacuum_insert_scale_factor')::float8) * greatest(c.reltuples, 0) AS threshold
           FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
          WHERE s.schemaname = current_schema())
       SELECT (SELECT n_tup_ins FROM tables WHERE relid = 'access_log'::regclass)::bigint AS inserted,
              (SELECT n_ins_since_vacuum FROM tables WHERE relid = 'access_log'::regclass)::bigint AS unvisited,
              (SELECT count(*) FROM tables WHERE n_ins_since_vacuum >= threshold)::int AS pending,
              (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker')::int AS workers`,
    )) as { inserted: string; unvisited: string; pending: number; workers: number }[];
    const [inserted, unvisited] = [Number(state.inserted), Number(state.unvisited)];
    idleLooks = inserted >= entries && state.pending === 0 && state.workers === 0 ? idleLooks + 1 : 0;
    const waitedMs = Math.round(performance.now() - started);
    if (idleLooks === 2 || waitedMs > maxMs) return { waitedMs, unvisitedEntries: unvisited };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The 1-minute load average, rounded: the two cores are shared with whatever else runs. */
const load = () => Math.round(loadavg()[0] * 100) / 100;

/** What CPU per entry the phase cost, as printed. */
const cpuText = (cpu: CpuPerEntry | undefined) => (cpu ? `; CPU per entry ${cpu.node} µs here, ${cpu.postgres} µs in PostgreSQL` : '');

/** An access event as a service's access trail publishes it: a read of a case, naming two persons. */
function accessEvent(service: ServiceName, i: number): CloudEvent<AccessRecordedV1> {
  const caseId = randomUUID();
  return newCloudEvent(
    AccessRecorded[service],
    caseId,
    {
      service,
      actor: { sub: `user-${i % 500}`, roles: ['prosecutor'], region: 'KG-GB' },
      action: 'read',
      resourceType: 'case',
      resourceId: caseId,
      caseId,
      outcome: 'allowed',
      status: 200,
      method: 'GET',
      route: '/api/v1/cases/:caseId',
      sourceIp: '10.0.0.7',
      occurredAt: new Date().toISOString(),
      purpose: 'investigation',
      personIds: [randomUUID(), randomUUID()],
    },
    randomUUID(),
  );
}

export async function runAuditBench(check: CheckReporter): Promise<AuditBenchReport> {
  const folder = tempFolder('bench-audit');
  const database = await startEmbeddedPostgres({ dataDir: join(folder, 'postgres'), persistent: false });
  const dataSource = await migrateServiceDatabase({
    migrationUrl: database.url,
    schema: auditService.schema,
    entities: [OutboxMessage, InboxEntry],
    migrations: [MessagingTables1763900000000, ...auditService.migrations],
    appendOnlyTables: auditService.appendOnlyTables,
    applicationName: 'audit',
  });
  const logger = createLogger({ service: 'audit', level: 'warn' });
  const metrics = new ServiceMetrics('audit');
  const bus = new InProcessBus();
  const outbox = new EventOutbox('audit');
  const relay = new OutboxRelay(dataSource, bus, logger, metrics);
  const consumer = new EventConsumer('audit', dataSource, bus, outbox, logger, metrics, {
    maxBatchSize: auditService.consumes?.maxBatchSize,
    committed: (eventTypes) => relay.nudge(eventTypes),
  });
  // The service's event handlers as it runs them: AccessEvents' @EventPattern method, found by the bus transport.
  const handlers = await NestFactory.createMicroservice({ module: class AccessEventsOnly {}, controllers: [AccessEvents] }, { strategy: new BusTransport(consumer), logger: false });
  handlers.useGlobalFilters(new RethrowBusErrors());
  const transparency = openAccessTransparency({ ICJIMS_DATA_DIR: folder, ICJIMS_CHECKPOINT_INTERVAL_SECONDS: '1' });
  const checkpoints = new AccessCheckpoints(new UnitOfWork(dataSource, relay), outbox, transparency, logger);
  const count = async () => Number((await dataSource.query(`SELECT last_seq FROM access_log_head`))[0].last_seq);
  try {
    await handlers.listen();
    checkpoints.onApplicationBootstrap();

    // Append: five producers publish at once; the consumer takes what is queued in batches.
    const perProducer = Math.ceil(APPEND_EVENTS / SERVICE_NAMES.length);
    const producers = SERVICE_NAMES.map((service) => Array.from({ length: perProducer }, (_, i) => accessEvent(service, i)));
    const total = perProducer * SERVICE_NAMES.length;
    const postgresDir = join(folder, 'postgres');
    const appendLoad = load();
    let cpu = cpuMeter(postgresDir);
    let mark = performance.now();
    await Promise.all(
      producers.map(async (events) => {
        for (let i = 0; i < events.length; i += PUBLISH_CHUNK) {
          await bus.publish(events.slice(i, i + PUBLISH_CHUNK).map((event) => ({ topic: eventTopic(event.data.service), key: event.subject, value: JSON.stringify(event), headers: {} })));
        }
      }),
    );
    while ((await count()) < total) await new Promise((resolve) => setTimeout(resolve, 20));
    const appendMs = performance.now() - mark;
    const append = {
      events: total,
      ms: Math.round(appendMs),
      perSec: Math.round((total / appendMs) * 1000),
      checkpointsSigned: new CheckpointLog(transparency.checkpoints.dir, ACCESS_LOG_NAME).all().length,
      cpuMicrosPerEntry: cpu(total),
      loadAverage: [appendLoad, load()] as [number, number],
    };
    console.log(
      `audit append: ${append.events} events in ${append.ms} ms = ${append.perSec}/s through the consumer (${append.checkpointsSigned} checkpoints signed meanwhile)` +
        `${cpuText(append.cpuMicrosPerEntry)}; load average ${append.loadAverage.join(' → ')}`,
    );
    check('audit append throughput', append.perSec >= TARGET_APPENDS_PER_SEC, `${append.perSec} entries/s sustained over ${append.events} (target ${TARGET_APPENDS_PER_SEC})`, true);

    // Verification: more entries written by the service's append code, a checkpoint, then one verification.
    mark = performance.now();
    for (let written = await count(); written < VERIFY_ENTRIES; written += GENERATE_BATCH) {
      const batch = Array.from({ length: Math.min(GENERATE_BATCH, VERIFY_ENTRIES - written) }, (_, i) => accessEvent('case-registry', written + i));
      await dataSource.transaction((manager) => appendAccessEntries(manager, batch));
    }
    const generateMs = Math.round(performance.now() - mark);
    await checkpoints.checkpoint();
    const autovacuum = await untilAutovacuumCaughtUp(dataSource, await count());
    const verifyLoad = load();
    cpu = cpuMeter(postgresDir);
    mark = performance.now();
    const verdict = await new AccessLogVerifier(dataSource, transparency).verify();
    const verifyMs = performance.now() - mark;
    const verifyCpu = cpu(verdict.entries);
    const verify = {
      entries: verdict.entries,
      generateMs,
      ms: Math.round(verifyMs),
      entriesPerSec: Math.round((verdict.entries / verifyMs) * 1000),
      valid: verdict.valid && verdict.verifiedTreeSize >= VERIFY_ENTRIES,
      extrapolated10MSeconds: Math.round((verifyMs / verdict.entries) * 10_000_000) / 1000,
      cpuMicrosPerEntry: verifyCpu,
      loadAverage: [verifyLoad, load()] as [number, number],
      autovacuum,
    };
    console.log(
      `audit verify: ${verify.entries} entries in ${verify.ms} ms = ${verify.entriesPerSec}/s, valid: ${verify.valid}; 10 million ≈ ${verify.extrapolated10MSeconds} s` +
        `${cpuText(verify.cpuMicrosPerEntry)}; load average ${verify.loadAverage.join(' → ')} (generated in ${generateMs} ms; ` +
        `${autovacuum.unvisitedEntries} entries not yet visited by autovacuum, after waiting ${autovacuum.waitedMs} ms for it)`,
    );
    check('audit verification', verify.valid, `${verify.entries} entries, valid: ${verify.valid}`);
    check('audit verification time', verify.extrapolated10MSeconds < TARGET_VERIFY_10M_SECONDS, `${verify.entries} entries in ${verify.ms} ms; 10 million ≈ ${verify.extrapolated10MSeconds} s (target < ${TARGET_VERIFY_10M_SECONDS} s)`, true);

    const report = { append, verify };
    const reports = join(ROOT, 'reports', 'bench');
    mkdirSync(reports, { recursive: true });
    writeFileSync(join(reports, 'audit.json'), `${JSON.stringify({ command: 'npx tsx bench/audit.ts', timestamp: new Date().toISOString(), ...report }, null, 2)}\n`);
    return report;
  } finally {
    await checkpoints.onModuleDestroy();
    await handlers.close();
    await bus.close();
    await dataSource.destroy();
    await database.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (require.main === module) runAlone(runAuditBench);
