import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What keeps person records from reaching the wrong people.
 *
 * - A provisional record: when a regional caller describes a person whose national ID is
 *   held by a record they may not see, their facts go into a new record with the ID in
 *   `claimed_national_id` (not the unique column), and an identity review is opened for a
 *   national admin to merge it into the ID's record or dismiss it.
 * - A restriction: the record's current one on the row (who may still see it, until when);
 *   every change appended to person_restriction_changes, which refuses updates and deletes.
 * - Indexes for the visibility rule, which counts roles held in the past too, and the
 *   records merged into a live one.
 */
export class PersonProtection1763900000140 implements MigrationInterface {
  name = 'PersonProtection1763900000140';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE persons
        ADD COLUMN claimed_national_id text CHECK (length(claimed_national_id) <= 32),
        ADD COLUMN restricted_until    timestamptz,
        ADD COLUMN restricted_to_subs  text[] NOT NULL DEFAULT '{}',
        ADD COLUMN restricted_to_roles text[] NOT NULL DEFAULT '{}',
        ADD CHECK (claimed_national_id IS NULL OR national_id IS NULL)`);
    await db.query(`CREATE INDEX persons_claimed_national_id ON persons (claimed_national_id) WHERE claimed_national_id IS NOT NULL`);
    await db.query(`CREATE INDEX persons_merged_into ON persons (merged_into) WHERE merged_into IS NOT NULL`);
    await db.query(`CREATE INDEX persons_restricted ON persons (restricted_until) WHERE restricted_until IS NOT NULL`);
    await db.query(`CREATE INDEX case_person_roles_person_ever ON case_person_roles (person_id, case_id)`);

    await db.query(`
      CREATE TABLE identity_reviews (
        person_id         uuid PRIMARY KEY REFERENCES persons (id),
        opened_at         timestamptz NOT NULL DEFAULT now(),
        opened_by         text NOT NULL,
        resolution        text CHECK (resolution IN ('merged', 'dismissed')),
        resolved_at       timestamptz,
        resolved_by       text,
        resolution_reason text CHECK (length(resolution_reason) BETWEEN 1 AND 500),
        CHECK (num_nulls(resolution, resolved_at, resolved_by, resolution_reason) IN (0, 4))
      )`);
    await db.query(`CREATE INDEX identity_reviews_pending ON identity_reviews (opened_at, person_id) WHERE resolution IS NULL`);

    await db.query(`
      CREATE TABLE person_restriction_changes (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        person_id  uuid NOT NULL REFERENCES persons (id),
        change     text NOT NULL CHECK (change IN ('set', 'lifted')),
        subs       text[] NOT NULL DEFAULT '{}',
        roles      text[] NOT NULL DEFAULT '{}',
        until      timestamptz,
        reason     text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((change = 'set') = (until IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX person_restriction_changes_person ON person_restriction_changes (person_id, id)`);
    await db.query(`
      CREATE FUNCTION person_restriction_changes_refuse() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(
      `CREATE TRIGGER person_restriction_changes_no_update_delete BEFORE UPDATE OR DELETE ON person_restriction_changes
       FOR EACH ROW EXECUTE FUNCTION person_restriction_changes_refuse()`,
    );
    await db.query(
      `CREATE TRIGGER person_restriction_changes_no_truncate BEFORE TRUNCATE ON person_restriction_changes
       FOR EACH STATEMENT EXECUTE FUNCTION person_restriction_changes_refuse()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE person_restriction_changes`);
    await db.query(`DROP FUNCTION person_restriction_changes_refuse()`);
    await db.query(`DROP TABLE identity_reviews`);
    await db.query(`DROP INDEX case_person_roles_person_ever`);
    await db.query(`
      ALTER TABLE persons
        DROP COLUMN claimed_national_id, DROP COLUMN restricted_until, DROP COLUMN restricted_to_subs, DROP COLUMN restricted_to_roles`);
  }
}
