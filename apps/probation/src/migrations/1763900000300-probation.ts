import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Probation cases. One per probation sentence: `source_step_id` is unique, so a
 * redelivered or replayed StepRecorded event can never open a second one.
 */
export class Probation1763900000300 implements MigrationInterface {
  name = 'Probation1763900000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE probation_cases (
        id             uuid PRIMARY KEY,
        case_id        uuid NOT NULL,
        region         text NOT NULL,
        source_step_id uuid NOT NULL UNIQUE,
        person_id      uuid,
        term_months    int  NOT NULL CHECK (term_months BETWEEN 1 AND 600),
        starts_on      date NOT NULL,
        ends_on        date NOT NULL CHECK (ends_on > starts_on),
        status         text NOT NULL CHECK (status IN ('active', 'completed', 'revoked')),
        opened_at      timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX probation_cases_region_opened ON probation_cases (region, opened_at DESC)`);
    await db.query(`CREATE INDEX probation_cases_case ON probation_cases (case_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE probation_cases`);
  }
}
