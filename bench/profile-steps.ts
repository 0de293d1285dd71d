/**
 * `npm run bench:profile`: where the embedded launcher's Node CPU goes while it records steps.
 *
 * Starts what `npm start` runs as `npm run bench` does (fresh temp data folder, its own embedded
 * PostgreSQL, in-process bus, log level info or BENCH_LOG_LEVEL) but with `node --cpu-prof`, registers
 * PROFILE_STEPS + 64 cases (default 2000 + 64) at 16 in flight (which also warms the JIT), records a first
 * step on 64 of them (warm-up), then one step on each remaining case at 16 in flight, waits until
 * the audit log holds every access event and the launcher's CPU is quiet again, and stops it with
 * one SIGINT so that V8 writes the profile. The samples between the steps' first request and the
 * quiet are summarised — self and total time per function, and per package or folder (node_modules/<pkg>,
 * libs/<lib>, apps/<service>, node internals, GC), bundle frames mapped back through
 * dist/apps/embedded/main.js.map — as ms per step, printed and written to reports/bench/profile-steps.md,
 * with the window's database round trips (bench/query-counter.js), the statements sent per step, the
 * launcher's system-time share and its idle background CPU. The profile's temp folder is kept.
 * PROFILE_STEPS, PROFILE_INTERVAL_US (V8's sampling interval) and BENCH_LOG_LEVEL change the run;
 * PROFILE_REQUEST=registration profiles PROFILE_STEPS registrations instead (after 128 as the warm-up),
 * written to reports/bench/profile-registrations.md.
 *
 * V8 samples the main thread only: the profile's busy time is compared with the process's own
 * utime + stime (bench/cpu.ts), which also holds GC helper threads, libuv's pool and the
 * profiler's own cost; PROFILE_CPU=0 runs the same load without the profiler. The profile keeps its sample times on the monotonic clock that
 * process.hrtime uses here, so the window is cut with hrtime readings taken by this process.
 */
import 'reflect-metadata'; // the workspace libs carry decorators
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@icjims/persistence';
import { launcherArguments, ROOT, RunningProcess, tempFolder, tokenMinter, waitForHealth } from '../tests/e2e/support/processes';
import { cpuSpent, cpuTimes, untilQuiet } from './cpu';
import { choosePortOffset, SERVICES } from './npm-start';
import { LoadResult, Outcome, runLoad, sleep } from './load';
import { QUERY_COUNTER_PRELOAD, readQueryCounts, RoundTrips, roundTripsPer } from './round-trips';
import { JURISDICTION, LOAD_REGION, OFFENCE_ARTICLE, PLACES, REGISTERED_AT } from './sample-data';

const STEPS = Math.max(100, Number(process.env.PROFILE_STEPS || 2000));
/** PROFILE_REQUEST=registration: the window's requests are registrations (`POST /api/v1/cases`) instead of steps. */
const REGISTRATIONS = process.env.PROFILE_REQUEST === 'registration';
/** What the window's requests are, for the report. */
const UNIT = REGISTRATIONS ? 'registration' : 'step';
const WARM_UP_STEPS = 64;
const CONCURRENCY = 16;
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL || 'info';
/** V8's sampling interval in µs (its default is 1000). */
const INTERVAL_US = Number(process.env.PROFILE_INTERVAL_US || 1000);
const TOP = 40;
/** PROFILE_CPU=0 runs the same load without the profiler: the process's CPU per step alone, to see what profiling adds. */
const PROFILING = process.env.PROFILE_CPU !== '0';
/** Native stream-write bindings: where a socket or pipe write's syscall is sampled. */
const WRITES = new Set(['writev', 'writeBuffer', 'writeString', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'writeUcs2String']);
/** The launcher left idle after the drain, for its background work's cost (outbox relays, consumers' polling, timers). */
const IDLE_MS = 5000;
/** How many of the costliest functions get their callers listed. */
const CALLERS_OF = 12;

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a function key, the file it is in, and the package/folder it is counted under. */
interface Place {
  key: string;
  file: string;
  group: string;
  folder: string;
}

/**
 * A preload (written to the profile's temp folder) that counts every pg query by login and
 * statement text (whitespace folded, first 120 characters) and answers the counts as JSON on
 * PROFILE_STATEMENT_PORT: which statements a step costs, beside bench/query-counter.js's totals.
 */
const STATEMENT_COUNTER = `'use strict';
const [script, command] = process.argv.slice(1);
const port = Number(process.env.PROFILE_STATEMENT_PORT);
if (port && script && script.endsWith('run-built.js') && command === 'embedded') {
  const { Client } = require(require.resolve('pg', { paths: [process.cwd()] })); // the repository's, as the bundle's
  const counts = {};
  const query = Client.prototype.query;
  Client.prototype.query = function countedStatement(config, ...rest) {
    const text = typeof config === 'string' ? config : config && typeof config.text === 'string' ? config.text : '?';
    const key = (this.user || '?') + ': ' + text.replace(/\\s+/g, ' ').trim().slice(0, 120);
    counts[key] = (counts[key] || 0) + 1;
    return query.call(this, config, ...rest);
  };
  require('node:http').createServer((_q, r) => r.end(JSON.stringify(counts))).listen(port, '127.0.0.1').unref();
}
`;

const statementCounts = async (port: number): Promise<Record<string, number>> => (await fetch(`http://127.0.0.1:${port}/`)).json() as Promise<Record<string, number>>;

/** The launcher's user and system (kernel) CPU so far, in clock ticks (/proc/<pid>/stat): how much of its CPU is syscalls. */
function userAndSystemTicks(pid: number | undefined): { user: number; system: number } {
  const text = pid === undefined ? '' : readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]), system: Number(fields[12]) };
}

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** Names a frame: bundle frames through the source map, node_modules by package, node's own by module. */
function placeFinder(bundle: string): (frame: CallFrame) => Place {
  const map = existsSync(`${bundle}.map`) ? new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8'))) : undefined;
  const cache = new Map<string, Place>();
  return (frame) => {
    const id = `${frame.functionName}|${frame.url}|${frame.lineNumber}|${frame.columnNumber}`;
    const known = cache.get(id);
    if (known) return known;
    const name = frame.functionName || '(anonymous)';
    let file = frame.url.replace(/^file:\/\//, '');
    let line = frame.lineNumber + 1;
    if (map && file.endsWith('dist/apps/embedded/main.js')) {
      const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number };
      if (entry.originalSource) {
        file = entry.originalSource.replace(/^webpack:\/\/[^/]*\/\.?\/?/, '');
        line = (entry.originalLine ?? 0) + 1;
      }
    }
    let group: string;
    let folder: string;
    if (!frame.url) {
      // (garbage collector), (program), (idle), (root) and V8 builtins without a script
      // the native ends of socket and pipe writes (pg, HTTP responses, pino's stdout) apart from V8's builtins
      group = name.startsWith('(') ? name : WRITES.has(name) ? 'native writes (writev, writeBuffer, writeString…)' : 'V8 builtins (no script)';
      folder = group;
      file = '';
    } else if (file.startsWith('node:')) {
      group = 'node internals';
      folder = file.split('/').slice(0, 3).join('/');
    } else if (file.includes('node_modules/')) {
      const parts = file.slice(file.lastIndexOf('node_modules/') + 'node_modules/'.length).split('/');
      const pkg = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
      group = `node_modules/${pkg}`;
      folder = group;
      file = `${group}/${parts.slice(pkg.split('/').length).join('/')}`;
    } else {
      file = file.replace(`${ROOT}/`, '');
      const parts = file.split('/');
      group = ['libs', 'apps'].includes(parts[0]) ? parts.slice(0, 2).join('/') : parts[0];
      // libs/<lib>/src/<feature> or apps/<service>/src/<feature>: a file directly under src counts as its own
      folder = ['libs', 'apps'].includes(parts[0]) && parts[2] === 'src' ? parts.slice(0, 4).join('/') : parts.slice(0, 2).join('/');
    }
    const place = { key: `${name} ${file ? `${file}:${line}` : ''}`.trim(), file, group, folder };
    cache.set(id, place);
    return place;
  };
}

interface Row {
  name: string;
  selfMs: number;
  totalMs: number;
}

/** Self and total (inclusive, each counted once per stack) time in ms of the samples in [fromUs, toUs], by function, package and folder. */
function summarise(profile: CpuProfile, fromUs: number, toUs: number, place: (frame: CallFrame) => Place) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  let [windowUs, samples] = [0, 0];
  for (let index = 0; index < profile.samples.length; index++) {
    at += profile.timeDeltas[index];
    if (at < fromUs || at > toUs) continue;
    // a sample stands for the time until the next one
    const duration = index + 1 < profile.timeDeltas.length ? profile.timeDeltas[index + 1] : INTERVAL_US;
    selfUs.set(profile.samples[index], (selfUs.get(profile.samples[index]) ?? 0) + duration);
    windowUs += duration;
    samples++;
  }
  const tables = { functions: new Map<string, Row>(), groups: new Map<string, Row>(), folders: new Map<string, Row>() };
  const add = (table: Map<string, Row>, name: string, field: 'selfMs' | 'totalMs', us: number) => {
    const row = table.get(name) ?? { name, selfMs: 0, totalMs: 0 };
    row[field] += us / 1000;
    table.set(name, row);
  };
  // Depth-first from the root with the keys on the current stack, so that recursion counts once in a total.
  const root = profile.nodes[0]; // V8 writes (root) first
  const onStack = { functions: new Map<string, number>(), groups: new Map<string, number>(), folders: new Map<string, number>() };
  const visit = (node: ProfileNode): number => {
    const where = place(node.callFrame);
    const keys = { functions: where.key, groups: where.group, folders: where.folder } as const;
    for (const kind of ['functions', 'groups', 'folders'] as const) onStack[kind].set(keys[kind], (onStack[kind].get(keys[kind]) ?? 0) + 1);
    const own = selfUs.get(node.id) ?? 0;
    let total = own;
    for (const child of node.children ?? []) total += visit(byId.get(child) as ProfileNode);
    for (const kind of ['functions', 'groups', 'folders'] as const) {
      const depth = (onStack[kind].get(keys[kind]) ?? 1) - 1;
      onStack[kind].set(keys[kind], depth);
      if (own) add(tables[kind], keys[kind], 'selfMs', own);
      // only the outermost frame of a key on the stack adds the subtree to its total
      if (depth === 0 && total) add(tables[kind], keys[kind], 'totalMs', total);
    }
    return total;
  };
  visit(root);
  const idleMs = [...tables.functions.values()].filter((row) => row.name === '(idle)').reduce((sum, row) => sum + row.selfMs, 0);
  // Who runs the costliest frames: the nearest caller up the stack that is neither node's nor V8's own code.
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const hot = new Set(
    [...tables.functions.values()]
      .filter((row) => !row.name.startsWith('('))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, CALLERS_OF)
      .map((row) => row.name),
  );
  const callers = new Map<string, Map<string, number>>();
  for (const [id, us] of selfUs) {
    const key = place((byId.get(id) as ProfileNode).callFrame).key;
    if (!hot.has(key)) continue;
    let caller = '(none)';
    for (let up = parentOf.get(id); up !== undefined; up = parentOf.get(up)) {
      const where = place((byId.get(up) as ProfileNode).callFrame);
      if (where.group !== 'node internals' && !where.group.startsWith('(') && where.group !== 'V8 builtins (no script)' && where.key !== key) {
        caller = where.key;
        break;
      }
    }
    const into = callers.get(key) ?? new Map<string, number>();
    into.set(caller, (into.get(caller) ?? 0) + us / 1000);
    callers.set(key, into);
  }
  return { windowMs: windowUs / 1000, samples, idleMs, busyMs: windowUs / 1000 - idleMs, tables, callers };
}

type Summary = ReturnType<typeof summarise>;
function render(summary: Summary, context: { steps: LoadResult; procCpuMs: number; systemShare: number; profileFile: string; commit: string; loadAverages: number[]; idle: Summary & { procCpuMs: number; seconds: number }; roundTrips: RoundTrips; statements: { text: string; perStep: number }[] }): string {
  const { steps, procCpuMs, idle } = context;
  const idleRows = [...idle.tables.folders.values()].filter((row) => row.name !== '(idle)').sort((a, b) => b.selfMs - a.selfMs).slice(0, 12);
  // The sampler ticks on the wall clock: on a busy machine a sample also lands while the thread waits for a core,
  // so sampled ms are scaled to what the process used (/proc) before they are given per request.
  const scale = summary.busyMs > 0 ? procCpuMs / summary.busyMs : 1;
  const per = (ms: number) => ((ms * scale) / steps.requests).toFixed(3);
  const share = (ms: number) => `${((ms / summary.busyMs) * 100).toFixed(1)}%`;
  const table = (rows: Row[], label: string) =>
    [`| ${label} | self ms/${UNIT} | self share | total ms/${UNIT} |`, '|---|---:|---:|---:|', ...rows.map((row) => `| ${row.name.replace(/\|/g, '\\|')} | ${per(row.selfMs)} | ${share(row.selfMs)} | ${per(row.totalMs)} |`)].join('\n');
  const bySelf = (table: Map<string, Row>) => [...table.values()].filter((row) => row.name !== '(idle)').sort((a, b) => b.selfMs - a.selfMs);
  const byTotal = (table: Map<string, Row>) => [...table.values()].filter((row) => !row.name.startsWith('(')).sort((a, b) => b.totalMs - a.totalMs);
  return [
    `# Where a recorded ${UNIT}'s Node CPU goes (\`npm run bench:profile\`)`,
    '',
    `${new Date().toISOString()}, git ${context.commit}, 1-minute load average ${context.loadAverages.map((value) => value.toFixed(1)).join(' → ')} (a busy machine makes steps slower, not costlier: the profile counts the process's own samples).`,
    '',
    `Window: ${steps.requests} ${UNIT}s (${REGISTRATIONS ? '`POST /api/v1/cases`' : '`POST /api/v1/cases/{id}/steps`, one per registered case'}, ${CONCURRENCY} in flight, ${steps.throughputPerSec} ${UNIT}s/s, ${steps.errors} errors), then their drain until the launcher was quiet: ${(summary.windowMs / 1000).toFixed(1)} s, ${summary.samples} samples of ${INTERVAL_US} µs.`,
    '',
    `| | ms | ms per ${UNIT} |`,
    '|---|---:|---:|',
    `| database round trips (bench/query-counter.js), in ${context.roundTrips.transactions} transactions per ${UNIT} | | ${context.roundTrips.queries} (${Object.entries(context.roundTrips.byService).map(([service, count]) => `${service} ${count}`).join(', ')}) |`,
    `| main thread busy (profile: every sample but (idle)), as sampled | ${Math.round(summary.busyMs)} | ${(summary.busyMs / steps.requests).toFixed(3)} |`,
    `| launcher process utime + stime (/proc, all threads, profiler included) | ${procCpuMs} | ${(procCpuMs / steps.requests).toFixed(3)} |`,
    `| — of which stime (the kernel: syscalls, socket writes and reads) | ${Math.round(procCpuMs * context.systemShare)} (${Math.round(context.systemShare * 100)}%) | ${((procCpuMs * context.systemShare) / steps.requests).toFixed(3)} |`,
    '',
    `The tables below give ms per ${UNIT} as the share of the busy samples × the process's CPU per ${UNIT} (×${scale.toFixed(2)} of the sampled ms).`,
    '',
    `Idle afterwards (background work: relays, consumers' polling, timers), ${idle.seconds.toFixed(1)} s: ${Math.round(idle.procCpuMs / idle.seconds)} ms of CPU per second (/proc), ${Math.round(idle.busyMs / idle.seconds)} ms/s sampled on the main thread (the rest: other threads, the profiler's own sampling thread among them); by folder (self, sampled ms/s): ${idleRows.map((row) => `${row.name} ${(row.selfMs / idle.seconds).toFixed(1)}`).join(', ')}. A phase of n steps that lasts t seconds with its drain carries this × t / n per ${UNIT}.`,
    '',
    `Raw profile: ${context.profileFile} (open in Chrome DevTools → Performance, or speedscope).`,
    '',
    '## By package and our own folders (roll-up)',
    '',
    'Self: samples whose running frame is in it. Total: samples with it anywhere on the stack (each counted once).',
    '',
    table(bySelf(summary.tables.groups), 'package / folder'),
    '',
    '## By feature folder (libs/<lib>/src/<folder>, apps/<service>/src/<folder>), top 40 by self time',
    '',
    table(bySelf(summary.tables.folders).slice(0, TOP), 'folder'),
    '',
    `## Top ${TOP} functions by self time`,
    '',
    table(bySelf(summary.tables.functions).slice(0, TOP), 'function (file:line, bundle frames mapped to their source)'),
    '',
    `## Who calls the ${CALLERS_OF} costliest functions (nearest caller outside node's and V8's own code, self ms/${UNIT})`,
    '',
    ...[...summary.callers.entries()]
      .sort((a, b) => [...b[1].values()].reduce((x, y) => x + y, 0) - [...a[1].values()].reduce((x, y) => x + y, 0))
      .flatMap(([name, by]) => [
        `- **${name}**: ${[...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([caller, ms]) => `${caller} ${per(ms)}`).join('; ')}`,
      ]),
    '',
    `## Statements sent per ${UNIT} in the window (login: text, first 120 characters)`,
    '',
    `| per ${UNIT} | statement |`,
    '|---:|---|',
    ...context.statements.slice(0, 30).map((each) => `| ${each.perStep.toFixed(2)} | \`${each.text.replace(/\|/g, '\\|').replace(/`/g, "'")}\` |`),
    '',
    `## Top ${TOP} functions of ours by total time (apps/, libs/)`,
    '',
    table(byTotal(summary.tables.functions).filter((row) => / (apps|libs)\//.test(row.name)).slice(0, TOP), 'function'),
    '',
  ].join('\n');
}

/**
 * What `npm start` runs (`node <its V8 flags> tools/run-built.js embedded`, the bundle in that very
 * process), with V8's profiler on: Node 20 refuses --cpu-prof in NODE_OPTIONS, so it goes on the
 * command line and npm is left out. Output to reports/e2e/profile-steps.log.
 */
function startProfiled(env: Record<string, string>, profileDir: string): RunningProcess {
  mkdirSync(join(ROOT, 'reports', 'e2e'), { recursive: true });
  const log = createWriteStream(join(ROOT, 'reports', 'e2e', 'profile-steps.log'));
  const profiling = PROFILING ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-interval=${INTERVAL_US}`] : [];
  const args = [...profiling, ...launcherArguments()];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    log.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => (log.end(), done(code))));
  return {
    child,
    output: () => output,
    exited,
    async stop(signal = 'SIGINT', timeoutMs = 60_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

async function main(): Promise<number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const built = spawnSync(process.execPath, [join(ROOT, 'tools', 'run-built.js'), '--build', 'embedded'], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`building the launcher: ${built.stderr.slice(-2000)}`);
    if (!built.stderr.includes('building')) break;
  }
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const offset = await choosePortOffset(500);
  const urls = Object.fromEntries(SERVICES.map((name, index) => [name, `http://127.0.0.1:${3001 + index + offset}`])) as Record<(typeof SERVICES)[number], string>;
  const dataDir = tempFolder('profile');
  const profileDir = tempFolder('cpu-profile');
  const queryCounterPort = await freePort();
  const statementPort = await freePort();
  const statementCounter = join(profileDir, 'statement-counter.js');
  writeFileSync(statementCounter, STATEMENT_COUNTER);
  const environment = {
    DATABASE_URL: '', KAFKA_BROKERS: '', OIDC_ISSUER: '', OIDC_AUDIENCE: '', OIDC_JWKS_URL: '',
    ICJIMS_JURISDICTION: JURISDICTION.code, HOST: '127.0.0.1', LOG_LEVEL, ICJIMS_DATA_DIR: dataDir, ICJIMS_PORT_OFFSET: String(offset),
    // bench/query-counter.js counts the round trips (as `npm run bench` does): the window's round trips per step beside its CPU
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${QUERY_COUNTER_PRELOAD} --require ${statementCounter}`.trim(),
    PROFILE_STATEMENT_PORT: String(statementPort),
    BENCH_QUERY_COUNTER_PORT: String(queryCounterPort),
  };
  console.log(`\`npm start\`'s command${PROFILING ? ' with --cpu-prof' : ', not profiled (PROFILE_CPU=0)'} (ICJIMS_PORT_OFFSET=${offset}, ICJIMS_DATA_DIR=${dataDir}, profile in ${profileDir})`);
  const launcher = startProfiled(environment, profileDir);
  const loadAverages = [loadavg()[0]];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    console.log(`launcher stopped (exit code ${await launcher.stop('SIGINT', 60_000)})`);
  };
  process.once('SIGINT', () => void stop());
  try {
    for (const url of Object.values(urls)) await waitForHealth(url, launcher, 180_000);
    const pid = launcher.child.pid;
    const prosecutor = await tokenMinter(dataDir)('prosecutor', LOAD_REGION);
    let calls = 0;
    const call = async (method: string, url: string, body: unknown): Promise<{ status: number; body: { id?: string } }> => {
      calls++;
      const response = await fetch(url, { method, headers: { authorization: `Bearer ${prosecutor}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as { id?: string } };
    };

    const register = () =>
      call('POST', `${urls['case-registry']}/api/v1/cases`, { source: 'complaint', receivedAt: REGISTERED_AT, registeredAt: REGISTERED_AT, region: LOAD_REGION, ...PLACES[LOAD_REGION], offenceArticle: OFFENCE_ARTICLE, description: 'Deposit for a flat taken, flat never let' });
    const cases: string[] = [];
    // Steps need a case each; registrations only the warm-up's.
    const total = REGISTRATIONS ? 2 * WARM_UP_STEPS : STEPS + WARM_UP_STEPS;
    const registered = await runLoad({
      total,
      concurrency: CONCURRENCY,
      maxMs: 600_000,
      send: async (): Promise<Outcome> => {
        const response = await register();
        if (response.status === 201 && response.body.id) cases.push(response.body.id);
        return { status: response.status, ok: response.status === 201 };
      },
    });
    console.log(`${registered.requests} registrations at ${registered.throughputPerSec}/s (${JSON.stringify(registered.statuses)})`);
    await untilQuiet(urls.audit, calls, pid);

    let next = 0;
    const step = async (): Promise<Outcome> => {
      const response = REGISTRATIONS
        ? await register()
        : await call('POST', `${urls['procedural-steps']}/api/v1/cases/${cases[next++]}/steps`, { stepType: 'investigation_started', occurredAt: new Date(Date.now() - 60_000).toISOString() });
      return { status: response.status, ok: response.status === 201 };
    };
    // The case reaches procedural-steps through the bus: the drain above waited for it.
    const warm = await runLoad({ total: Math.min(WARM_UP_STEPS, cases.length), concurrency: CONCURRENCY, maxMs: 60_000, send: step });
    console.log(`warm-up: ${warm.requests} ${UNIT}s (${JSON.stringify(warm.statuses)})`);
    await untilQuiet(urls.audit, calls, pid);

    const [queriesBefore, statementsBefore] = [await readQueryCounts(queryCounterPort), await statementCounts(statementPort)];
    const [fromUs, cpuBefore, ticksBefore] = [monotonicMicros(), cpuTimes(pid), userAndSystemTicks(pid)];
    loadAverages.push(loadavg()[0]);
    const steps = await runLoad({ total: REGISTRATIONS ? STEPS : cases.length - next, concurrency: CONCURRENCY, maxMs: 600_000, send: step });
    console.log(`${steps.requests} ${UNIT}s at ${steps.throughputPerSec}/s, p50 ${steps.latencyMs.p50} p99 ${steps.latencyMs.p99} ms (${JSON.stringify(steps.statuses)})`);
    await untilQuiet(urls.audit, calls, pid);
    const [toUs, procCpuMs] = [monotonicMicros(), cpuSpent(cpuBefore, cpuTimes(pid)).launcher];
    const ticksAfter = userAndSystemTicks(pid);
    const systemShare = (ticksAfter.system - ticksBefore.system) / Math.max(1, ticksAfter.system - ticksBefore.system + ticksAfter.user - ticksBefore.user);
    const roundTrips = roundTripsPer(queriesBefore, await readQueryCounts(queryCounterPort), steps.requests);
    const statementsAfter = await statementCounts(statementPort);
    const statements = Object.entries(statementsAfter)
      .map(([text, count]) => ({ text, perStep: (count - (statementsBefore[text] ?? 0)) / steps.requests }))
      .filter((each) => each.perStep > 0)
      .sort((a, b) => b.perStep - a.perStep);
    loadAverages.push(loadavg()[0]);
    const idleFromCpu = cpuTimes(pid);
    await sleep(IDLE_MS);
    const [idleToUs, idleProcCpuMs] = [monotonicMicros(), cpuSpent(idleFromCpu, cpuTimes(pid)).launcher];
    await stop();

    console.log(`launcher CPU (/proc): ${procCpuMs} ms over the ${UNIT}s and their drain = ${(procCpuMs / steps.requests).toFixed(2)} ms/${UNIT} (${Math.round(systemShare * 100)}% of it system time); idle afterwards ${Math.round((idleProcCpuMs / (idleToUs - toUs)) * 1e6)} ms/s; ${roundTrips.queries} round trips per ${UNIT} in ${roundTrips.transactions} transactions (${JSON.stringify(roundTrips.byService)})`);
    if (!PROFILING) return steps.errors === 0 ? 0 : 1;
    const profileName = readdirSync(profileDir).find((name) => name.includes(`.${pid}.`) && name.endsWith('.cpuprofile'));
    if (!profileName) throw new Error(`no profile of the launcher (pid ${pid}) in ${profileDir}: ${readdirSync(profileDir).join(', ')}`);
    const profileFile = join(profileDir, profileName);
    const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
    if (fromUs < profile.startTime || toUs > profile.endTime) throw new Error(`the window ${fromUs}..${toUs} µs is not within the profile's ${profile.startTime}..${profile.endTime}: another clock?`);
    const place = placeFinder(join(ROOT, 'dist', 'apps', 'embedded', 'main.js'));
    const summary = summarise(profile, fromUs, toUs, place);
    const idle = { ...summarise(profile, toUs, idleToUs, place), procCpuMs: idleProcCpuMs, seconds: (idleToUs - toUs) / 1e6 };
    const markdown = render(summary, { steps, procCpuMs, systemShare, profileFile, commit, loadAverages, idle, roundTrips, statements });
    const folder = join(ROOT, 'reports', 'bench');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `profile-${UNIT}s.md`), markdown);
    console.log(`${markdown}\nreports/bench/profile-${UNIT}s.md written`);
    return steps.errors === 0 ? 0 : 1;
  } finally {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
