import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The aggregates current figures of the preventive measures given are read from
 * (aggregates/liberty-*, docs/indicators.md), kept by the projection in the transaction of each
 * event that changes a case's measures given:
 *
 * - `liberty_measure_entries`: each person's first being given each preventive measure in each
 *   case, as measuresApplied counts them now (once per case, surviving person id and measure),
 *   with the categories the cube counts them under (the case's region, the person's categories);
 * - `liberty_measure_counts`: the cube — persons by measure, the local month of the entry and
 *   every category. A count may fall to 0 and stay.
 *
 * Then both are filled from the facts already held, in the zone of the installation's jurisdiction.
 */
export class LibertyAggregates1763900000470 implements MigrationInterface {
  name = 'LibertyAggregates1763900000470';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE liberty_measure_entries (
        case_id           uuid NOT NULL,
        person_id         uuid NOT NULL,
        measure           text NOT NULL,
        at                timestamptz NOT NULL,
        region            text NOT NULL,
        sex               text NOT NULL,
        age_band          text NOT NULL,
        juvenile          text NOT NULL,
        citizenship_group text NOT NULL,
        disability        text NOT NULL,
        PRIMARY KEY (case_id, person_id, measure)
      )`);
    await db.query(`
      CREATE TABLE liberty_measure_counts (
        measure           text NOT NULL,
        month             timestamptz NOT NULL,
        region            text NOT NULL,
        sex               text NOT NULL,
        age_band          text NOT NULL,
        juvenile          text NOT NULL,
        citizenship_group text NOT NULL,
        disability        text NOT NULL,
        persons           integer NOT NULL,
        PRIMARY KEY (measure, month, region, sex, age_band, juvenile, citizenship_group, disability)
      )`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['liberty'] });
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['liberty_measure_counts', 'liberty_measure_entries']) await db.query(`DROP TABLE ${table}`);
  }
}
