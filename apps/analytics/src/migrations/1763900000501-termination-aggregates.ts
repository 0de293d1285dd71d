import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The aggregates current figures of the cases terminated are read from (aggregates/terminations-*,
 * docs/indicators.md), kept by the projection in the transaction of each event that changes a
 * case's first termination of proceedings or its categories:
 *
 * - `termination_case_entries`: each case's first effective termination, as `terminations`
 *   counts it now, with its legal ground and the case's categories;
 * - `termination_counts`: the cube — cases by ground, the flow's grains of the case's categories
 *   (the others written as '') and the local month of the termination. A count may fall to 0 and stay.
 *
 * Then both are filled from the facts already held, in the zone of the installation's jurisdiction.
 */
export class TerminationAggregates1763900000501 implements MigrationInterface {
  name = 'TerminationAggregates1763900000501';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE termination_case_entries (
        case_id      uuid PRIMARY KEY,
        at           timestamptz NOT NULL,
        ground       text NOT NULL,
        region       text NOT NULL,
        district     text NOT NULL,
        agency       text NOT NULL,
        iccs_section text NOT NULL,
        article      text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE termination_counts (
        grain        smallint NOT NULL,
        ground       text NOT NULL,
        region       text NOT NULL,
        district     text NOT NULL,
        agency       text NOT NULL,
        iccs_section text NOT NULL,
        article      text NOT NULL,
        month        timestamptz NOT NULL,
        cases        integer NOT NULL,
        PRIMARY KEY (grain, ground, region, district, agency, iccs_section, article, month)
      )`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['terminations'] });
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['termination_counts', 'termination_case_entries']) await db.query(`DROP TABLE ${table}`);
  }
}
