import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access log: append-only in the database, hash-chained in the application.
 *
 * - `seq` is gapless (taken from the head, not from a sequence, which would burn numbers
 *   on rollback), so a missing number is itself evidence.
 * - Each row's `hash` = sha256(`prev_hash` || canonical JSON of its fields) — see
 *   access-log/access-chain.ts; the first row's `prev_hash` is 64 zeros.
 * - `access_log_head` (one row) holds the last seq and hash. Appenders lock it, which
 *   serialises appends; triggers keep it in step with the log.
 * - Trigger functions keep the schema they were created in (SET search_path FROM CURRENT),
 *   so they work whatever the search path of the session that fires them.
 * - Triggers refuse UPDATE, DELETE and TRUNCATE of the log, an insert that does not extend
 *   the head, and any change to the head other than advancing it to the newest row. They
 *   hold for the table owner and superusers too; only someone who can disable triggers
 *   can get past them, and the hash chain then shows where (GET /access-logs/verify).
 */
export class Audit1763900000500 implements MigrationInterface {
  name = 'Audit1763900000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE access_log (
        seq            bigint PRIMARY KEY CHECK (seq > 0),
        event_id       text NOT NULL UNIQUE,
        occurred_at    timestamptz NOT NULL,
        service        text NOT NULL,
        actor_sub      text,
        actor_roles    text[] NOT NULL,
        actor_region   text,
        action         text NOT NULL,
        resource_type  text NOT NULL,
        resource_id    text,
        case_id        text,
        outcome        text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'rejected', 'failed')),
        status         int  NOT NULL,
        method         text NOT NULL,
        route          text NOT NULL,
        reason         text,
        source_ip      text,
        correlation_id text,
        recorded_at    timestamptz NOT NULL,
        prev_hash      text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash           text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    await db.query(`CREATE INDEX access_log_actor ON access_log (actor_sub, seq DESC)`);
    await db.query(`CREATE INDEX access_log_case ON access_log (case_id, seq DESC) WHERE case_id IS NOT NULL`);
    await db.query(`CREATE INDEX access_log_region ON access_log (actor_region, seq DESC)`);
    await db.query(`CREATE INDEX access_log_occurred ON access_log (occurred_at)`);

    await db.query(`
      CREATE TABLE access_log_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        last_seq  bigint NOT NULL,
        last_hash text   NOT NULL
      )`);
    await db.query(`INSERT INTO access_log_head (singleton, last_seq, last_hash) VALUES (true, 0, repeat('0', 64))`);

    await db.query(`
      CREATE FUNCTION access_log_refuse() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`CREATE TRIGGER access_log_no_update_delete BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_refuse()`);
    await db.query(`CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse()`);
    await db.query(`CREATE TRIGGER access_log_head_no_delete BEFORE DELETE ON access_log_head FOR EACH ROW EXECUTE FUNCTION access_log_refuse()`);
    await db.query(`CREATE TRIGGER access_log_head_no_truncate BEFORE TRUNCATE ON access_log_head FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse()`);

    await db.query(`
      CREATE FUNCTION access_log_extends_head() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE head access_log_head%ROWTYPE;
      BEGIN
        SELECT * INTO head FROM access_log_head;
        IF NEW.seq <> head.last_seq + 1 OR NEW.prev_hash <> head.last_hash THEN
          RAISE EXCEPTION 'access_log row % does not extend the chain head (seq %)', NEW.seq, head.last_seq
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER access_log_chained BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_extends_head()`);

    await db.query(`
      CREATE FUNCTION access_log_head_advances() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        IF NEW.singleton IS DISTINCT FROM OLD.singleton OR NEW.last_seq <> OLD.last_seq + 1
           OR NOT EXISTS (SELECT 1 FROM access_log WHERE seq = NEW.last_seq AND hash = NEW.last_hash) THEN
          RAISE EXCEPTION 'access_log_head may only advance to the newest access_log row'
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER access_log_head_advance BEFORE UPDATE ON access_log_head FOR EACH ROW EXECUTE FUNCTION access_log_head_advances()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE access_log_head`);
    await db.query(`DROP TABLE access_log`);
    await db.query(`DROP FUNCTION access_log_head_advances()`);
    await db.query(`DROP FUNCTION access_log_extends_head()`);
    await db.query(`DROP FUNCTION access_log_refuse()`);
  }
}
