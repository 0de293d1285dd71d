import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a correction takes back an announced breach (deadline.breach-withdrawn): the clock's row
 * says when. `breached_at` is cleared then, so that the clock can be breached again if the
 * corrected journal has it run out after all; the events keep the whole history.
 */
export class BreachWithdrawal1763900000240 implements MigrationInterface {
  name = 'BreachWithdrawal1763900000240';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deadlines ADD COLUMN breach_withdrawn_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deadlines DROP COLUMN breach_withdrawn_at`);
  }
}
