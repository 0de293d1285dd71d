import { Latency, LoadResult } from './load';

export interface LoadPhase extends LoadResult {
  name: string;
  endpoint: string;
  note?: string;
  /** After the last response: the access events not yet in the audit log, and how long until they all were. */
  drain: { ms: number; backlog: number; eventsPerSec: number | null };
  /**
   * CPU per request over the phase and its drain, by process; busy = CPU time / wall time
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
  /** recordedAt − occurredAt of the access events the audit log stored for calls made during the phase. */
  auditLagMs?: Latency;
}

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

export interface BenchReport {
  command: string;
  timestamp: string;
  machine: { loadAverage1m: { atStart: number; atEnd: number }; cpus: number; cpuModel: string; totalMemoryGiB: number; node: string; platform: string };
  git: { commit: string; uncommittedPaths: number };
  setup: { buildMs: number; startMs: number; portOffset: number; database: string; transport: string; logLevel: string };
  phases: LoadPhase[];
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

/** The report as a readable page: tables of the figures, the machine, and the command that reproduces them. */
export function renderMarkdown(report: BenchReport): string {
  const { machine, git, setup, propagation, freshness } = report;
  const lines = [
    '# ICJIMS benchmark — embedded launcher',
    '',
    `Measured ${report.timestamp} on ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, Node ${machine.node} (${machine.platform}), 1-minute load average ${machine.loadAverage1m.atStart} at the start; ` +
      `commit ${git.commit.slice(0, 12)}${git.uncommittedPaths ? ` with ${git.uncommittedPaths} uncommitted paths in the working tree` : ''}.`,
    `Reproduce with \`${report.command}\` (${report.durationSeconds} s in all: build ${setup.buildMs} ms, start until all five healthy ${setup.startMs} ms).`,
    `All five services in one process (${setup.transport} bus), ${setup.database}, log level ${setup.logLevel}; client and server share the machine.`,
    '',
    '## Request load (closed loop: each of c workers sends its next request when the last one answered)',
    '',
    row(['scenario', 'endpoint', 'c', 'requests', 'errors', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'audit lag p50 / p95 / p99 ms']),
    row(Array(11).fill('---')),
    ...report.phases.map((phase) =>
      row([
        phase.name + (phase.timeLimited ? ' (time cap hit)' : ''),
        `\`${phase.endpoint}\``,
        phase.concurrency,
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
    '## Where the time goes (each phase plus its drain)',
    '',
    'Backlog: access events not yet in the audit log when the last response arrived; drain: until they all were (every other consumer has caught up by then); the drain rate is shown for backlogs of 100 or more. ' +
      'CPU per request is counted over the phase and its drain. Busy is CPU time over wall time during the load / during the drain ' +
      '(1.0 = one core; all five services share one Node event loop, PostgreSQL runs a process per connection); ' +
      '"others" is every other process on the machine — the figures above are only comparable between runs when it is near 0.',
    '',
    row(['scenario', 'c', 'backlog', 'drain ms', 'drain events/s', 'Node CPU ms/req', 'PostgreSQL CPU ms/req', 'client CPU ms/req', 'Node busy load / drain', 'PostgreSQL busy load / drain', 'others busy load / drain']),
    row(Array(11).fill('---')),
    ...report.phases.map(({ name, concurrency, drain, cpu }) =>
      row([
        name,
        concurrency,
        drain.backlog,
        drain.ms,
        drain.backlog >= 100 && drain.eventsPerSec !== null ? drain.eventsPerSec : '–',
        cpu.launcherMsPerRequest,
        cpu.postgresMsPerRequest,
        cpu.clientMsPerRequest,
        `${cpu.launcherBusyLoad} / ${cpu.launcherBusyDrain}`,
        `${cpu.postgresBusyLoad} / ${cpu.postgresBusyDrain}`,
        `${cpu.othersBusyLoad} / ${cpu.othersBusyDrain}`,
      ]),
    ),
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
    ...report.checks.map((check) => `- ${check.passed ? 'ok' : '**FAILED**'} — ${check.name}: ${check.detail}`),
    '',
  ];
  return lines.join('\n');
}

/** A check a bench step reports: its name, whether it passed, what was measured. */
export type CheckReporter = (name: string, passed: boolean, detail: string) => void;

/** Runs one bench step alone (`npx tsx bench/<step>.ts`): prints each check, exits 1 when one failed or the step threw. */
export function runAlone(step: (check: CheckReporter) => Promise<unknown>): void {
  let failed = false;
  step((name, passed, detail) => {
    failed ||= !passed;
    console.log(`${passed ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
  }).then(
    () => process.exit(failed ? 1 : 0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
