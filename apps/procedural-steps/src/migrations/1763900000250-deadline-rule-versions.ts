import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadline rules keep their history: every change of a rule is a new version (append-only),
 * saying who changed it and from when it applies; a clock keeps the version it started under.
 * Every stored rule becomes its version 1, applying since the epoch, so every clock that
 * already runs keeps the rule it has.
 */
export class DeadlineRuleVersions1763900000250 implements MigrationInterface {
  name = 'DeadlineRuleVersions1763900000250';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE deadline_rule_versions (
        code text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        rule jsonb NOT NULL,
        applies_from timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL,
        PRIMARY KEY (code, version)
      )`);
    await db.query(`
      INSERT INTO deadline_rule_versions (code, version, rule, applies_from, updated_at, updated_by)
      SELECT code, 1, rule, 'epoch', updated_at, updated_by FROM deadline_rules`);
    await db.query(`ALTER TABLE deadlines ADD COLUMN rule_version integer NOT NULL DEFAULT 1`);
    await db.query(`ALTER TABLE deadlines ALTER COLUMN rule_version DROP DEFAULT`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deadlines DROP COLUMN rule_version`);
    await db.query(`DROP TABLE deadline_rule_versions`);
  }
}
