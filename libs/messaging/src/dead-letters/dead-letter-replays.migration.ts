import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What became of a dead letter's replay, on the dead letter itself (an outbox row of type
 * `dead-letter`): who asked for it and when, when the service re-delivered it, and how it went.
 * `npm run dead-letters -- replay` only sets the request; the service that dead-lettered the
 * message finds it in its own outbox and re-delivers it (DeadLetterReplayer). The partial index
 * holds the dead letters not replayed yet — the ones `icjims_dead_letter_messages` counts and
 * the replayer looks through — so both stay index scans of a handful of rows.
 */
export class DeadLetterReplays1764000000200 implements MigrationInterface {
  name = 'DeadLetterReplays1764000000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE outbox
        ADD COLUMN replay_requested_at timestamptz,
        ADD COLUMN replay_requested_by text,
        ADD COLUMN replayed_at timestamptz,
        ADD COLUMN replay_outcome text CHECK (replay_outcome IN ('applied', 'already-applied', 'failed')),
        ADD COLUMN replay_error text`);
    await db.query(`CREATE INDEX outbox_dead_letters_open ON outbox (position) WHERE event_type = 'dead-letter' AND replayed_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX outbox_dead_letters_open`);
    await db.query(`
      ALTER TABLE outbox
        DROP COLUMN replay_error, DROP COLUMN replay_outcome, DROP COLUMN replayed_at,
        DROP COLUMN replay_requested_by, DROP COLUMN replay_requested_at`);
  }
}
