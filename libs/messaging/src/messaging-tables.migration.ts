import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox and inbox tables; every service runs this first, in its own schema. */
export class MessagingTables1763900000000 implements MigrationInterface {
  name = 'MessagingTables1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outbox (
        position     bigserial PRIMARY KEY,
        event_id     uuid NOT NULL UNIQUE,
        event_type   text NOT NULL,
        topic        text NOT NULL,
        message_key  text NOT NULL,
        value        text NOT NULL,
        headers      jsonb NOT NULL DEFAULT '{}',
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        -- The appending transaction: the relay publishes only rows of transactions older than
        -- every open one, so a late commit is never overtaken by a later append.
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id()
      )`);
    await db.query(`CREATE INDEX outbox_unpublished ON outbox (transaction_id, position) WHERE published_at IS NULL`);
    await db.query(`
      CREATE TABLE inbox (
        event_id     text PRIMARY KEY,
        event_type   text NOT NULL,
        outcome      text NOT NULL CHECK (outcome IN ('processed', 'dead-lettered')),
        processed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE inbox`);
    await db.query(`DROP TABLE outbox`);
  }
}
