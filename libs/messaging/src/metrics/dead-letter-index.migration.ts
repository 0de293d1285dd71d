import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index of the dead letters kept in the outbox, so that counting them for
 * `icjims_dead_letter_messages` never scans the published history. Dead letters are rare:
 * the index stays small, and other appends only evaluate its predicate.
 */
export class OutboxDeadLetterIndex1764000000100 implements MigrationInterface {
  name = 'OutboxDeadLetterIndex1764000000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX outbox_dead_letters ON outbox (created_at) WHERE event_type = 'dead-letter'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX outbox_dead_letters`);
  }
}
