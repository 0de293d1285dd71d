import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Probation cases can be annulled by a correction of their sentence. The row is kept, with
 * when, by which correction step and on what ground. A sentence corrected away from probation
 * and later back to it opens a new probation case, so `source_step_id` is unique only among
 * the cases that still stand.
 */
export class ProbationAnnulment1763900000310 implements MigrationInterface {
  name = 'ProbationAnnulment1763900000310';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE probation_cases
        ADD COLUMN annulled_at         timestamptz,
        ADD COLUMN annulled_by_step_id uuid,
        ADD COLUMN annulment_ground    text CHECK (annulment_ground IN ('sentence_annulled', 'sentence_no_longer_probation')),
        DROP CONSTRAINT probation_cases_status_check,
        ADD CONSTRAINT probation_cases_status_check CHECK (status IN ('active', 'completed', 'revoked', 'annulled')),
        ADD CONSTRAINT probation_cases_annulment_complete
          CHECK (num_nonnulls(annulled_at, annulled_by_step_id, annulment_ground) = CASE WHEN status = 'annulled' THEN 3 ELSE 0 END),
        DROP CONSTRAINT probation_cases_source_step_id_key`);
    await db.query(`CREATE UNIQUE INDEX probation_cases_one_standing_per_step ON probation_cases (source_step_id) WHERE status <> 'annulled'`);
    await db.query(`CREATE INDEX probation_cases_source_step ON probation_cases (source_step_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    // Fails while a step has more than one probation case, or while one is annulled: both are history to keep.
    await db.query(`DROP INDEX probation_cases_source_step`);
    await db.query(`DROP INDEX probation_cases_one_standing_per_step`);
    await db.query(`
      ALTER TABLE probation_cases
        ADD CONSTRAINT probation_cases_source_step_id_key UNIQUE (source_step_id),
        DROP CONSTRAINT probation_cases_annulment_complete,
        DROP CONSTRAINT probation_cases_status_check,
        ADD CONSTRAINT probation_cases_status_check CHECK (status IN ('active', 'completed', 'revoked')),
        DROP COLUMN annulment_ground,
        DROP COLUMN annulled_by_step_id,
        DROP COLUMN annulled_at`);
  }
}
