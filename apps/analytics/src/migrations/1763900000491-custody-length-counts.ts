import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The lengths cube of the custody aggregate (aggregates/custody-*, docs/indicators.md):
 * `custody_length_counts`, the pre-trial episodes that ended (not by a transfer) in a known case,
 * by grain (LENGTH_GRAINS: the breakdowns it keeps, the others ''), the local month the episode
 * ended in, the region and person categories, and its length in whole days — a histogram the
 * length quantiles are read off (version 2 of pre_trial_detention_length_median/_p90). Kept by
 * the custody part's refresh, with room on its pages for the projection's updates. Then the custody
 * aggregate is filled from the facts already held (the cube from the entries' lengths), with the
 * installation's jurisdiction.
 */
export class CustodyLengthCounts1763900000491 implements MigrationInterface {
  name = 'CustodyLengthCounts1763900000491';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE custody_length_counts (
        grain             smallint NOT NULL,
        month             timestamptz NOT NULL,
        region            text NOT NULL,
        sex               text NOT NULL,
        age_band          text NOT NULL,
        juvenile          text NOT NULL,
        citizenship_group text NOT NULL,
        disability        text NOT NULL,
        days              integer NOT NULL,
        episodes          integer NOT NULL,
        PRIMARY KEY (grain, month, region, sex, age_band, juvenile, citizenship_group, disability, days)
      ) WITH (fillfactor = 80)`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['custody'] });
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE custody_length_counts`);
  }
}
