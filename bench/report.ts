import { Latency, LoadResult } from './load';
import { PgbenchResult } from './pgbench';
import { RoundTrips } from './round-trips';

/** What the bench checks its figures against (issue 11, issue 9 for freshness). */
export interface Targets {
  /** Each c=16 phase's req/s over pgbench's single-row INSERT tps on the same server, at least. */
  pgbenchRatio: number;
  /** The launcher's CPU per recorded step at c=16 (the phase and its drain), at most. */
  nodeCpuMsPerStep: number;
  /** The launcher's resident memory, at most. */
  launcherRssMiB: number;
  /** From `npm start` until every service's /health answers 200, at most. */
  startMs: number;
  accessLagP99Ms: number;
  freshnessP99Ms: number;
}

export interface LoadPhase extends LoadResult {
  name: string;
  endpoint: string;
  note?: string;
  /** A warm-up phase: its figures are the cold ones, held to no target. */
  warmUp?: boolean;
  /** The machine's 1-minute load average as the phase began. */
  loadAverage1m: number;
  /**
   * After the last response: the access events not yet in the audit log, and how long until they all were;
   * then how long until the launcher's database traffic was down to its background polling (every consumer done).
   */
  drain: { ms: number; backlog: number; eventsPerSec: number | null; settleMs: number };
  /**
   * CPU per request over the phase, its drain and settling, by process; busy = CPU time / wall time
   * (1 = one core) during the load and during the drain.
   */
  cpu: {
    launcherMsPerRequest: number;
    postgresMsPerRequest: number;
    clientMsPerRequest: number;
    launcherBusyLoad: number;
    launcherBusyDrain: number;
    postgresBusyLoad: number;
    postgresBusyDrain: number;
    othersBusyLoad: number;
    othersBusyDrain: number;
  };
  /** Database round trips (pg queries) and transactions per request over the phase and its drain, every service's included. */
  roundTrips: RoundTrips;
  /** The launcher's highest resident memory sampled during the phase and its drain. */
  launcherMaxRssMiB: number;
  /** req/s over pgbench's tps (c=16 phases, when pgbench ran). */
  pgbenchRatio?: number;
  /** recordedAt − occurredAt of the access events the audit log stored for calls made during the phase. */
  auditLagMs?: Latency;
}

/** From `npm start` until every service's /health answered 200; `rebuilt` when run-built rebuilt the bundle first (not a start's own time). */
export interface StartTime {
  what: string;
  ms: number;
  rebuilt: boolean;
  /** From the spawn until the launcher logged its embedded PostgreSQL up, and its last service listening (its log's timestamps). */
  postgresUpMs?: number;
  allListeningMs?: number;
}

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
  /** A figure against its target (a speed): a miss fails the run but does not hold back the later steps. */
  target?: boolean;
}

export interface BenchReport {
  command: string;
  timestamp: string;
  machine: { loadAverage1m: { atStart: number; atEnd: number }; cpus: number; cpuModel: string; totalMemoryGiB: number; node: string; platform: string };
  git: { commit: string; uncommittedPaths: number };
  setup: { buildMs: number; starts: StartTime[]; portOffset: number; database: string; transport: string; logLevel: string; scale: number };
  targets: Targets;
  phases: LoadPhase[];
  /** The launcher's background work (relay, sealer, schedulers), round trips per second, measured idle after the warm-up. */
  idleRoundTripsPerSecond: RoundTrips;
  /** The launcher's resident memory: its peak since the start (VmHWM) and the highest sampled under load, MiB. */
  memory: { peakMiB: number; underLoadMiB: number };
  pgbench: PgbenchResult;
  propagation: {
    samples: number;
    pollIntervalMs: number;
    meanPollRoundTripMs: number;
    toProceduralSteps: Latency;
    toAnalytics: Latency;
    toAuditLog: Latency;
  };
  /** From a step's 201 until the analytics table counts it (bench/freshness.ts). */
  freshness: {
    samples: number;
    missed: number;
    pollIntervalMs: number;
    meanPollRoundTripMs: number;
    indicator: string;
    lagMs: Latency;
  };
  auditVerify: { entries: number; ms: number; valid: boolean }[];
  checks: Check[];
  durationSeconds: number;
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

/** The services in the order the launcher starts them; round trips of any other login come after. */
const SERVICE_ORDER = ['case-registry', 'procedural-steps', 'probation', 'analytics', 'audit'];

function roundTripColumns(report: BenchReport): string[] {
  const seen = new Set([...report.phases.flatMap((phase) => Object.keys(phase.roundTrips.byService)), ...Object.keys(report.idleRoundTripsPerSecond.byService)]);
  return [...SERVICE_ORDER, ...[...seen].filter((name) => !SERVICE_ORDER.includes(name)).sort()];
}

/** Issue 11's targets, each with what this run measured. */
/** The phases held to the targets: all but the warm-up's. */
export function measuredPhases(phases: readonly LoadPhase[]): LoadPhase[] {
  return phases.filter((phase) => !phase.warmUp);
}

function targetRows(report: BenchReport): string[] {
  const { targets, pgbench, memory, setup, phases } = report;
  const verdict = (passed: boolean) => (passed ? 'ok' : '**missed**');
  const rows: string[] = [];
  const concurrent = measuredPhases(phases).filter((phase) => phase.concurrency === 16);
  for (const phase of concurrent) {
    const ratio = phase.pgbenchRatio;
    rows.push(row([`${phase.name}, c=16: req/s ÷ pgbench tps`, ratio === undefined ? 'pgbench left out' : `${phase.throughputPerSec} ÷ ${pgbench.tps} = ${ratio}`, `≥ ${targets.pgbenchRatio}`, ratio === undefined ? '–' : verdict(ratio >= targets.pgbenchRatio)]));
  }
  for (const phase of concurrent.filter((each) => each.endpoint.includes('/steps'))) {
    rows.push(row([`Node CPU per step, ${phase.name}, c=16`, `${phase.cpu.launcherMsPerRequest} ms`, `≤ ${targets.nodeCpuMsPerStep} ms`, verdict(phase.cpu.launcherMsPerRequest > 0 && phase.cpu.launcherMsPerRequest <= targets.nodeCpuMsPerStep)]));
  }
  const lagP99 = Math.max(...phases.map((phase) => phase.auditLagMs?.p99 ?? NaN));
  rows.push(row(['access lag p99, worst phase', `${lagP99} ms`, `< ${targets.accessLagP99Ms} ms`, verdict(lagP99 < targets.accessLagP99Ms)]));
  rows.push(row(['indicator freshness p99 (one step at a time)', `${report.freshness.lagMs.p99} ms`, `≤ ${targets.freshnessP99Ms} ms`, verdict(report.freshness.lagMs.p99 <= targets.freshnessP99Ms)]));
  rows.push(row(['launcher resident memory, peak since start (sampled under load)', `${memory.peakMiB} MiB (${memory.underLoadMiB} MiB)`, `≤ ${targets.launcherRssMiB} MiB`, verdict(memory.peakMiB <= targets.launcherRssMiB)]));
  for (const start of setup.starts) {
    const parts = `PostgreSQL up at ${start.postgresUpMs ?? '?'} ms, every service listening at ${start.allListeningMs ?? '?'} ms`;
    rows.push(row([`\`npm start\` to every /health 200, ${start.what}`, `${start.ms} ms (${parts})${start.rebuilt ? ', a rebuild of the bundle included' : ''}`, `≤ ${targets.startMs} ms`, start.rebuilt ? 'not counted' : verdict(start.ms <= targets.startMs)]));
  }
  return rows;
}

/** The report as a readable page: tables of the figures, the machine, and the command that reproduces them. */
export function renderMarkdown(report: BenchReport): string {
  const { machine, git, setup, propagation, freshness } = report;
  const lines = [
    '# ICJIMS benchmark — embedded launcher',
    '',
    `Measured ${report.timestamp} on ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, Node ${machine.node} (${machine.platform}), 1-minute load average ${machine.loadAverage1m.atStart} at the start; ` +
      `commit ${git.commit.slice(0, 12)}${git.uncommittedPaths ? ` with ${git.uncommittedPaths} uncommitted paths in the working tree` : ''}.`,
    `Reproduce with \`${report.command}\` (${report.durationSeconds} s in all: build ${setup.buildMs} ms, \`npm start\` until all five healthy ${setup.starts.map((start) => `${start.ms} ms (${start.what})`).join(', ')}).`,
    `All five services in one process (${setup.transport} bus), ${setup.database}, log level ${setup.logLevel}; client and server share the machine.` +
      (setup.scale < 1 ? ` **BENCH_SCALE=${setup.scale}: request counts scaled down, figures not comparable with full runs.**` : ''),
    '',
    '## Targets (issue 11)',
    '',
    report.pgbench.tps === undefined
      ? `pgbench left out: ${report.pgbench.skipped}.`
      : `pgbench on the launcher's own PostgreSQL, in this run, the launcher idle: \`pgbench -n -c ${report.pgbench.clients} -j ${report.pgbench.threads} -T ${report.pgbench.seconds}\` of \`${report.pgbench.script}\` ` +
        `(a scratch table with an identity primary key, created and dropped by the bench): **${report.pgbench.tps} tps**, latency average ${report.pgbench.latencyMs} ms, load average ${report.pgbench.loadAverage1m} as it ended.`,
    '',
    row(['figure', 'measured', 'target', '']),
    row(Array(4).fill('---')),
    ...targetRows(report),
    '',
    '## Request load (closed loop: each of c workers sends its next request when the last one answered)',
    '',
    row(['scenario', 'endpoint', 'c', 'load avg', 'requests', 'errors', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'audit lag p50 / p95 / p99 ms']),
    row(Array(12).fill('---')),
    ...report.phases.map((phase) =>
      row([
        phase.name + (phase.timeLimited ? ' (time cap hit)' : ''),
        `\`${phase.endpoint}\``,
        phase.concurrency,
        phase.loadAverage1m,
        phase.requests,
        phase.errors,
        phase.throughputPerSec,
        phase.latencyMs.p50,
        phase.latencyMs.p95,
        phase.latencyMs.p99,
        phase.latencyMs.max,
        phase.auditLagMs ? `${phase.auditLagMs.p50} / ${phase.auditLagMs.p95} / ${phase.auditLagMs.p99}` : '–',
      ]),
    ),
    '',
    'Audit lag: for the calls made during the phase, the time from the access event being written to the service’s outbox (occurredAt) to the audit log storing it (recordedAt). Target: p99 under 1 s in every phase.',
    '',
    '## Where the time goes (each phase, its drain and settling)',
    '',
    'Backlog: access events not yet in the audit log when the last response arrived; drain: until they all were; the drain rate is shown for backlogs of 100 or more; ' +
      'settled: how much longer until the launcher sent at most 100 database round trips per second (its background polling alone is about 40), every other consumer done. ' +
      'CPU per request is counted over the phase, its drain and settling. Busy is CPU time over wall time during the load / during the drain ' +
      '(1.0 = one core; all five services share one Node event loop, PostgreSQL runs a process per connection); ' +
      '"others" is every other process on the machine — the figures above are only comparable between runs when it is near 0.',
    '',
    row(['scenario', 'c', 'backlog', 'drain ms', 'drain events/s', 'settled ms more', 'Node CPU ms/req', 'PostgreSQL CPU ms/req', 'client CPU ms/req', 'Node busy load / drain', 'PostgreSQL busy load / drain', 'others busy load / drain', 'Node RSS max MiB']),
    row(Array(13).fill('---')),
    ...report.phases.map(({ name, concurrency, drain, cpu, launcherMaxRssMiB }) =>
      row([
        name,
        concurrency,
        drain.backlog,
        drain.ms,
        drain.backlog >= 100 && drain.eventsPerSec !== null ? drain.eventsPerSec : '–',
        drain.settleMs,
        cpu.launcherMsPerRequest,
        cpu.postgresMsPerRequest,
        cpu.clientMsPerRequest,
        `${cpu.launcherBusyLoad} / ${cpu.launcherBusyDrain}`,
        `${cpu.postgresBusyLoad} / ${cpu.postgresBusyDrain}`,
        `${cpu.othersBusyLoad} / ${cpu.othersBusyDrain}`,
        launcherMaxRssMiB,
      ]),
    ),
    '',
    '## Database round trips per request (each phase, its drain and settling)',
    '',
    'Every query a `pg` client of the launcher sent (bench/query-counter.js, loaded into it), by the login that sent it — each service has its own — ' +
      'counted from the phase’s start until it had drained and settled, over the requests of the phase: the request’s own transaction, its access event, the relay and every consumer’s work. ' +
      'Transactions: the BEGINs among them. The launcher’s background work while nothing is asked of it is in the last row, per second.',
    '',
    row(['scenario', 'c', 'round trips/req', 'transactions/req', ...roundTripColumns(report)]),
    row(Array(4 + roundTripColumns(report).length).fill('---')),
    ...report.phases.map(({ name, concurrency, roundTrips }) =>
      row([name, concurrency, roundTrips.queries, roundTrips.transactions, ...roundTripColumns(report).map((service) => roundTrips.byService[service] ?? 0)]),
    ),
    row([
      `idle, per second`,
      '–',
      report.idleRoundTripsPerSecond.queries,
      report.idleRoundTripsPerSecond.transactions,
      ...roundTripColumns(report).map((service) => report.idleRoundTripsPerSecond.byService[service] ?? 0),
    ]),
    '',
    `## Event propagation on an idle system (${propagation.samples} registrations, one at a time)`,
    '',
    `From the 201 of \`POST /api/v1/cases\` until the case is visible; polled every ${propagation.pollIntervalMs} ms after the previous poll answered (mean poll round trip ${propagation.meanPollRoundTripMs} ms, so figures are upper bounds to within about that).`,
    '',
    row(['visible as', 'p50 ms', 'p95 ms', 'max ms']),
    row(['---', '---', '---', '---']),
    ...(
      [
        ['procedural-steps `GET /cases/{id}/steps` 200', propagation.toProceduralSteps],
        ['analytics `cases_registered` counts it', propagation.toAnalytics],
        ['audit log has its `register` access event', propagation.toAuditLog],
      ] as const
    ).map(([what, latency]) => row([what, latency.p50, latency.p95, latency.max])),
    '',
    `## Freshness of the indicators (${freshness.samples} steps, one at a time)`,
    '',
    `From the 201 of \`POST /api/v1/cases/{id}/steps\` (a termination of a fresh case) until \`${freshness.indicator}\` counts it, as a national analyst with exact figures; ` +
      `polled every ${freshness.pollIntervalMs} ms after the previous poll answered (mean poll round trip ${freshness.meanPollRoundTripMs} ms). Target: p99 ≤ 250 ms.`,
    '',
    row(['samples', 'missed', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms']),
    row(Array(6).fill('---')),
    row([freshness.samples, freshness.missed, freshness.lagMs.p50, freshness.lagMs.p95, freshness.lagMs.p99, freshness.lagMs.max]),
    '',
    '## Audit chain verification (`GET /api/v1/access-logs/verify`)',
    '',
    row(['entries', 'ms', 'valid']),
    row(['---', '---', '---']),
    ...report.auditVerify.map((run) => row([run.entries, run.ms, run.valid ? 'yes' : '**no**'])),
    '',
    '## Checks',
    '',
    ...report.checks.map((check) => `- ${check.passed ? 'ok' : check.target ? '**MISSED**' : '**FAILED**'} — ${check.name}: ${check.detail}`),
    '',
  ];
  return lines.join('\n');
}

/**
 * A check a bench step reports: its name, whether it passed, what was measured. `target`: a figure
 * against its target (a speed), whose miss fails the run but lets the bench's later steps run; any
 * other failed check (a wrong answer, a lost event) stops them.
 */
export type CheckReporter = (name: string, passed: boolean, detail: string, target?: boolean) => void;

/** Runs one bench step alone (`npx tsx bench/<step>.ts`): prints each check, exits 1 when one failed or the step threw. */
export function runAlone(step: (check: CheckReporter) => Promise<unknown>): void {
  let failed = false;
  step((name, passed, detail, target) => {
    failed ||= !passed;
    console.log(`${passed ? 'ok  ' : target ? 'MISS' : 'FAIL'} ${name}: ${detail}`);
  }).then(
    () => process.exit(failed ? 1 : 0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
