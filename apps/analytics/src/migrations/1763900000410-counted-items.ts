import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cell each counted step and probation case was counted in, so that a correction can
 * take its count back or move it. `source_id` is the step id or the probation case id:
 * random ids that say nothing by themselves, never a case id or a person id. No API reads
 * this table; analysts see only `activity_counts`.
 *
 * An item's cell must exist (checked at commit, when both are written), so a cell that still
 * has items can never be removed.
 */
export class CountedItems1763900000410 implements MigrationInterface {
  name = 'CountedItems1763900000410';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE counted_items (
        source_id uuid NOT NULL,
        indicator text NOT NULL,
        region    text NOT NULL,
        period    text NOT NULL,
        category  text NOT NULL,
        PRIMARY KEY (source_id, indicator),
        FOREIGN KEY (indicator, region, period, category) REFERENCES activity_counts DEFERRABLE INITIALLY DEFERRED
      )`);
    // For the foreign-key check when a cell is removed.
    await db.query(`CREATE INDEX counted_items_cell ON counted_items (indicator, region, period, category)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE counted_items`);
  }
}
