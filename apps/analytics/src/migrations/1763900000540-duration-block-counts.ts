import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The block cube of the durations (`duration_block_counts`, aggregates/duration-aggregates.ts,
 * docs/indicators.md *The duration aggregates*): the histogram cube's cells (`duration_counts`,
 * migration 1763900000460) summed by blocks of 16 whole days (`block` = days >> 4), keyed by span,
 * grain and month before the categories. A duration table's first pass reads these blocks (a
 * range of the key) instead of every day cell, and its second pass only the day cells of the
 * blocks holding its quantiles, by the histogram cube's key: the index of that cube by span,
 * grain and month (migration 1763900000536), which the first pass read, is no longer used.
 *
 * Then the durations are rebuilt from the facts held, in the zone of the installation's
 * jurisdiction (ICJIMS_JURISDICTION, as the service runs under): the block cube filled, and the
 * histogram cube too where it is empty — the migrations before this one leave the durations out of
 * their rebuilds, their part's tables being incomplete until now.
 */
export class DurationBlockCounts1763900000540 implements MigrationInterface {
  name = 'DurationBlockCounts1763900000540';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE duration_block_counts (
        span         text NOT NULL,
        grain        smallint NOT NULL,
        month        timestamptz NOT NULL,
        region       text NOT NULL,
        district     text NOT NULL,
        agency       text NOT NULL,
        iccs_section text NOT NULL,
        article      text NOT NULL,
        block        integer NOT NULL,
        cases        integer NOT NULL,
        PRIMARY KEY (span, grain, month, region, district, agency, iccs_section, article, block)
      )`);
    await db.query(`DROP INDEX duration_counts_span_grain_month`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['durations'] });
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX duration_counts_span_grain_month ON duration_counts (span, grain, month)`);
    await db.query(`DROP TABLE duration_block_counts`);
  }
}
