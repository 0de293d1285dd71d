import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who is under probation supervision by which office and officer, as the probation journal
 * announces it (issue 10, "the person"): one row per probation case, kept from its
 * probation-entry.recorded events. A probation officer or supervisor sees a person's record
 * only while that person is under a supervision of their office that has not ended.
 *
 * - person_id: the person supervised (pseudonymous; may be a record merged since, whose
 *   live record then stands for it). Null until an entry names the person.
 * - office, officer_id, region: the current allocation (null before the first one).
 * - ended_at: when supervision ended or lost its ground (annulled); null while it goes on.
 * - sequence: the last journal entry applied, so a replayed or older entry changes nothing.
 */
export class ProbationSupervisions1763900000170 implements MigrationInterface {
  name = 'ProbationSupervisions1763900000170';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE probation_supervisions (
        probation_case_id uuid PRIMARY KEY,
        case_id           uuid NOT NULL,
        person_id         uuid,
        office            text CHECK (length(office) <= 32),
        officer_id        text CHECK (length(officer_id) <= 128),
        region            text NOT NULL CHECK (length(region) <= 16),
        ended_at          timestamptz,
        sequence          integer NOT NULL CHECK (sequence >= 1),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    // The person-visibility rule asks: is this record under a supervision of that office now?
    await db.query(`CREATE INDEX probation_supervisions_open ON probation_supervisions (person_id, office) WHERE ended_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE probation_supervisions`);
  }
}
