/**
 * `npm run bench:contention`: what a court hearing costs the launcher on cases of their own and on
 * one case that every request locks, at several numbers in flight — whether the hot case's extra
 * Node CPU in `npm run bench` is the case's or the lower concurrency its row lock leaves.
 *
 * Starts `npm start` (fresh temp data folder, its own embedded PostgreSQL, in-process bus, the
 * bench's query counter) and brings CONTENTION_CASES cases (default 800) to court, each through a
 * suspect and the three steps before court, at 16 in flight — which also warms the JIT up. Then, for each
 * number in flight of CONTENTION_IN_FLIGHT (default 16,8,4,2,1), CONTENTION_CASES hearings one per
 * case, then as many on one case; after each phase it waits until the audit log holds every
 * access event and the launcher is quiet, and reports the launcher's CPU (utime + stime) and its
 * database round trips per hearing, in all and by service, over the phase and that wait. Writes
 * reports/bench/contention.{json,md}.
 */
import 'reflect-metadata'; // the workspace libs carry decorators
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@icjims/persistence';
import { http } from '@icjims/testing';
import { ROOT, tempFolder, tokenMinter, waitForHealth } from '../tests/e2e/support/processes';
import { cpuSpent, cpuTimes, untilQuiet } from './cpu';
import { runLoad } from './load';
import { choosePortOffset, npmStart, SERVICES } from './npm-start';
import { QUERY_COUNTER_PRELOAD, readQueryCounts, roundTripsPer } from './round-trips';
import { JURISDICTION, LOAD_REGION, loadRegistration, stepsToCourt, SUSPECT } from './sample-data';

const CASES = Number(process.env.CONTENTION_CASES || 800);
const IN_FLIGHT = (process.env.CONTENTION_IN_FLIGHT || '16,8,4,2,1').split(',').map(Number);
const SETUP_IN_FLIGHT = 16;

interface Row {
  inFlight: number;
  on: 'distinct cases' | 'one case';
  hearings: number;
  perSec: number;
  nodeCpuMsPerHearing: number;
  roundTrips: number;
  transactions: number;
  /** Round trips per hearing by the service that sent them. */
  roundTripsByService: Record<string, number>;
  loadAverage1m: number;
}

async function main(): Promise<void> {
  const offset = await choosePortOffset();
  const urls = Object.fromEntries(SERVICES.map((name, index) => [name, `http://127.0.0.1:${3001 + index + offset}`])) as Record<(typeof SERVICES)[number], string>;
  const api = (service: (typeof SERVICES)[number]) => `${urls[service]}/api/v1`;
  const dataDir = tempFolder('contention');
  const queryCounterPort = await freePort();
  const launcher = npmStart(
    {
      DATABASE_URL: '', KAFKA_BROKERS: '', OIDC_ISSUER: '', OIDC_AUDIENCE: '', OIDC_JWKS_URL: '',
      ICJIMS_JURISDICTION: JURISDICTION.code, HOST: '127.0.0.1', LOG_LEVEL: 'info', ICJIMS_DATA_DIR: dataDir, ICJIMS_PORT_OFFSET: String(offset),
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${QUERY_COUNTER_PRELOAD}`.trim(), BENCH_QUERY_COUNTER_PORT: String(queryCounterPort),
    },
    'bench-contention',
  );
  try {
    for (const url of Object.values(urls)) await waitForHealth(url, launcher, 180_000);
    const pid = launcher.launcherPid();
    const token = await tokenMinter(dataDir)('prosecutor', LOAD_REGION);
    let calls = 0;
    const call = async (url: string, body: unknown, purpose?: string) => {
      calls++;
      return http<{ id: string }>('POST', url, { token, body, purpose });
    };
    const drain = () => untilQuiet(urls.audit, calls, pid);
    const each = async (total: number, inFlight: number, send: (index: number) => Promise<{ status: number }>) => {
      let next = 0;
      const result = await runLoad({ total, concurrency: inFlight, maxMs: 600_000, send: async () => ({ status: (await send(next++)).status, ok: true }) });
      const refused = Object.entries(result.statuses).filter(([status]) => status !== '201');
      if (refused.length) throw new Error(`answers other than 201: ${JSON.stringify(result.statuses)}`);
      return result;
    };

    // Cases in court: registered, a suspect each, then the three steps before court.
    const cases: string[] = [];
    const persons: string[] = [];
    await each(CASES + 1, SETUP_IN_FLIGHT, async () => {
      const response = await call(`${api('case-registry')}/cases`, loadRegistration(LOAD_REGION));
      cases.push(response.body.id);
      return response;
    });
    await drain(); // procedural-steps knows the cases
    await each(cases.length, SETUP_IN_FLIGHT, async (index) => {
      const response = await call(`${api('case-registry')}/cases/${cases[index]}/persons`, SUSPECT, 'investigation');
      persons[index] = response.body.id;
      return response;
    });
    await drain();
    const step = (index: number, body: Record<string, unknown>) => call(`${api('procedural-steps')}/cases/${cases[index]}/steps`, body);
    const toCourt = persons.map(stepsToCourt);
    for (let k = 0; k < toCourt[0].length; k++) await each(cases.length, SETUP_IN_FLIGHT, (index) => step(index, toCourt[index][k]));
    await drain();

    const hot = CASES; // the last case: its hearings are all on it
    const rows: Row[] = [];
    for (const inFlight of IN_FLIGHT) {
      for (const on of ['distinct cases', 'one case'] as const) {
        const hearing = { stepType: 'court_hearing', occurredAt: new Date(Date.now() - 60_000).toISOString() };
        const [loadAverage1m, queries, cpu] = [loadavg()[0], await readQueryCounts(queryCounterPort), cpuTimes(pid)];
        const result = await each(CASES, inFlight, (index) => step(on === 'one case' ? hot : index, hearing));
        await drain();
        const roundTrips = roundTripsPer(queries, await readQueryCounts(queryCounterPort), result.requests);
        const row: Row = {
          inFlight,
          on,
          hearings: result.requests,
          perSec: result.throughputPerSec,
          nodeCpuMsPerHearing: Math.round((cpuSpent(cpu, cpuTimes(pid)).launcher / result.requests) * 100) / 100,
          roundTrips: roundTrips.queries,
          transactions: roundTrips.transactions,
          roundTripsByService: roundTrips.byService,
          loadAverage1m: Math.round(loadAverage1m * 10) / 10,
        };
        rows.push(row);
        console.log(`${String(inFlight).padStart(2)} in flight, ${on.padEnd(14)}: ${row.hearings} hearings at ${row.perSec}/s, Node CPU ${row.nodeCpuMsPerHearing} ms, ${row.roundTrips} round trips in ${row.transactions} transactions per hearing (load ${row.loadAverage1m})`);
      }
    }
    const folder = join(ROOT, 'reports', 'bench');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'contention.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), cases: CASES, rows }, null, 2)}\n`);
    const table = [
      `| in flight | on | hearings/s | Node CPU ms per hearing | round trips | transactions | ${SERVICES.join(' | ')} | load average |`,
      `|---|---|---|---|---|---|${SERVICES.map(() => '---|').join('')}---|`,
      ...rows.map((row) => `| ${row.inFlight} | ${row.on} | ${row.perSec} | ${row.nodeCpuMsPerHearing} | ${row.roundTrips} | ${row.transactions} | ${SERVICES.map((service) => row.roundTripsByService[service] ?? 0).join(' | ')} | ${row.loadAverage1m} |`),
    ];
    writeFileSync(join(folder, 'contention.md'), `# Court hearings on cases of their own and on one case (\`npm run bench:contention\`)\n\n${new Date().toISOString()}, ${CASES} hearings per phase.\n\n${table.join('\n')}\n`);
  } finally {
    await launcher.stop('SIGINT', 60_000);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
