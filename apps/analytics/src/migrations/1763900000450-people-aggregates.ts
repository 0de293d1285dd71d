import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The aggregates current people figures are read from (aggregates/people-*, docs/indicators.md),
 * kept by the projection in the transaction of each event that changes a case's entries:
 *
 * - `people_case_entries`: each person's entry into each position in each case, as personCounts
 *   counts them now (once per case and surviving person id: the first step or role), with the
 *   categories the cube counts them under — the case's region and offence article, the person's
 *   categories in the case, and the outcome of a first verdict ('unknown' for the rest);
 * - `people_counts`: the cube — persons by position, grain (0: article written as '', for the
 *   tables that filter on no article; 1: by article, for those that do), the local month of the
 *   entry and every category. A count may fall to 0 and stay.
 *
 * A merge or unmerge refreshes every case either person id appears in: those are found by the
 * person indexes added here. Then both tables are filled from the facts already held, in the
 * zone of the installation's jurisdiction (ICJIMS_JURISDICTION, as the service runs under).
 */
export class PeopleAggregates1763900000450 implements MigrationInterface {
  name = 'PeopleAggregates1763900000450';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE people_case_entries (
        case_id           uuid NOT NULL,
        position          text NOT NULL,
        person_id         uuid NOT NULL,
        at                timestamptz NOT NULL,
        article           text NOT NULL,
        region            text NOT NULL,
        sex               text NOT NULL,
        age_band          text NOT NULL,
        juvenile          text NOT NULL,
        citizenship_group text NOT NULL,
        disability        text NOT NULL,
        outcome           text NOT NULL,
        PRIMARY KEY (case_id, position, person_id)
      )`);
    await db.query(`
      CREATE TABLE people_counts (
        position          text NOT NULL,
        grain             smallint NOT NULL,
        article           text NOT NULL,
        month             timestamptz NOT NULL,
        region            text NOT NULL,
        sex               text NOT NULL,
        age_band          text NOT NULL,
        juvenile          text NOT NULL,
        citizenship_group text NOT NULL,
        disability        text NOT NULL,
        outcome           text NOT NULL,
        persons           integer NOT NULL,
        PRIMARY KEY (position, grain, article, month, region, sex, age_band, juvenile, citizenship_group, disability, outcome)
      )`);
    await db.query(`CREATE INDEX fact_case_persons_person ON fact_case_persons (person_id)`);
    await db.query(`CREATE INDEX fact_steps_person ON fact_steps (person_id) WHERE person_id IS NOT NULL`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['people'] });
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX fact_steps_person`);
    await db.query(`DROP INDEX fact_case_persons_person`);
    for (const table of ['people_counts', 'people_case_entries']) await db.query(`DROP TABLE ${table}`);
  }
}
