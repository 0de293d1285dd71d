import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The probation stocks cube (`probation_stocks`, migration 1763900000533) in three more grains —
 * region and office with sex, with age band, with juvenile (probation/probation-stock-cubes.ts) —
 * so that a table by office and one person category reads those cells rather than the finest
 * grain's every combination of categories; the finest grain is renumbered after them. The
 * probation aggregates are rebuilt from the facts held (only the cube's rows change), in the zone
 * of the installation's jurisdiction.
 */
export class ProbationStockGrains1763900000535 implements MigrationInterface {
  name = 'ProbationStockGrains1763900000535';

  async up(db: QueryRunner): Promise<void> {
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_probation_entries) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['probation'] });
  }

  async down(db: QueryRunner): Promise<void> {
    // The grains are numbered by the code: the version migrated down to refills the cube in its own (npm run analytics:rebuild).
    await db.query(`DELETE FROM probation_stocks`);
  }
}
