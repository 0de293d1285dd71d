import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `criminal_case_places`: the region and district of each criminal case, from case-registry's
 * `case.registered` and `case.transferred`. Probation reads it to name the office that takes a
 * pre-sentence report not yet assigned (domain/allocation.ts `servingOffices`). No personal data.
 */
export class CriminalCasePlaces1763900000500 implements MigrationInterface {
  name = 'CriminalCasePlaces1763900000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE criminal_case_places (case_id uuid PRIMARY KEY, region text NOT NULL, district text)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE criminal_case_places`);
  }
}
