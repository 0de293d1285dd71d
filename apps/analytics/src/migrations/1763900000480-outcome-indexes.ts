import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the terminations, defence and reoffending indicators (docs/indicators.md), which
 * read a few step types and the defence lawyers' roles, at every revision (for asOf):
 *
 * - `fact_steps_outcomes`: the revisions of those step types by type and case, carrying every
 *   column their queries read, so that each is an index-only scan of its type's steps in case
 *   order instead of a scan of all the steps (a tenth of them, with 1 million cases 351 MB
 *   against 1.4 GB);
 * - `fact_case_persons_lawyers`: the defence lawyers' roles by case, read in case order and
 *   merged with the persons reaching a milestone (instead of a probe per person).
 */
export class OutcomeIndexes1763900000480 implements MigrationInterface {
  name = 'OutcomeIndexes1763900000480';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX fact_steps_outcomes ON fact_steps (step_type, case_id, occurred_at) INCLUDE (person_id, annulled, known_from, known_until, details)
      WHERE step_type IN ('proceedings_terminated', 'verdict', 'suspicion_notified', 'indictment', 'detention', 'plea_agreement', 'standing_received', 'person_left', 'person_returned')`);
    await db.query(`CREATE INDEX fact_case_persons_lawyers ON fact_case_persons (case_id) INCLUDE (known_from, ended_at) WHERE role = 'defence_lawyer'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX fact_case_persons_lawyers`);
    await db.query(`DROP INDEX fact_steps_outcomes`);
  }
}
