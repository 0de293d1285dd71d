import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The cubes in the flow's grains (flow_counts, flow_month_counts, duration_counts,
 * duration_block_counts, termination_counts) gain a second grain without the region: by ICCS
 * section alone, the other categories written as '' (aggregates/flow-grains.ts, GRAINS' last). A
 * national table by section reads one cell per section there, not one per region and section
 * (a 12-month duration table by section read every region's blocks of each section: 59 ms at a
 * million cases). The earlier grains keep their numbers: the rebuild of those aggregates from the
 * facts held, in the zone of the installation's jurisdiction, only adds the new grain's cells.
 */
export class NationalIccsGrain1763900000541 implements MigrationInterface {
  name = 'NationalIccsGrain1763900000541';

  async up(db: QueryRunner): Promise<void> {
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['flow', 'durations', 'terminations'] });
  }

  /** The version migrated down to reads none of the grain's cells; they are removed so that its `analytics:rebuild --check` agrees. */
  async down(db: QueryRunner): Promise<void> {
    for (const table of ['flow_counts', 'flow_month_counts', 'duration_counts', 'duration_block_counts', 'termination_counts']) await db.query(`DELETE FROM ${table} WHERE grain = 6`);
  }
}
