/**
 * `npm run analytics:rebuild -- [--check] [--sessions N]`: recomputes analytics' aggregates from its facts
 * (apps/analytics/src/aggregates/rebuild.ts) on N database sessions side by side (default 2, one
 * per core of a small server; 1 rebuilds every part in one transaction) and prints how fast; with `--check`, compares a
 * fresh rebuild with the aggregates the projection keeps, leaves them as they are, and exits 1
 * if any row differs. Against DATABASE_URL (analytics' login, or the owner's) when set; else
 * the embedded PostgreSQL under ICJIMS_DATA_DIR (default .data), which must not be running
 * (stop npm start first). The zone is the jurisdiction's (ICJIMS_JURISDICTION…, as for npm
 * start). Exit 0 when done (and identical), 1 on a difference or failure, 2 on a usage error.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { serviceSessionOptions, startEmbeddedPostgres } from '@icjims/persistence';
import { rebuildAggregates, REBUILD_SESSIONS } from '../apps/analytics/src/aggregates/rebuild';

const MAX_SESSIONS = 16;

const USAGE = `usage: npm run analytics:rebuild -- [--check] [--sessions N (1-${MAX_SESSIONS}, default ${REBUILD_SESSIONS})]
against DATABASE_URL when set, else the embedded PostgreSQL under ICJIMS_DATA_DIR (default .data; stop npm start first); ICJIMS_JURISDICTION as for npm start`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: { check: { type: 'boolean' }, sessions: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const given = values.sessions ?? String(REBUILD_SESSIONS);
  const sessions = Number(given);
  if (!/^\d+$/.test(given) || sessions < 1 || sessions > MAX_SESSIONS) fail(`--sessions must be an integer from 1 to ${MAX_SESSIONS}`);
  const jurisdiction = loadJurisdiction(process.env);
  let url = process.env.DATABASE_URL;
  let session = serviceSessionOptions('analytics');
  let stop = async () => undefined as void;
  if (!url) {
    const dataDir = join(resolve(process.env.ICJIMS_DATA_DIR || '.data'), 'postgres');
    if (!existsSync(join(dataDir, 'PG_VERSION'))) fail(`no installation's database in ${dataDir}: run npm start once, or set DATABASE_URL`);
    const embedded = await startEmbeddedPostgres({ dataDir });
    ({ url, stop } = embedded);
    session = serviceSessionOptions('analytics', 'owner');
  }
  const dataSource = new DataSource({ type: 'postgres', url, applicationName: 'analytics-rebuild', extra: { max: sessions, options: session } });
  try {
    await dataSource.initialize();
    const [installed]: { jurisdiction: string }[] = await dataSource.query(`SELECT jurisdiction FROM installation`).catch(() => []);
    if (installed && installed.jurisdiction !== jurisdiction.code) {
      process.stderr.write(`analytics runs under the ${installed.jurisdiction} jurisdiction, not ${jurisdiction.code}: set ICJIMS_JURISDICTION as for npm start\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    const [{ ready }]: { ready: boolean }[] = await dataSource.query(`SELECT to_regclass('flow_counts') IS NOT NULL AS ready`);
    if (!ready) throw new Error('analytics has no flow aggregates yet (migration 1763900000440): start the installation once so that its migrations apply');
    const result = await rebuildAggregates(dataSource.manager, { timeZone: jurisdiction.timeZone, check: values.check, sessions });
    const perSecond = Math.round(result.facts / Math.max(result.ms / 1000, 0.001));
    process.stdout.write(
      `${values.check ? 'rebuilt for a check' : 'rebuilt'}: ${result.facts} facts in ${result.ms} ms on ${result.sessions} session${result.sessions === 1 ? '' : 's'}, ${perSecond} facts/s (${rowsOf(result.rows)})\n`,
    );
    if (result.differences) {
      if (Object.keys(result.differences).length === 0) process.stdout.write('check: the aggregates held are identical to the rebuild\n');
      else {
        process.stdout.write(`check: rows differ from the rebuild (${rowsOf(result.differences)}); npm run analytics:rebuild replaces them\n`);
        process.exitCode = 1;
      }
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await stop();
  }
}

/** Rows by table, as `table rows, …`. */
function rowsOf(rows: Record<string, number>): string {
  return Object.entries(rows).map(([table, count]) => `${table} ${count}`).join(', ');
}

main().catch((error: unknown) => {
  process.stderr.write(`analytics:rebuild: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
