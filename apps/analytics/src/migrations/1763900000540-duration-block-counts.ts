import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The block cube of the durations (`duration_block_counts`, aggregates/duration-aggregates.ts,
 * docs/indicators.md *The duration aggregates*): the histogram cube's cells (`duration_counts`,
 * migration 1763900000460) summed by blocks of 16 whole days (`block` = days >> 4), keyed by span,
 * grain and month before the categories. A duration table's first pass reads these blocks (a
 * range of the key) instead of every day cell, and its second pass only the day cells of the
 * blocks holding its quantiles, by the histogram cube's key: the index of that cube by span,
 * grain and month (migration 1763900000536), which the first pass read, is no longer used.
 *
 * Filled from the histogram cube held (its sums by block are the block cube by definition), in
 * key order: the projection keeps both from here on, and `analytics:rebuild` rebuilds both.
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
    await db.query(`
      INSERT INTO duration_block_counts (span, grain, month, region, district, agency, iccs_section, article, block, cases)
      SELECT span, grain, month, region, district, agency, iccs_section, article, days >> 4, sum(cases)::int
      FROM duration_counts GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 HAVING sum(cases) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`);
    await db.query(`DROP INDEX duration_counts_span_grain_month`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX duration_counts_span_grain_month ON duration_counts (span, grain, month)`);
    await db.query(`DROP TABLE duration_block_counts`);
  }
}
