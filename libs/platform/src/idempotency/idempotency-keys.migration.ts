import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Idempotency-Key records of a service; every service runs this (after the messaging
 * tables, before its own migrations). A row is committed only with the change it guards,
 * and already holds the response to replay.
 */
export class IdempotencyKeys1763900000050 implements MigrationInterface {
  name = 'IdempotencyKeys1763900000050';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_keys (
        caller_sub      text NOT NULL,
        idempotency_key text NOT NULL,
        -- sha256 of method, path and canonical body: a repeat must match it
        fingerprint     text NOT NULL,
        status          int  NOT NULL,
        -- the response body as JSON text; null when there was none
        response        text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (caller_sub, idempotency_key)
      )`);
    await db.query(`CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_keys`);
  }
}
