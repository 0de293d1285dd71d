import { MigrationInterface, QueryRunner } from 'typeorm';

/** When the scheduler announced that a clock entered its warning window (deadline.running-out), once per clock. */
export class DeadlineWarnings1763900000260 implements MigrationInterface {
  name = 'DeadlineWarnings1763900000260';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deadlines ADD COLUMN warned_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deadlines DROP COLUMN warned_at`);
  }
}
