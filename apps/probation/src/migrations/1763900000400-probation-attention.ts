import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `probation_streams.attention_on`: the first day (in the pack's zone) the daily round has
 * something to give a stream — a deadline to record as breached, a term to complete — written
 * by the writer with the head on every append (scheduling/attention.ts). A round reads this
 * partial index instead of every head's state. Streams that exist already (those moved from
 * the older probation_cases table among them) are looked at by the first round, which stores
 * their real date.
 */
export class ProbationAttention1763900000400 implements MigrationInterface {
  name = 'ProbationAttention1763900000400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE probation_streams ADD COLUMN attention_on date`);
    await db.query(`UPDATE probation_streams SET attention_on = DATE '2000-01-01' WHERE version > 0`);
    await db.query(`CREATE INDEX probation_streams_attention ON probation_streams (attention_on) WHERE attention_on IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX probation_streams_attention`);
    await db.query(`ALTER TABLE probation_streams DROP COLUMN attention_on`);
  }
}
