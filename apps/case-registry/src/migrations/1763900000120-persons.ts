import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Person records and their roles in cases. One record per national ID (the unique index);
 * a merged record is kept as history with a pointer to the record that replaced it. A
 * role is never deleted: removal sets removed_at with a reason, and a person may hold a
 * role again later, but never twice at once.
 */
export class Persons1763900000120 implements MigrationInterface {
  name = 'Persons1763900000120';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE persons (
        id            uuid PRIMARY KEY,
        given_name    text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 200),
        family_name   text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 200),
        national_id   text UNIQUE CHECK (length(national_id) <= 32),
        date_of_birth date,
        sex           text NOT NULL CHECK (sex IN ('female', 'male', 'unknown')),
        citizenship   text CHECK (citizenship ~ '^[A-Z]{2}$'),
        disability    boolean,
        address       text CHECK (length(address) <= 500),
        created_at    timestamptz NOT NULL DEFAULT now(),
        created_by    text NOT NULL,
        merged_into   uuid REFERENCES persons (id) CHECK (merged_into <> id),
        merged_at     timestamptz,
        merged_by     text,
        merge_reason  text CHECK (length(merge_reason) <= 500),
        CHECK (num_nulls(merged_into, merged_at, merged_by, merge_reason) IN (0, 4)),
        -- the national ID always points at a live record
        CHECK (merged_into IS NULL OR national_id IS NULL)
      )`);
    await db.query(`
      CREATE TABLE case_person_roles (
        id             uuid PRIMARY KEY,
        case_id        uuid NOT NULL REFERENCES cases (id),
        person_id      uuid NOT NULL REFERENCES persons (id),
        role           text NOT NULL CHECK (role IN ('suspect', 'accused', 'victim', 'witness', 'defence_lawyer', 'legal_representative')),
        added_at       timestamptz NOT NULL DEFAULT now(),
        added_by       text NOT NULL,
        -- set when a merge moved this role here from the merged record
        merged_from    uuid REFERENCES persons (id),
        removed_at     timestamptz,
        removed_by     text,
        removal_reason text CHECK (length(removal_reason) <= 500),
        CHECK (num_nulls(removed_at, removed_by, removal_reason) IN (0, 3))
      )`);
    await db.query(`CREATE UNIQUE INDEX case_person_roles_held ON case_person_roles (case_id, person_id, role) WHERE removed_at IS NULL`);
    await db.query(`CREATE INDEX case_person_roles_person ON case_person_roles (person_id) WHERE removed_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE case_person_roles`);
    await db.query(`DROP TABLE persons`);
  }
}
