import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { cubeOfEntriesSql, PEOPLE_KEY } from '../aggregates/people-aggregates';

/**
 * The people cube in the grains of PEOPLE_GRAINS (aggregates/people-aggregates.ts): region and
 * juvenile with one other breakdown each, every breakdown, and region, sex and age band by
 * article — where it had every combination of categories (with and without the article), so
 * that a national table summed some 10⁵ cells. Recomputed from the entries held (not from the
 * facts), in key order, in the zone of the installation's jurisdiction. Its pages keep room for
 * the projection's updates of a cell (fillfactor), so that a cell stays on its page and a table's
 * cells on few pages.
 */
export class PeopleGrains1763900000520 implements MigrationInterface {
  name = 'PeopleGrains1763900000520';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE people_counts SET (fillfactor = 80)`);
    await db.query(`DELETE FROM people_counts`);
    await db.query(
      `INSERT INTO people_counts (${PEOPLE_KEY.join(', ')}, persons) SELECT * FROM (${cubeOfEntriesSql('people_case_entries')}) cells ORDER BY ${PEOPLE_KEY.join(', ')}`,
      [loadJurisdiction(process.env).timeZone],
    );
  }

  /** The earlier grains are not restored: `npm run analytics:rebuild` under the earlier version refills the cube. */
  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE people_counts RESET (fillfactor)`);
    await db.query(`DELETE FROM people_counts`);
  }
}
