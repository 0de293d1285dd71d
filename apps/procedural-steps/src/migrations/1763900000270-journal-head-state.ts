import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The journal's state kept with its head, so that an append decides without reading and
 * replaying the journal (steps/head-state.ts):
 *
 * - `known_cases.journal_state`: the legal order's state after the last step and the clocks
 *   running, with a fingerprint of the rules it was folded under. NULL for the cases that exist
 *   now: their first append replays the journal once and stores it (the rules the state is
 *   folded under are the running service's pack, which a migration does not know).
 * - `deadline_rules_revision`: one row whose `revision` changes with every change of the
 *   deadline rules or their versions (statement triggers), so that an append sees, in the
 *   statement that locks the case, whether the rules its state and the service's cache were
 *   folded under are still in force. A random id, not a counter: a rule change rolled back
 *   leaves no revision that a later change could reuse.
 */
export class JournalHeadState1763900000270 implements MigrationInterface {
  name = 'JournalHeadState1763900000270';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE known_cases ADD COLUMN journal_state jsonb`);
    await db.query(`
      CREATE TABLE deadline_rules_revision (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        revision  uuid NOT NULL DEFAULT gen_random_uuid()
      )`);
    await db.query(`INSERT INTO deadline_rules_revision DEFAULT VALUES`);
    await db.query(`
      CREATE FUNCTION deadline_rules_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- In the changed table's schema, whatever the session's search path.
        EXECUTE format('UPDATE %I.deadline_rules_revision SET revision = gen_random_uuid()', TG_TABLE_SCHEMA);
        RETURN NULL;
      END $$`);
    for (const table of ['deadline_rules', 'deadline_rule_versions']) {
      await db.query(`CREATE TRIGGER ${table}_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION deadline_rules_changed()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['deadline_rules', 'deadline_rule_versions']) await db.query(`DROP TRIGGER ${table}_revision ON ${table}`);
    await db.query(`DROP FUNCTION deadline_rules_changed()`);
    await db.query(`DROP TABLE deadline_rules_revision`);
    await db.query(`ALTER TABLE known_cases DROP COLUMN journal_state`);
  }
}
