import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The deadline breaches in force as a cube (`liberty_breach_counts`: breaches by rule, local
 * month of the due time and the case's region; aggregates/liberty-*, docs/indicators.md), which
 * a table of whole months reads instead of counting every breach entry of its periods (54,000
 * entries for a year at a million cases: 20–40 ms). Kept by the projection with the breach
 * entries, in the same statement; filled from the facts held, in the zone of the installation's
 * jurisdiction.
 */
export class BreachCounts1763900000570 implements MigrationInterface {
  name = 'BreachCounts1763900000570';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE liberty_breach_counts (
        rule     text NOT NULL,
        month    timestamptz NOT NULL,
        region   text NOT NULL,
        breaches integer NOT NULL,
        PRIMARY KEY (month, rule, region)
      ) WITH (fillfactor = 80)`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['breaches'] });
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE liberty_breach_counts`);
  }
}
