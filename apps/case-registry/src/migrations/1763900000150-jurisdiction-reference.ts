import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference data from the jurisdiction pack (issue 8).
 *
 * - Names become `labels` (text by language); the English name is kept as the `en` label.
 * - Severity and agency kind are the pack's codes: the CHECK lists of the EE sample go, and
 *   the service validates against the pack instead.
 * - Offences carry the pack's sexual or gender-based violence flag; courts are a new table.
 * - `changed_by_admin` marks a row an admin wrote, so a new pack version never overwrites it.
 * - reference_changes: every change, from a pack or an admin, with what it was before and
 *   after; append-only.
 *
 * The rows themselves come from the pack at the first start (case-registry's adoptJurisdiction).
 */
export class JurisdictionReference1763900000150 implements MigrationInterface {
  name = 'JurisdictionReference1763900000150';

  async up(db: QueryRunner): Promise<void> {
    for (const [table, name] of [['regions', 'name'], ['districts', 'name'], ['agencies', 'name'], ['offences', 'title']]) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN labels jsonb, ADD COLUMN changed_by_admin boolean NOT NULL DEFAULT false`);
      await db.query(`UPDATE ${table} SET labels = jsonb_build_object('en', ${name})`);
      await db.query(`ALTER TABLE ${table} ALTER COLUMN labels SET NOT NULL, DROP COLUMN ${name},
        ADD CONSTRAINT ${table}_labels_english CHECK (jsonb_typeof(labels) = 'object' AND labels ? 'en')`);
    }
    await db.query(`ALTER TABLE offences DROP CONSTRAINT IF EXISTS offences_severity_check,
      ADD COLUMN sexual_or_gender_based_violence boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE agencies DROP CONSTRAINT IF EXISTS agencies_kind_check`);
    await db.query(`ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_offence_severity_check`);
    await db.query(`
      CREATE TABLE courts (
        code             text PRIMARY KEY,
        level            text NOT NULL,
        region           text,
        labels           jsonb NOT NULL CHECK (jsonb_typeof(labels) = 'object' AND labels ? 'en'),
        changed_by_admin boolean NOT NULL DEFAULT false
      )`);
    await db.query(`
      CREATE TABLE reference_changes (
        id         bigserial PRIMARY KEY,
        changed_at timestamptz NOT NULL DEFAULT now(),
        source     text NOT NULL CHECK (length(source) BETWEEN 1 AND 128),
        kind       text NOT NULL CHECK (kind IN ('region', 'district', 'agency', 'offence', 'court')),
        code       text NOT NULL,
        change     text NOT NULL CHECK (change IN ('added', 'changed', 'removed')),
        before     jsonb,
        after      jsonb,
        CHECK ((change = 'added') = (before IS NULL) AND (change = 'removed') = (after IS NULL))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE reference_changes`);
    await db.query(`DROP TABLE courts`);
    await db.query(`ALTER TABLE offences DROP COLUMN sexual_or_gender_based_violence`);
    for (const [table, name] of [['regions', 'name'], ['districts', 'name'], ['agencies', 'name'], ['offences', 'title']]) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN ${name} text`);
      await db.query(`UPDATE ${table} SET ${name} = labels->>'en'`);
      await db.query(`ALTER TABLE ${table} ALTER COLUMN ${name} SET NOT NULL, DROP COLUMN labels, DROP COLUMN changed_by_admin`);
    }
  }
}
