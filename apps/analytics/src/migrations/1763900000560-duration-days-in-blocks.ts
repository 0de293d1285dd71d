import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The block cube of the durations (`duration_block_counts`, migration 1763900000540) carries each
 * cell's counts by day of its block, `cases_by_day` (16 entries, the block's days in order, zeros
 * kept: aggregates/duration-aggregates.ts, docs/indicators.md *The duration aggregates*), and the
 * histogram cube by day (`duration_counts`, migration 1763900000460) goes: a duration table's
 * second pass reads the day counts of the blocks holding its quantiles from the rows its first
 * pass found, where it probed the histogram cube once per block cell (a third of a table by
 * article at a million cases), and the projection and a rebuild keep one cube and one key fewer.
 *
 * The cube is emptied to take the column (its cells are a function of the facts), then the
 * durations are rebuilt from the facts held, in the zone of the installation's jurisdiction
 * (ICJIMS_JURISDICTION, as the service runs under): the empty cube filled without its index, the
 * spans found right. Before this migration the durations' part is left out of the rebuilds of
 * those before it, its block cube lacking the column.
 */
export class DurationDaysInBlocks1763900000560 implements MigrationInterface {
  name = 'DurationDaysInBlocks1763900000560';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`TRUNCATE duration_block_counts`);
    await db.query(`ALTER TABLE duration_block_counts ADD COLUMN cases_by_day integer[] NOT NULL CHECK (cardinality(cases_by_day) = 16)`);
    await db.query(`DROP TABLE duration_counts`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['durations'] });
  }

  /** The histogram cube again, filled from the blocks' days (the version migrated down to reads and checks it). */
  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE duration_counts (
        span         text NOT NULL,
        grain        smallint NOT NULL,
        region       text NOT NULL,
        district     text NOT NULL,
        agency       text NOT NULL,
        iccs_section text NOT NULL,
        article      text NOT NULL,
        month        timestamptz NOT NULL,
        days         integer NOT NULL,
        cases        integer NOT NULL,
        PRIMARY KEY (span, grain, region, district, agency, iccs_section, article, month, days)
      )`);
    await db.query(`
      INSERT INTO duration_counts (span, grain, region, district, agency, iccs_section, article, month, days, cases)
      SELECT b.span, b.grain, b.region, b.district, b.agency, b.iccs_section, b.article, b.month, (b.block << 4) + d.day::int - 1, d.cases
      FROM duration_block_counts b CROSS JOIN LATERAL unnest(b.cases_by_day) WITH ORDINALITY AS d(cases, day)
      WHERE d.cases <> 0
      ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`);
    await db.query(`ALTER TABLE duration_block_counts DROP COLUMN cases_by_day`);
  }
}
