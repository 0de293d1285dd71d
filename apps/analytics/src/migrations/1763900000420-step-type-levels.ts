import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether each step type counted so far concerns one person (its steps name a person, as
 * the jurisdiction's step-type catalogue declares), learned from the steps themselves.
 * Counts of person-level step types are suppressed like person-based indicators. A step type
 * not listed here (counted only before this table existed) is treated as person-level.
 */
export class StepTypeLevels1763900000420 implements MigrationInterface {
  name = 'StepTypeLevels1763900000420';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE step_type_levels (
        step_type    text PRIMARY KEY,
        person_level boolean NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE step_type_levels`);
  }
}
