import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The jurisdiction pack an installation runs under, recorded by the service at its first start
 * (installation.ts). Every service runs this after its own migrations; one row at most.
 */
export class Installation1764000000000 implements MigrationInterface {
  name = 'Installation1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE installation (
        singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        jurisdiction text NOT NULL,
        pack_version text NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE installation`);
  }
}
