import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The log of person merges, so that a wrong merge can be undone as history (issue 8, unmerge).
 *
 * - person_merges: one row per merge, with who merged and why; an unmerge sets unmerged_at,
 *   unmerged_by and unmerge_reason, once. A trigger refuses deletes and any other change, so
 *   the merge stays in the history after it was undone.
 * - person_merge_roles: exactly which role rows the merge moved to the surviving record
 *   ('moved') and which it closed because the survivor already held the role ('closed');
 *   append-only (the service's grants).
 * - At most one merge of a record is in force at a time (a merged record cannot be merged
 *   again until the merge is undone).
 *
 * Backfill of the merges made before: each record with merged_into set gives a merge; the
 * role rows whose merged_from is that record are the moved ones, and the record's own rows
 * closed at merged_at with the merge's duplicate reason the closed ones. A row moved twice (a
 * chain of merges) names only its last merge in merged_from, so before this log only that
 * last merge knows it.
 */
export class PersonMerges1763900000160 implements MigrationInterface {
  name = 'PersonMerges1763900000160';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE person_merges (
        id                  uuid PRIMARY KEY,
        surviving_person_id uuid NOT NULL REFERENCES persons (id),
        merged_person_id    uuid NOT NULL REFERENCES persons (id),
        reason              text NOT NULL CHECK (length(reason) <= 500),
        merged_at           timestamptz NOT NULL,
        merged_by           text NOT NULL,
        unmerged_at         timestamptz,
        unmerged_by         text,
        unmerge_reason      text CHECK (length(unmerge_reason) BETWEEN 1 AND 500),
        CHECK (surviving_person_id <> merged_person_id),
        CHECK (num_nulls(unmerged_at, unmerged_by, unmerge_reason) IN (0, 3)),
        CHECK (unmerged_at IS NULL OR unmerged_at >= merged_at)
      )`);
    await db.query(`CREATE UNIQUE INDEX person_merges_in_force ON person_merges (merged_person_id) WHERE unmerged_at IS NULL`);
    await db.query(`CREATE INDEX person_merges_merged ON person_merges (merged_person_id, merged_at)`);
    await db.query(`CREATE INDEX person_merges_surviving ON person_merges (surviving_person_id, merged_at)`);
    await db.query(`
      CREATE FUNCTION person_merges_only_undone() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.unmerged_at IS NULL
           AND (NEW.id, NEW.surviving_person_id, NEW.merged_person_id, NEW.reason, NEW.merged_at, NEW.merged_by)
               IS NOT DISTINCT FROM (OLD.id, OLD.surviving_person_id, OLD.merged_person_id, OLD.reason, OLD.merged_at, OLD.merged_by) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'person_merges keeps its history: only an unmerge may be added to a merge in force (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(
      `CREATE TRIGGER person_merges_history BEFORE UPDATE OR DELETE ON person_merges FOR EACH ROW EXECUTE FUNCTION person_merges_only_undone()`,
    );
    await db.query(`
      CREATE TABLE person_merge_roles (
        merge_id    uuid NOT NULL REFERENCES person_merges (id),
        role_row_id uuid NOT NULL REFERENCES case_person_roles (id),
        effect      text NOT NULL CHECK (effect IN ('moved', 'closed')),
        PRIMARY KEY (merge_id, role_row_id)
      )`);

    await db.query(`
      INSERT INTO person_merges (id, surviving_person_id, merged_person_id, reason, merged_at, merged_by)
      SELECT gen_random_uuid(), merged_into, id, merge_reason, merged_at, merged_by FROM persons WHERE merged_into IS NOT NULL`);
    await db.query(`
      INSERT INTO person_merge_roles (merge_id, role_row_id, effect)
      SELECT m.id, r.id, 'moved' FROM person_merges m JOIN case_person_roles r ON r.merged_from = m.merged_person_id
      UNION ALL
      SELECT m.id, r.id, 'closed' FROM person_merges m JOIN case_person_roles r ON r.person_id = m.merged_person_id
      WHERE r.removed_at = m.merged_at AND r.removal_reason = 'merge: the surviving person record already holds this role'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE person_merge_roles`);
    await db.query(`DROP TABLE person_merges`);
    await db.query(`DROP FUNCTION person_merges_only_undone()`);
  }
}
