import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index of the histogram cube (`duration_counts`, migration 1763900000460) by span, grain and
 * month: a table reads one span, one grain and the months of its periods, and the cube's key
 * (span, grain, region, …, article, month, days) finds those months only within each combination
 * of categories. Where a grain holds many combinations (by article: region × ICCS section ×
 * article) the planner read the whole cube instead (docs/indicators.md, *The duration aggregates*).
 */
export class DurationCountsByMonth1763900000536 implements MigrationInterface {
  name = 'DurationCountsByMonth1763900000536';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX duration_counts_span_grain_month ON duration_counts (span, grain, month)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX duration_counts_span_grain_month`);
  }
}
