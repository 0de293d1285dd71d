import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The cubes in the flow's grains (flow_counts, flow_month_counts, duration_counts,
 * termination_counts) gain a grain without the region: by article alone, the other categories
 * written as '' (aggregates/flow-grains.ts, GRAINS' last). A national table by article reads one
 * cell per article there, not one per region and article (a 12-month duration table by article
 * summed every region's histograms before reading its quantiles). The earlier grains keep their
 * numbers: the rebuild of those aggregates from the facts held, in the zone of the installation's
 * jurisdiction, only adds the new grain's cells (the durations' since migration 1763900000540,
 * whose block table their part needs: until it exists, the rebuild leaves them out).
 */
export class NationalCaseGrain1763900000537 implements MigrationInterface {
  name = 'NationalCaseGrain1763900000537';

  async up(db: QueryRunner): Promise<void> {
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['flow', 'durations', 'terminations'] });
  }

  /** The version migrated down to reads none of the grain's cells; they are removed so that its `analytics:rebuild --check` agrees. */
  async down(db: QueryRunner): Promise<void> {
    for (const table of ['flow_counts', 'flow_month_counts', 'duration_counts', 'termination_counts']) await db.query(`DELETE FROM ${table} WHERE grain = 5`);
  }
}
