/**
 * The probation stocks at a period's end and the days under supervision at national scale
 * (issue 10's indicators, issue 9's p95 ≤ 50 ms): on an embedded PostgreSQL of its own, a
 * synthetic probation history (BENCH_PROBATION_CASES probation cases, default 50,000, about 11
 * entries each, opened over five years; persons with categories) is written into the analytics
 * facts; the probation aggregates are rebuilt from them (rebuildAggregates); then, for 12 months
 * national and by some breakdowns, the same figures are computed off the states held
 * (stocksAtPeriodEnd, supervisionDaysIn: what answered before the cubes of migration
 * 1763900000533) and from the cubes (stocksFromAggregates, supervisionDaysFromAggregates),
 * checked equal, and timed (BENCH_PROBATION_RUNS runs each, default 20: median and p95).
 * A case's refresh in the projection is timed too. The database is deleted at the end, unless
 * BENCH_PROBATION_DATA names a folder to keep it in (a later run then skips loading and rebuilding).
 *
 * `npx tsx bench/probation-stocks.ts` (a few minutes); prints a Markdown table.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { serviceSessionOptions, startEmbeddedPostgres } from '@icjims/persistence';
import { refreshAggregatesOfCases } from '../apps/analytics/src/aggregates/aggregate-parts';
import { rebuildAggregates } from '../apps/analytics/src/aggregates/rebuild';
import type { ProbationBreakdown, StockRow, SumRow } from '../apps/analytics/src/probation/probation-figures';
import { stocksFromAggregates, supervisionDaysFromAggregates } from '../apps/analytics/src/probation/probation-from-aggregates';
import { stocksAtPeriodEnd, supervisionDaysIn } from '../apps/analytics/src/probation/probation-states';
import { migrateAnalytics } from '../tools/seed/into-analytics';
import { Random } from '../tools/seed/random';

const CASES = Number(process.env.BENCH_PROBATION_CASES || 50_000);
const RUNS = Number(process.env.BENCH_PROBATION_RUNS || 20);
const JURISDICTION = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
const ZONE = JURISDICTION.timeZone;
const YEAR = 2025;
const PROBATION = JURISDICTION.pack.probation;
/** The pack's regions that have probation offices, each with its offices' codes. */
const OFFICES = new Map<string, string[]>();
for (const office of PROBATION.offices) OFFICES.set(office.region, [...(OFFICES.get(office.region) ?? []), office.code]);
const REGIONS = [...OFFICES.keys()];
const CASE_TYPES = PROBATION.caseTypes.map((caseType) => caseType.code);
/** The deadline rules an assessment meets (as the overdue figures read them); the first is breached now and then. */
const REASSESSMENT_RULES = PROBATION.deadlineRules.filter((rule) => rule.metBy.some((match) => match.stepType === 'assessment_recorded')).map((rule) => rule.code);
const SEXES = ['female', 'male', 'male', 'male', 'unknown'];
const AGE_BANDS = ['14_17', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus', 'unknown'];
const DAY = 86_400_000;

/** The seed's deterministic generator, as a function. */
function seeded(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

const uuidOf = (text: string) => {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
const dayOf = (instant: number) => new Date(instant).toISOString().slice(0, 10);

interface Entry {
  type: string;
  at: number;
  status: string;
  office?: string;
  officer?: string;
  details: Record<string, unknown>;
}

/** One probation case's entries, in order: opened, allocated, contacts, assessments, a violation, a reallocation, absconding, a breach, its end (those before now). */
function entriesOf(index: number, random: () => number, now: number): { region: string; entries: Entry[] } {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const region = pick(REGIONS);
  const office = () => pick(OFFICES.get(region) ?? []);
  const officer = (at: string) => createHash('sha256').update(`${at}-${Math.floor(random() * 8)}`).digest('hex').slice(0, 32);
  const opened = Date.parse('2021-01-01T06:00:00Z') + Math.floor(random() * 5 * 365) * DAY + Math.floor(random() * 8) * 3_600_000;
  const termMonths = pick([12, 18, 24, 24, 36]);
  const end = opened + termMonths * 30.4 * DAY;
  const startsOn = dayOf(opened);
  let [status, at] = ['active', opened];
  let place = office();
  const entries: Entry[] = [{ type: 'opened', at, status, details: { caseType: pick(CASE_TYPES), startsOn, termMonths } }];
  const add = (type: string, afterDays: number, details: Record<string, unknown> = {}, change: Partial<Entry> = {}) => {
    at += afterDays * DAY + Math.floor(random() * 6) * 3_600_000;
    if (at >= end) return;
    if (change.status) status = change.status;
    entries.push({ type, at, status, details, ...change });
  };
  add('allocated', 2 + random() * 4, { kind: 'initial' }, { office: place, officer: officer(place) });
  add('contact_recorded', 5 + random() * 10, { contactKind: 'office_appointment', outcome: 'attended' });
  add('assessment_recorded', 10 + random() * 10, { nextDueOn: dayOf(at + 180 * DAY) });
  add('contact_recorded', 30, { contactKind: 'home_visit', outcome: random() < 0.8 ? 'attended' : 'missed' });
  if (random() < 0.5) add('violation_recorded', 30 + random() * 60, { occurredOn: dayOf(at + 30 * DAY) });
  if (random() < 0.7) add('assessment_recorded', 150 + random() * 60, { nextDueOn: dayOf(at + 330 * DAY) });
  if (random() < 0.3) {
    place = random() < 0.5 ? place : office();
    add('allocated', 30 + random() * 60, { kind: 'reallocation' }, { office: place, officer: officer(place) });
  }
  if (random() < 0.1) {
    add('absconded', 20 + random() * 60, {}, { status: 'absconded' });
    add('found', 20 + random() * 60, {}, { status: 'active' });
  }
  if (random() < 0.2) add('deadline_breached', 30 + random() * 90, { rule: REASSESSMENT_RULES[0] });
  add('contact_recorded', 30 + random() * 30, { contactKind: 'phone', outcome: 'attended' });
  // Its end: at the term's end (completed), or revoked earlier.
  const revoked = random() < 0.15;
  const endedAt = revoked ? Math.min(end - DAY, at + 60 * DAY) : end;
  if (endedAt < now && endedAt > at) entries.push({ type: 'ended', at: endedAt, status: revoked ? 'revoked' : 'completed', details: { end: revoked ? 'revoked' : 'completed', endedOn: dayOf(endedAt) } });
  return { region, entries: entries.filter((entry) => entry.at < now) };
}

/** Writes the history's facts in batches: entries with their persons' categories. */
async function load(manager: EntityManager): Promise<number> {
  const random = seeded(7);
  const now = Date.now();
  let written = 0;
  const batch = 2_000;
  for (let first = 0; first < CASES; first += batch) {
    const rows: unknown[][] = [];
    const persons: unknown[][] = [];
    for (let index = first; index < Math.min(CASES, first + batch); index++) {
      const [caseId, streamId, personId] = [uuidOf(`case-${index}`), uuidOf(`stream-${index}`), uuidOf(`person-${index}`)];
      const { region, entries } = entriesOf(index, random, now);
      const sex = SEXES[Math.floor(random() * SEXES.length)];
      const ageBand = AGE_BANDS[Math.floor(random() * AGE_BANDS.length)];
      persons.push([caseId, personId, sex, ageBand, ageBand === '14_17']);
      let office: string | undefined;
      entries.forEach((entry, sequence) => {
        office = entry.office ?? office;
        const at = new Date(entry.at).toISOString();
        rows.push([uuidOf(`entry-${index}-${sequence}`), streamId, sequence + 1, entry.type, caseId, region, office ?? null, personId, at, at, entry.status, JSON.stringify(entry.details), entry.officer ?? null]);
      });
    }
    const column = (i: number) => rows.map((row) => row[i]);
    await manager.query(
      `INSERT INTO fact_probation_entries (entry_id, stream, stream_id, sequence, entry_type, case_id, region, office, person_id, occurred_at, known_from, status, details, officer)
       SELECT e, 'probation_case', s, q, t, c, r, o, p, a, a, st, d::jsonb, f
       FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::uuid[], $9::timestamptz[], $10::text[], $11::text[], $12::text[]) AS x(e, s, q, t, c, r, o, p, a, st, d, f)`,
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12].map(column),
    );
    const of = (i: number) => persons.map((row) => row[i]);
    await manager.query(
      `INSERT INTO fact_case_persons (case_id, person_id, role, sex, age_band, juvenile, citizenship_group, known_from)
       SELECT c, p, 'accused', s, a, j, 'citizen', '2020-01-01' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::boolean[]) AS x(c, p, s, a, j)`,
      [0, 1, 2, 3, 4].map(of),
    );
    written += rows.length;
  }
  await manager.query(`ANALYZE fact_probation_entries; ANALYZE fact_case_persons`);
  return written;
}

const months = Array.from({ length: 12 }, (_unused, index) => `${YEAR}-${String(index + 1).padStart(2, '0')}`);
const periods = months.map((code, index) => ({
  code,
  starts: JURISDICTION.zonedInstant(`${code}-01T00:00`),
  ends: JURISDICTION.zonedInstant(index === 11 ? `${YEAR + 1}-01-01T00:00` : `${months[index + 1]}-01T00:00`),
}));

/** Milliseconds of `runs` runs: the median and the 95th percentile. */
async function timed<T>(run: () => Promise<T>): Promise<{ result: T; median: number; p95: number }> {
  let result = await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const began = performance.now();
    result = await run();
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] * 10) / 10;
  return { result, median: at(0.5), p95: at(0.95) };
}

const sorted = <T extends { key: string[] }>(rows: T[]) => [...rows].sort((a, b) => a.key.join('|').localeCompare(b.key.join('|')));
const sameStocks = (a: StockRow[], b: StockRow[]) =>
  JSON.stringify(sorted(a).map((row) => [row.key, row.cases, row.overdue, row.officers])) === JSON.stringify(sorted(b).map((row) => [row.key, row.cases, row.overdue, row.officers]));
const sameDays = (a: SumRow[], b: SumRow[]) =>
  JSON.stringify(sorted(a).map((row) => [row.key, row.value.toFixed(6)])) === JSON.stringify(sorted(b).map((row) => [row.key, row.value.toFixed(6)]));

async function main(): Promise<void> {
  const kept = process.env.BENCH_PROBATION_DATA;
  const folder = kept ?? mkdtempSync(join(tmpdir(), 'bench-probation-'));
  const loaded = kept !== undefined && existsSync(join(folder, 'postgres'));
  mkdirSync(folder, { recursive: true });
  // Open to PostgreSQL's user, so that its cluster lies in it (and goes with it).
  chmodSync(folder, 0o755);
  const database = await startEmbeddedPostgres({ dataDir: join(folder, 'postgres') });
  let owner: DataSource | undefined;
  try {
    await migrateAnalytics(database.url);
    owner = new DataSource({ type: 'postgres', url: database.url, extra: { max: 1, options: serviceSessionOptions('analytics', 'owner') } });
    await owner.initialize();
    const manager = owner.manager;
    if (!loaded) {
      let began = performance.now();
      const entries = await load(manager);
      console.log(`loaded ${CASES} probation cases, ${entries} entries in ${Math.round(performance.now() - began)} ms`);
      began = performance.now();
      const rebuilt = await rebuildAggregates(manager, { timeZone: ZONE, parts: ['probation'] });
      await manager.query(`ANALYZE probation_case_states; ANALYZE probation_stocks; ANALYZE probation_officer_stocks; ANALYZE probation_supervision`);
      console.log(`rebuilt the probation aggregates in ${Math.round(performance.now() - began)} ms: ${JSON.stringify(rebuilt.rows)}`);
    }
    const [active] = await manager.query(
      `SELECT count(*) FILTER (WHERE status = 'active' AND from_at < $1 AND (to_at IS NULL OR to_at >= $1))::int AS "activeAtYearEnd" FROM probation_case_states`,
      [periods[11].ends],
    );
    console.log(`states active at ${YEAR}'s end: ${active.activeAtYearEnd}`);

    const lines = ['| figure (12 months of ' + YEAR + ', national) | off the states: median / p95 ms | from the cubes: median / p95 ms | same |', '|---|---|---|---|'];
    const base = { periods, timeZone: ZONE, reassessmentRules: REASSESSMENT_RULES };
    const stockCases: [string, ProbationBreakdown[], boolean][] = [
      ['caseload, overdue', [], false],
      ['caseload by region', ['region'], false],
      ['caseload by office', ['office'], false],
      ['caseload by sex', ['sex'], false],
      ['caseload by age band', ['ageBand'], false],
      ['caseload by sex, age band, juvenile', ['sex', 'ageBand', 'juvenile'], false],
      ['caseload by office, sex', ['office', 'sex'], false],
      ['per officer', [], true],
      ['per officer by region, office', ['region', 'office'], true],
    ];
    for (const [name, by, officers] of stockCases) {
      const query = { ...base, by, officers };
      const states = await timed(() => stocksAtPeriodEnd(manager, query, 'aggregates'));
      const cubes = await timed(() => stocksFromAggregates(manager, query));
      const reference = officers ? states.result : states.result.map(({ officers: _officers, ...row }) => row);
      lines.push(`| ${name} | ${states.median} / ${states.p95} | ${cubes.median} / ${cubes.p95} | ${sameStocks(reference, cubes.result) ? 'yes' : '**no**'} |`);
    }
    const dayCases: [string, ProbationBreakdown[]][] = [
      ['supervision days', []],
      ['supervision days by region', ['region']],
      ['supervision days by age band', ['ageBand']],
      ['supervision days by sex, age band, juvenile', ['sex', 'ageBand', 'juvenile']],
    ];
    for (const [name, by] of dayCases) {
      const query = { periods, timeZone: ZONE, by };
      // Both in one transaction: the open states run to now, the transaction's start.
      const [states, cubes] = await manager.transaction(async (tx) => [await timed(() => supervisionDaysIn(tx, query, 'aggregates')), await timed(() => supervisionDaysFromAggregates(tx, query))]);
      lines.push(`| ${name} | ${states.median} / ${states.p95} | ${cubes.median} / ${cubes.p95} | ${sameDays(states.result, cubes.result) ? 'yes' : '**no**'} |`);
    }
    console.log(lines.join('\n'));

    // A case's refresh as the projection runs it on a probation entry (the states and every probation cube).
    const cases: { case_id: string }[] = await manager.query(`SELECT case_id FROM fact_probation_entries WHERE sequence = 1 ORDER BY entry_id LIMIT 200`);
    const refreshes: number[] = [];
    await manager.transaction(async (tx) => {
      for (const { case_id } of cases) {
        const started = performance.now();
        await refreshAggregatesOfCases(tx, [{ caseId: case_id, change: { kind: 'probation' } }], ZONE);
        refreshes.push(performance.now() - started);
      }
    });
    refreshes.sort((a, b) => a - b);
    console.log(`a case's probation refresh: median ${refreshes[100].toFixed(1)} ms, p95 ${refreshes[190].toFixed(1)} ms (200 cases)`);
    const [{ differences }] = [await rebuildAggregates(manager, { timeZone: ZONE, parts: ['probation'], check: true })];
    console.log(`after the refreshes a rebuild finds: ${JSON.stringify(differences)}`);
  } finally {
    await owner?.destroy();
    await database.stop();
    if (!kept) rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
