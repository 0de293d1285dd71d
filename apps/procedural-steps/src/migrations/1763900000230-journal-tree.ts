import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropMerkleLogTableSql, merkleLogTableSql } from '@icjims/integrity';
import { INSERTING_TRANSACTION_COLUMN } from '@icjims/messaging';

/**
 * The procedural journals of all cases under one Merkle tree (RFC 6962/9162) per
 * installation, so that signed tree heads kept outside the database can catch a rewrite
 * that recomputes the hash chains (journal-tree/).
 *
 * - `steps.transaction_id`: the transaction that recorded the step. The sealer takes steps
 *   in the order (transaction_id, case_id, sequence), only below the oldest transaction
 *   still open, so a step that commits late is never skipped. Steps recorded before this
 *   migration all carry its own transaction and go into the tree case by case.
 * - `journal_tree`: the tree (libs/integrity's MerkleLog), append-only.
 * - `step_leaves`: which leaf each sealed step is; append-only like the steps themselves.
 */
export class JournalTree1763900000230 implements MigrationInterface {
  name = 'JournalTree1763900000230';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE steps ADD COLUMN ${INSERTING_TRANSACTION_COLUMN}`);
    await db.query(`CREATE INDEX steps_commit_order ON steps (transaction_id, case_id, sequence)`);
    for (const statement of merkleLogTableSql('journal_tree')) await db.query(statement);
    await db.query(`
      CREATE TABLE step_leaves (
        leaf_index bigint PRIMARY KEY CHECK (leaf_index >= 0),
        step_id    uuid NOT NULL UNIQUE REFERENCES steps (id)
      )`);
    await db.query(`
      CREATE FUNCTION step_leaves_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'step leaves are append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`CREATE TRIGGER step_leaves_no_update_or_delete BEFORE UPDATE OR DELETE ON step_leaves FOR EACH ROW EXECUTE FUNCTION step_leaves_are_append_only()`);
    await db.query(`CREATE TRIGGER step_leaves_no_truncate BEFORE TRUNCATE ON step_leaves FOR EACH STATEMENT EXECUTE FUNCTION step_leaves_are_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE step_leaves`);
    await db.query(`DROP FUNCTION step_leaves_are_append_only`);
    for (const statement of dropMerkleLogTableSql('journal_tree')) await db.query(statement);
    await db.query(`DROP INDEX steps_commit_order`);
    await db.query(`ALTER TABLE steps DROP COLUMN transaction_id`);
  }
}
