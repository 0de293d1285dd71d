import { DataSource } from 'typeorm';
import { ProbationEntryRecorded } from '@icjims/contracts';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { migrateServiceSchema, serviceSessionOptions } from '@icjims/persistence';
import { serviceDatabaseOptions } from '@icjims/platform';
import { createTestDatabase } from '@icjims/testing';
import { rebuildAggregates } from '../../apps/analytics/src/aggregates/rebuild';
import { analyticsService } from '../../apps/analytics/src/analytics.service';
import { FactsBulkWriter } from '../../apps/analytics/src/facts/facts-bulk';
import { nationalHistory } from '../../tools/seed/national';

/**
 * An installation that held facts before any aggregate existed, upgraded: each migration that
 * adds aggregates fills them from the facts held (and only them), in the order they come, and
 * after the last one a rebuild from the facts finds nothing to change. The probation journal's
 * entries are held from the version that added their facts (migration 1763900000530) on.
 */
describe('analytics upgraded over the facts it holds', () => {
  it('fills every aggregate the migrations add from the facts already held, as a rebuild would', async () => {
    const url = await createTestDatabase('analytics_upgrade');
    const migrate = (migrations: typeof analyticsService.migrations) => migrateServiceSchema({ ...serviceDatabaseOptions({ ...analyticsService, migrations }, {}), migrationUrl: url });
    const indexOf = (name: string) => analyticsService.migrations.findIndex((migration) => migration.name === name);
    const [firstAggregates, probationFacts] = [indexOf('FlowAggregates1763900000440'), indexOf('ProbationFacts1763900000530')];
    expect(firstAggregates).toBeGreaterThan(0);
    expect(probationFacts).toBeGreaterThan(firstAggregates);
    await migrate(analyticsService.migrations.slice(0, firstAggregates));

    const jurisdiction = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
    const owner = new DataSource({ type: 'postgres', url, extra: { max: 1, options: serviceSessionOptions('analytics', 'owner') } });
    await owner.initialize();
    try {
      const history = [...nationalHistory({ seed: 11, cases: 600, year: 2024, now: new Date('2026-01-01T00:00:00Z'), jurisdiction })];
      const isProbation = (event: (typeof history)[number]) => event.type === ProbationEntryRecorded.type;
      const hold = async (events: typeof history) => {
        const writer = new FactsBulkWriter(owner.manager, 2_000);
        for (const event of events) await writer.add(event);
        await writer.flush();
      };
      await hold(history.filter((event) => !isProbation(event)));
      await migrate(analyticsService.migrations.slice(0, probationFacts + 1));
      await hold(history.filter(isProbation));

      await migrate(analyticsService.migrations);
      const filled: Record<string, number>[] = await owner.query(
        `SELECT (SELECT count(*) FROM flow_case_stages)::int AS stages, (SELECT count(*) FROM duration_case_spans)::int AS spans,
           (SELECT count(*) FROM people_case_entries)::int AS people, (SELECT count(*) FROM liberty_measure_entries)::int AS measures,
           (SELECT count(*) FROM liberty_breach_entries)::int AS breaches, (SELECT count(*) FROM custody_entries)::int AS custody,
           (SELECT count(*) FROM reoffending_convictions)::int AS reoffending, (SELECT count(*) FROM probation_stream_events)::int AS probation,
           (SELECT count(*) FROM probation_case_states)::int AS "probation states"`,
      );
      for (const [aggregate, rows] of Object.entries(filled[0])) expect({ aggregate, filled: rows > 0 }).toEqual({ aggregate, filled: true });
      const { differences } = await rebuildAggregates(owner.manager, { timeZone: jurisdiction.timeZone, check: true });
      expect(differences).toEqual({});
    } finally {
      await owner.destroy();
    }
  }, 120_000);
});
