import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The people cube gains a grain of the article with sex and age band, without the region
 * (PEOPLE_GRAINS' last, aggregates/people-aggregates.ts): a national table of some articles
 * (sgbv_victims) sums one cell per article, month, sex and age band, not one per region too.
 * Regional tables keep reading the grain with the region. The earlier grains keep their numbers:
 * the rebuild of the people aggregates from the facts held, in the zone of the installation's
 * jurisdiction, only adds the new grain's cells.
 */
export class PeopleNationalArticleGrain1763900000551 implements MigrationInterface {
  name = 'PeopleNationalArticleGrain1763900000551';

  async up(db: QueryRunner): Promise<void> {
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['people'] });
  }

  /** The version migrated down to reads none of the grain's cells; they are removed so that its `analytics:rebuild --check` agrees. */
  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM people_counts WHERE grain = 8`);
  }
}
