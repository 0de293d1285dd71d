/**
 * `npm run seed -- [--cases N] [--seed S] [--year Y] [--concurrency C] [--truth FILE]`: a year of a
 * synthetic Kyrgyz caseload, posted through the APIs of an installation already running
 * (`npm start` in another terminal). Honours ICJIMS_DATA_DIR (the signing key its tokens are
 * made with) and ICJIMS_PORT_OFFSET, as `npm run token` and the launcher do. Progress on stderr;
 * exits non-zero if any request was refused or failed.
 *
 * `npm run seed -- --direct [--cases N] [--seed S] [--year Y] [--out FILE] [--into-analytics]`:
 * a national-scale history (default a million cases) generated straight as events, without the
 * APIs (national.ts): written as NDJSON CloudEvents to FILE, and/or loaded into the facts of an
 * analytics database (DATABASE_URL, else the embedded PostgreSQL under ICJIMS_DATA_DIR, with
 * npm start stopped).
 */
import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { issueLocalToken, loadOrCreateSigningKey } from '@icjims/auth';
import type { CloudEvent } from '@icjims/contracts';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { startEmbeddedPostgres } from '@icjims/persistence';
import { driveCaseload, SeedProgress, SeedSummary } from './driver';
import { DEFAULTS, generateCaseload, truthLines } from './generate';
import { loadIntoAnalytics } from './into-analytics';
import { HistoryCounts, nationalHistory, NationalOptions } from './national';

/** The direct mode's defaults: national scale, and a year whose journals (a year after it) are all in the past. */
const DIRECT_DEFAULTS = { cases: 1_000_000, year: DEFAULTS.year - 1 } as const;

const USAGE = `usage: npm run seed -- [--cases N] [--seed S] [--year YYYY] [--concurrency C] [--truth FILE]
       npm run seed -- --direct [--cases N] [--seed S] [--year YYYY] [--out FILE] [--into-analytics]
defaults: --cases ${DEFAULTS.cases} --seed ${DEFAULTS.seed} --year ${DEFAULTS.year} --concurrency 8; posts to the installation started by npm start
(ICJIMS_PORT_OFFSET, ICJIMS_DATA_DIR and ICJIMS_JURISDICTION as for npm start)
--direct: no APIs; --cases ${DIRECT_DEFAULTS.cases} --year ${DIRECT_DEFAULTS.year} by default; events as NDJSON to --out FILE ("-" for stdout) and/or
into the analytics facts of DATABASE_URL (else the embedded PostgreSQL under ICJIMS_DATA_DIR, npm start stopped)`;

/** The launcher's default ports (README: case-registry 3001, procedural-steps 3002), moved by ICJIMS_PORT_OFFSET. */
const DEFAULT_PORTS = { caseRegistry: 3001, proceduralSteps: 3002 };

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min || parsed > max) fail(`${name} must be an integer from ${min} to ${max}`);
  return parsed;
}

async function writeTruth(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function progressLine(progress: SeedProgress): string {
  const seconds = Math.max(progress.elapsedMs / 1000, 0.001);
  return (
    `[seed] ${progress.unitsDone}/${progress.units} units, ${progress.casesDone} journals, ${progress.steps} steps in ${seconds.toFixed(0)} s: ` +
    `${(progress.casesDone / seconds).toFixed(1)} cases/s, ${(progress.steps / seconds).toFixed(1)} steps/s, ${progress.refusals} refusals\n`
  );
}

function summaryText(summary: SeedSummary): string {
  const seconds = summary.elapsedMs / 1000;
  const lines = [
    `cases: ${summary.cases.created} registered, ${summary.cases.replayed} already there`,
    `person roles: ${summary.roles.created} added, ${summary.roles.replayed} already there (${summary.persons} person records)`,
    `steps: ${summary.steps.created} recorded, ${summary.steps.replayed} already there`,
    `joins and splits: ${summary.links.created} made, ${summary.links.replayed} already there`,
    `refusals: ${summary.refusals}; failures: ${summary.failures.length}`,
    `time: ${seconds.toFixed(1)} s (${((summary.cases.created + summary.cases.replayed) / seconds).toFixed(1)} cases/s, ${((summary.steps.created + summary.steps.replayed) / seconds).toFixed(1)} steps/s)`,
  ];
  for (const refusal of summary.firstRefusals) {
    lines.push(`  refused: case ${refusal.caseKey} ${refusal.what}${refusal.stepType ? ` (${refusal.stepType})` : ''}: ${refusal.status} ${refusal.type ?? ''} ${refusal.detail ?? ''}`.trimEnd());
  }
  for (const failure of summary.failures.slice(0, 10)) lines.push(`  failed: ${failure}`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        cases: { type: 'string' },
        seed: { type: 'string' },
        year: { type: 'string' },
        concurrency: { type: 'string' },
        truth: { type: 'string' },
        direct: { type: 'boolean' },
        out: { type: 'string' },
        'into-analytics': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const now = new Date();
  const jurisdiction = loadJurisdiction(process.env);
  if (values.direct) {
    if (!values.out && !values['into-analytics']) fail('--direct needs --out FILE, --into-analytics or both');
    if (values.truth || values.concurrency) fail('--truth and --concurrency are for the seeding through the APIs, not --direct');
    return direct({
      seed: integer(values.seed, '--seed', DEFAULTS.seed, 0, 2 ** 32 - 1),
      cases: integer(values.cases, '--cases', DIRECT_DEFAULTS.cases, 1, 100_000_000),
      year: integer(values.year, '--year', DIRECT_DEFAULTS.year, 2000, now.getUTCFullYear()),
      now,
      jurisdiction,
      out: values.out,
      intoAnalytics: values['into-analytics'] ?? false,
    });
  }
  if (values.out || values['into-analytics']) fail('--out and --into-analytics go with --direct');
  const caseload = generateCaseload({
    seed: integer(values.seed, '--seed', DEFAULTS.seed, 0, 2 ** 32 - 1),
    cases: integer(values.cases, '--cases', DEFAULTS.cases, 1, 10_000_000),
    year: integer(values.year, '--year', DEFAULTS.year, 2000, now.getUTCFullYear()),
    now,
    jurisdiction,
  });
  const concurrency = integer(values.concurrency, '--concurrency', 8, 1, 256);
  if (values.truth) await writeTruth(values.truth, truthLines(caseload));

  const offset = integer(process.env.ICJIMS_PORT_OFFSET, 'ICJIMS_PORT_OFFSET', 0, 0, 60_000);
  const urls = { caseRegistryUrl: `http://127.0.0.1:${DEFAULT_PORTS.caseRegistry + offset}`, proceduralStepsUrl: `http://127.0.0.1:${DEFAULT_PORTS.proceduralSteps + offset}` };
  for (const url of Object.values(urls)) {
    const healthy = await fetch(`${url}/health`).then((response) => response.ok, () => false);
    if (!healthy) throw new Error(`no healthy service at ${url}: start the installation first (npm start, with the same ICJIMS_PORT_OFFSET and ICJIMS_DATA_DIR)`);
  }
  const key = loadOrCreateSigningKey(resolve(process.env.ICJIMS_DATA_DIR || '.data'));
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (region: string) => {
    if (!tokens.has(region)) tokens.set(region, issueLocalToken(key, { sub: 'seed-prosecutor', roles: ['prosecutor'], region, ttlSeconds: 7 * 24 * 3600 }));
    return tokens.get(region) as Promise<string>;
  };
  const steps = caseload.cases.reduce((sum, seedCase) => sum + seedCase.steps.filter((step) => !step.system).length, 0);
  process.stderr.write(
    `[seed] ${caseload.cases.length} cases (seed ${caseload.seed}, year ${caseload.year}, as of ${caseload.asOf}), ${caseload.persons.length} persons, ${steps} steps to record; concurrency ${concurrency}\n`,
  );
  const summary = await driveCaseload(
    caseload,
    { ...urls, tokenFor },
    { concurrency, onProgress: (progress) => process.stderr.write(progressLine(progress)) },
  );
  process.stdout.write(summaryText(summary));
  if (summary.refusals > 0 || summary.failures.length > 0) process.exitCode = 1;
}

/** The events of the history, once: to the file and/or the database as they are generated. */
async function direct(options: NationalOptions & { out?: string; intoAnalytics: boolean }): Promise<void> {
  const counts: HistoryCounts = { blocks: 0, cases: 0, events: 0, byType: {} };
  const out = options.out === undefined ? undefined : options.out === '-' ? process.stdout : createWriteStream(options.out);
  const started = performance.now();
  process.stderr.write(`[seed] --direct: ${options.cases} cases (seed ${options.seed}, year ${options.year}, pack ${options.jurisdiction.pack.code}) in blocks\n`);
  async function* written(): AsyncGenerator<CloudEvent<unknown>> {
    for (const event of nationalHistory(options, counts)) {
      if (out && !out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
      yield event;
    }
  }
  const progress = (events: number) => `[seed] ${events} events in ${((performance.now() - started) / 1000).toFixed(0)} s (${counts.cases} cases generated)\n`;
  if (options.intoAnalytics) {
    const database = await analyticsDatabase();
    try {
      const loaded = await loadIntoAnalytics(written(), { migrationUrl: database.url, onProgress: (bulk) => process.stderr.write(progress(bulk.events)) });
      process.stderr.write(`[seed] facts loaded: ${loaded.events} events in ${loaded.statements} statements, ${(loaded.ms / 1000).toFixed(1)} s\n`);
    } finally {
      await database.stop();
    }
  } else {
    let events = 0;
    for await (const _event of written()) if (++events % 1_000_000 === 0) process.stderr.write(progress(events));
  }
  if (out && out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  const seconds = (performance.now() - started) / 1000;
  // The summary goes where the events do not.
  (out === process.stdout ? process.stderr : process.stdout).write(
    `${counts.cases} cases, ${counts.events} events in ${seconds.toFixed(1)} s (${Math.round(counts.events / seconds)} events/s)\n` +
      Object.entries(counts.byType).map(([type, count]) => `  ${type}: ${count}\n`).join(''),
  );
}

/** DATABASE_URL (a login that may migrate), else the embedded PostgreSQL of npm start, started here. */
async function analyticsDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  return startEmbeddedPostgres({ dataDir: join(resolve(process.env.ICJIMS_DATA_DIR || '.data'), 'postgres') });
}

main().catch((error: unknown) => {
  process.stderr.write(`seed: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
