import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters by indicator, region, month and (where the indicator has one) category.
 * Nothing here identifies a case or a person: only categories and counts.
 */
export class Analytics1763900000400 implements MigrationInterface {
  name = 'Analytics1763900000400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE activity_counts (
        indicator text NOT NULL,
        region    text NOT NULL,
        period    text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        category  text NOT NULL DEFAULT '',
        value     int  NOT NULL CHECK (value >= 0),
        PRIMARY KEY (indicator, region, period, category)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE activity_counts`);
  }
}
