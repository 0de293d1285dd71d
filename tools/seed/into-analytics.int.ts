import { Client } from 'pg';
import { CloudEvent } from '@icjims/contracts';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { createTestDatabase, eventually, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { analyticsService } from '../../apps/analytics/src/analytics.service';
import { loadIntoAnalytics } from './into-analytics';
import { nationalHistory } from './national';

/**
 * A national history loaded straight into the facts (seed --direct --into-analytics) gives the
 * facts that the analytics service keeps when the same events reach it over the bus.
 */
describe('a national history loaded into analytics', () => {
  const jurisdiction = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
  const events: CloudEvent<unknown>[] = [...nationalHistory({ seed: 5, cases: 150, year: 2024, now: new Date('2026-12-04T00:00:00Z'), jurisdiction, blockSize: 75 })];
  let services: RunningServices;

  beforeAll(async () => {
    services = await startServices([analyticsService], { jurisdiction });
  });
  afterAll(() => services?.stop());

  const TABLES = ['fact_cases', 'fact_case_persons', 'fact_steps', 'fact_person_aliases', 'fact_deadline_breaches', 'fact_probation_entries'];
  async function factTables(db: Client): Promise<Record<string, string[]>> {
    const tables: Record<string, string[]> = {};
    for (const table of TABLES) tables[table] = (await db.query(`SELECT f::text AS row FROM analytics.${table} f ORDER BY 1`)).rows.map((row: { row: string }) => row.row);
    return tables;
  }

  it('gives the facts the event handlers give', async () => {
    await publishEvents(services.bus, ...events);
    await eventually(async () => {
      const { rows } = await services.db.query(`SELECT count(*)::int AS n FROM analytics.inbox`);
      return rows[0].n === events.length || undefined;
    }, 150_000, 'the handlers to take every event');
    const byHandlers = await factTables(services.db);
    expect(byHandlers.fact_steps.length).toBeGreaterThan(1000);
    expect(byHandlers.fact_probation_entries.length).toBeGreaterThan(50);

    const databaseUrl = await createTestDatabase('seed_direct');
    const loaded = await loadIntoAnalytics(events, { migrationUrl: databaseUrl, batchSize: 500 });
    expect(loaded.events).toBe(events.length);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      expect(await factTables(db)).toEqual(byHandlers);
    } finally {
      await db.end();
    }
  }, 240_000);
});
