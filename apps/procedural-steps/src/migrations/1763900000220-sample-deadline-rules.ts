import { MigrationInterface, QueryRunner } from 'typeorm';
import { SAMPLE_DEADLINE_RULES } from '../deadlines/sample-deadline-rules';

/**
 * Seeds the SAMPLE deadline rules (illustrative, after the Estonian Code of Criminal
 * Procedure) so that a new installation has clocks to run. An admin replaces them with
 * PUT /api/v1/deadline-rules/{code}; this runs once and never overwrites their changes.
 */
export class SampleDeadlineRules1763900000220 implements MigrationInterface {
  name = 'SampleDeadlineRules1763900000220';

  async up(db: QueryRunner): Promise<void> {
    for (const rule of SAMPLE_DEADLINE_RULES) {
      await db.query(`INSERT INTO deadline_rules (code, rule, updated_by) VALUES ($1, $2, 'sample-seed') ON CONFLICT (code) DO NOTHING`, [rule.code, JSON.stringify(rule)]);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM deadline_rules WHERE updated_by = 'sample-seed'`);
  }
}
