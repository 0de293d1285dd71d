import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropMerkleLogTableSql, merkleLogTableSql } from '@icjims/integrity';

/**
 * Why and whom an access entry consulted, batched appends, and the Merkle tree over the log.
 *
 * - New fields: `purpose`, `person_ids` (GIN-indexed, for "who consulted this person"),
 *   `flags`, `count` (requests the rate limiter turned away, outcome `throttled`).
 * - `format` says which fields an entry's hash covers (see access-log/access-chain.ts):
 *   the rows already there are format 1 and hash as they always did; the service writes 2.
 * - Appends come in batches of many rows per INSERT, so the row-level check that each row
 *   extends the head becomes a statement-level one: the inserted rows must continue the head
 *   gaplessly, each linking to the one before; the head may advance by several rows at once,
 *   to the newest row.
 * - `access_tree`: the RFC 9162 Merkle tree whose leaf i is entry seq i + 1, append-only
 *   like the log. The audit service fills in the leaves of the entries already there at its
 *   first append; its signed tree heads (checkpoints) are kept outside the database.
 */
export class AccessTransparency1763900000510 implements MigrationInterface {
  name = 'AccessTransparency1763900000510';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE access_log
        ADD COLUMN format     smallint NOT NULL DEFAULT 1 CHECK (format IN (1, 2)),
        ADD COLUMN purpose    text,
        ADD COLUMN person_ids text[] NOT NULL DEFAULT '{}',
        ADD COLUMN flags      text[] NOT NULL DEFAULT '{}',
        ADD COLUMN count      int CHECK (count > 0)`);
    await db.query(`ALTER TABLE access_log DROP CONSTRAINT access_log_outcome_check`);
    await db.query(`ALTER TABLE access_log ADD CONSTRAINT access_log_outcome_check CHECK (outcome IN ('allowed', 'denied', 'rejected', 'failed', 'throttled'))`);
    await db.query(`CREATE INDEX access_log_person_ids ON access_log USING gin (person_ids)`);

    await db.query(`DROP TRIGGER access_log_chained ON access_log`);
    await db.query(`DROP FUNCTION access_log_extends_head()`);
    await db.query(`
      CREATE FUNCTION access_log_rows_extend_head() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        head access_log_head%ROWTYPE;
        bad bigint;
      BEGIN
        SELECT * INTO head FROM access_log_head;
        SELECT seq INTO bad FROM (
          SELECT seq, prev_hash, lag(seq) OVER w AS before_seq, lag(hash) OVER w AS before_hash FROM added WINDOW w AS (ORDER BY seq)
        ) rows
        WHERE seq <> coalesce(before_seq, head.last_seq) + 1 OR prev_hash <> coalesce(before_hash, head.last_hash)
        ORDER BY seq LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'access_log row % does not extend the chain head (seq %)', bad, head.last_seq
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER access_log_chained AFTER INSERT ON access_log REFERENCING NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION access_log_rows_extend_head()`);

    await db.query(`
      CREATE OR REPLACE FUNCTION access_log_head_advances() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        IF NEW.singleton IS DISTINCT FROM OLD.singleton OR NEW.last_seq <= OLD.last_seq
           OR NOT EXISTS (SELECT 1 FROM access_log WHERE seq = NEW.last_seq AND hash = NEW.last_hash)
           OR EXISTS (SELECT 1 FROM access_log WHERE seq > NEW.last_seq) THEN
          RAISE EXCEPTION 'access_log_head may only advance to the newest access_log row'
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);

    for (const statement of merkleLogTableSql('access_tree')) await db.query(statement);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const statement of dropMerkleLogTableSql('access_tree')) await db.query(statement);
    await db.query(`
      CREATE OR REPLACE FUNCTION access_log_head_advances() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        IF NEW.singleton IS DISTINCT FROM OLD.singleton OR NEW.last_seq <> OLD.last_seq + 1
           OR NOT EXISTS (SELECT 1 FROM access_log WHERE seq = NEW.last_seq AND hash = NEW.last_hash) THEN
          RAISE EXCEPTION 'access_log_head may only advance to the newest access_log row'
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`DROP TRIGGER access_log_chained ON access_log`);
    await db.query(`DROP FUNCTION access_log_rows_extend_head()`);
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
    await db.query(`DROP INDEX access_log_person_ids`);
    await db.query(`ALTER TABLE access_log DROP CONSTRAINT access_log_outcome_check`);
    await db.query(`ALTER TABLE access_log ADD CONSTRAINT access_log_outcome_check CHECK (outcome IN ('allowed', 'denied', 'rejected', 'failed'))`);
    await db.query(`ALTER TABLE access_log DROP COLUMN format, DROP COLUMN purpose, DROP COLUMN person_ids, DROP COLUMN flags, DROP COLUMN count`);
  }
}
