import { loadJurisdiction } from '@icjims/jurisdiction';
import { createTestDatabase, eventually, http, RunningServices, startServices } from '@icjims/testing';
import { analyticsService } from '../../apps/analytics/src/analytics.service';
import type { StatisticalTable } from '../../apps/analytics/src/tables/statistical-table';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';
import { driveCaseload, SeedSummary } from '../../tools/seed/driver';
import { Caseload, generateCaseload } from '../../tools/seed/generate';
import { casesOfUnit, monthsBetween, Period, quartersBetween, yearsBetween } from './case-flow-truth';

/**
 * The seeded country the independent calculations compare analytics with
 * (./independent-calculation.e2e.ts for the case flow, ./people-independent.e2e.ts for the
 * people): a generated caseload goes through the real write path (case-registry and
 * procedural-steps over HTTP, events to analytics) in two batches, with an instant between them
 * to ask figures as of, and corrections made after it. `seededCountry` does it once per test
 * file, in a `beforeAll` of the describe block that calls it.
 */

export const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
export const caseload: Caseload = generateCaseload({
  seed: 19,
  cases: 160,
  year: 2025,
  now: new Date('2026-06-01T00:00:00Z'),
  jurisdiction: kg,
  // More joins, splits and corrections than a real year has, so that 160 cases exercise them
  // (seed 19 also has split-off cases whose journal ends the pre-trial stage before their registration).
  rates: { join: 0.03, split: 0.03, amend: 0.05, annul: 0.05 },
});
/** The caseload with every correction held back. */
export const uncorrected: Caseload = { ...caseload, cases: caseload.cases.map((seedCase) => ({ ...seedCase, steps: seedCase.steps.filter((step) => !step.correction) })) };
export const unitIndexes = caseload.units.map((_unit, index) => index);
const corrected = new Set(caseload.cases.filter((seedCase) => seedCase.steps.some((step) => step.correction)).map((seedCase) => seedCase.key));
export const withCorrections = unitIndexes.filter((index) => casesOfUnit(caseload.units[index]).some((key) => corrected.has(key)));
/**
 * The first batch: the first half of the units and those with corrections, the corrections held
 * back. The second: the other units and the corrections (the driver replays what was done
 * already, by its idempotency keys, and posts only what is new).
 */
export const firstBatch = unitIndexes.filter((index) => index < unitIndexes.length / 2 || withCorrections.includes(index));
export const secondBatch = unitIndexes.filter((index) => !firstBatch.includes(index) || withCorrections.includes(index));
export const BISHKEK = 'KG-GB';

export const casesOf = (indexes: readonly number[]) => indexes.flatMap((index) => casesOfUnit(caseload.units[index]));
/** The index of the unit that registers a case. */
const unitOf = new Map(unitIndexes.flatMap((index) => casesOf([index]).map((key) => [key, index] as const)));
export const unitOfCase = (caseKey: string): number => unitOf.get(caseKey) as number;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sets environment variables while `work` runs (services read their settings as they start). */
async function withEnvironment<T>(variables: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return await work();
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * exact: a national analyst where exact figures are allowed; defaults: one under the default
 * policy; open: the open-data interface, no token, and regional: an analyst of Bishkek, both
 * where national analysts see exact figures (and the minimum denominator is 1).
 */
export type Policy = 'exact' | 'defaults' | 'open' | 'regional';
export type Granularity = 'month' | 'quarter' | 'year';

/** The running services and what the seeding made; every field is set once `beforeAll` has run. */
export class SeededCountry {
  /** case-registry, procedural-steps and analytics with exact figures for national analysts and no minimum denominator. */
  services!: RunningServices;
  /** A second analytics on the same database with the default disclosure policy. */
  defaults!: RunningServices;
  analyst!: string;
  defaultsAnalyst!: string;
  /** When each batch of the seeding began: the joins, split-off registrations and roles of its units happened then (or a moment later). */
  readonly batchStartedAt: number[] = [];
  /** An instant after everything of the first batch was recorded and before anything of the second. */
  between!: Date;
  /** The seeded year and the months that follow, up to the month of the seeding. */
  months!: Period[];
  /** The services' person ids by the caseload's person keys. */
  readonly personIds = new Map<string, string>();

  /** When the seeding worked a unit. */
  readonly workedAt = (unitIndex: number): number => this.batchStartedAt[firstBatch.includes(unitIndex) ? 0 : 1];

  readonly periodsOf = (granularity: Granularity): Period[] =>
    granularity === 'month'
      ? this.months
      : granularity === 'quarter'
        ? quartersBetween(this.months[0].code, this.months[this.months.length - 1].code, kg)
        : yearsBetween(2025, Number(this.months[this.months.length - 1].code.slice(0, 4)), kg);

  /** The query of every period of a granularity from the seeded year to the month of the seeding. */
  readonly range = (granularity: Granularity): string => {
    const periods = this.periodsOf(granularity);
    return `period=${granularity}&from=${periods[0].code}&to=${periods[periods.length - 1].code}`;
  };

  readonly table = async (base: string, token: string, path: string): Promise<StatisticalTable> => {
    const response = await http<StatisticalTable>('GET', `${base}/api/v1/indicators/${path}`, { token });
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  /** A table (`<code>/table?…`) as published under a policy. */
  readonly tableFor = async (policy: Policy, path: string): Promise<StatisticalTable> => {
    if (policy === 'exact') return this.table(this.services.urls.analytics, this.analyst, path);
    if (policy === 'defaults') return this.table(this.defaults.urls.analytics, this.defaultsAnalyst, path);
    if (policy === 'regional') return this.table(this.services.urls.analytics, await this.services.tokenFor('analyst', { region: BISHKEK }), path);
    const response = await http<StatisticalTable>('GET', `${this.services.urls.analytics}/api/v1/open-data/indicators/${path}`);
    if (response.status !== 200) throw new Error(`GET open-data ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  async seed(variant: Caseload, indexes: readonly number[]): Promise<SeedSummary> {
    const summary = await driveCaseload({ ...variant, units: indexes.map((index) => variant.units[index]) }, {
      caseRegistryUrl: this.services.urls['case-registry'],
      proceduralStepsUrl: this.services.urls['procedural-steps'],
      tokenFor: (region) => this.services.tokenFor('prosecutor', { region, sub: 'seed-prosecutor' }),
    }, { concurrency: 8 });
    expect({ refusals: summary.firstRefusals, failures: summary.failures }).toEqual({ refusals: [], failures: [] });
    for (const [key, id] of summary.ids.persons) this.personIds.set(key, id);
    return summary;
  }

  /**
   * Until every step is in procedural-steps, every event has left the outboxes and analytics
   * holds every case, step and correction among its facts (and has stopped taking in events).
   */
  async caughtUp(variant: Caseload, indexes: readonly number[]): Promise<void> {
    const keys = new Set(casesOf(indexes));
    const ofBatch = variant.cases.filter((seedCase) => keys.has(seedCase.key));
    const steps = ofBatch.reduce((sum, seedCase) => sum + seedCase.steps.length, 0);
    const corrections = ofBatch.flatMap((seedCase) => seedCase.steps.filter((step) => step.correction)).length;
    let seen = { steps: 0, unpublished: 0, inbox: -1, factSteps: 0, revisions: 0, registered: 0 };
    const settled = async () => {
      const { rows } = await this.services.db.query(`SELECT
          (SELECT count(*) FROM procedural_steps.steps)::int AS steps,
          (SELECT count(*) FROM case_registry.outbox WHERE published_at IS NULL)::int + (SELECT count(*) FROM procedural_steps.outbox WHERE published_at IS NULL)::int AS unpublished,
          (SELECT count(*) FROM analytics.inbox)::int AS inbox,
          (SELECT count(DISTINCT step_id) FROM analytics.fact_steps)::int AS "factSteps",
          (SELECT count(*) FROM analytics.fact_steps WHERE revision > 0)::int AS revisions`);
      const inboxBefore = seen.inbox;
      seen = { ...seen, ...rows[0] };
      if (seen.steps !== steps || seen.unpublished !== 0 || seen.factSteps !== steps || seen.revisions !== corrections || seen.inbox !== inboxBefore) {
        await sleep(500);
        return undefined;
      }
      const registered = await this.table(this.services.urls.analytics, this.analyst, `cases_registered/table?period=year&from=2025&to=${kg.localYear(new Date())}`);
      seen.registered = registered.cells.reduce((sum, cell) => sum + (cell.value ?? 0), 0);
      return seen.registered === keys.size ? true : undefined;
    };
    try {
      await eventually(settled, 60_000, `analytics to take in ${keys.size} cases and ${steps} steps`);
    } catch (error) {
      throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(seen)}`);
    }
  }
}

/** Starts the services on a new database `database` and seeds the country, in `beforeAll`; stops them in `afterAll`. */
export function seededCountry(database: string): SeededCountry {
  const country = new SeededCountry();
  beforeAll(async () => {
    country.services = await withEnvironment({ ANALYTICS_MIN_DENOMINATOR: '1', ANALYTICS_EXACT_FOR_NATIONAL: 'true' }, async () =>
      startServices([caseRegistryService, proceduralStepsService, analyticsService], { databaseUrl: await createTestDatabase(database) }),
    );
    country.analyst = await country.services.tokenFor('analyst');

    country.batchStartedAt.push(Date.now());
    await country.seed(uncorrected, firstBatch);
    await country.caughtUp(uncorrected, firstBatch);
    // A clear second on each side of the instant, whatever precision asOf is kept in.
    await sleep(1100);
    country.between = new Date();
    await sleep(1100);
    country.batchStartedAt.push(Date.now());
    await country.seed(caseload, secondBatch);
    await country.caughtUp(caseload, unitIndexes);

    country.defaults = await startServices([analyticsService], { databaseUrl: country.services.databaseUrl });
    country.defaultsAnalyst = await country.defaults.tokenFor('analyst');
    // The seeded year and the months that follow, up to the month of the seeding (joins and split-off registrations).
    country.months = monthsBetween('2025-01', kg.localMonth(new Date(country.batchStartedAt[1])), kg);
    expect(kg.localMonth(new Date())).toBe(country.months[country.months.length - 1].code);
  }, 600_000);

  afterAll(async () => {
    await country.defaults?.stop();
    await country.services?.stop();
  });
  return country;
}
