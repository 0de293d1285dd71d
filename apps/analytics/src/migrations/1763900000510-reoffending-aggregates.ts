import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The aggregates current reoffending figures are read from (aggregates/reoffending-*,
 * docs/indicators.md), kept by the projection in the transaction of each event that changes a
 * person's convictions or new cases:
 *
 * - `reoffending_convictions`: each (surviving) person's first conviction in each case, with the
 *   person's conviction before it (in any case, and in a case of the same region), the
 *   registration of the first new case after it in which they are a suspect, and the categories
 *   the cube counts them under (the case's region, the person's categories in it). Kept by
 *   person: a change of a case recomputes every entry of the persons it names;
 * - `reoffending_counts`: the cube — persons by grain (0: the person categories written as '',
 *   for the tables by region or by nothing; 1: every category), the local month of the
 *   conviction, every category, the months of the conviction before it and the months to the
 *   new case. A count may fall to 0 and stay.
 *
 * A merge's survivor's records are found by an index of the merges by survivor. Then both tables
 * are filled from the facts already held, in the zone of the installation's jurisdiction.
 */
export class ReoffendingAggregates1763900000510 implements MigrationInterface {
  name = 'ReoffendingAggregates1763900000510';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reoffending_convictions (
        person_id             uuid NOT NULL,
        case_id               uuid NOT NULL,
        at                    timestamptz NOT NULL,
        previous_at           timestamptz,
        previous_in_region_at timestamptz,
        new_case_at           timestamptz,
        region                text NOT NULL,
        sex                   text NOT NULL,
        age_band              text NOT NULL,
        juvenile              text NOT NULL,
        citizenship_group     text NOT NULL,
        disability            text NOT NULL,
        PRIMARY KEY (person_id, case_id)
      )`);
    await db.query(`
      CREATE TABLE reoffending_counts (
        grain                    smallint NOT NULL,
        month                    timestamptz NOT NULL,
        region                   text NOT NULL,
        sex                      text NOT NULL,
        age_band                 text NOT NULL,
        juvenile                 text NOT NULL,
        citizenship_group        text NOT NULL,
        disability               text NOT NULL,
        previous_month           timestamptz NOT NULL,
        previous_in_region_month timestamptz NOT NULL,
        months_to_new_case       smallint NOT NULL,
        persons                  integer NOT NULL,
        PRIMARY KEY (grain, month, region, sex, age_band, juvenile, citizenship_group, disability, previous_month, previous_in_region_month, months_to_new_case)
      )`);
    await db.query(`CREATE INDEX fact_person_aliases_surviving ON fact_person_aliases (surviving_person_id) WHERE known_until IS NULL`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['reoffending'] });
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX fact_person_aliases_surviving`);
    for (const table of ['reoffending_counts', 'reoffending_convictions']) await db.query(`DROP TABLE ${table}`);
  }
}
