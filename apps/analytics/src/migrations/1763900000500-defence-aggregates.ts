import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The aggregates current figures of the defence shares are read from (aggregates/defence-*,
 * docs/indicators.md), kept by the projection in the transaction of each event that changes a
 * case's persons at its milestones, its lawyers or its persons' categories:
 *
 * - `defence_case_entries`: each person reaching each milestone in each case (the first
 *   notification of suspicion; the first indictment, as an accused), as defenceAtMilestone finds
 *   them now (once per case, milestone and surviving person id), with the moment, whether the case
 *   had a defence lawyer in force then, and the categories the cube counts them under (the case's
 *   region, the person's categories);
 * - `defence_counts`: the cube — persons by milestone, the local month of the moment, every
 *   category and whether they were defended, in two grains: the region alone (the person's
 *   categories written as '') and every category. A count may fall to 0 and stay.
 *
 * Then both are filled from the facts already held, in the zone of the installation's jurisdiction.
 */
export class DefenceAggregates1763900000500 implements MigrationInterface {
  name = 'DefenceAggregates1763900000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE defence_case_entries (
        case_id           uuid NOT NULL,
        milestone         text NOT NULL,
        person_id         uuid NOT NULL,
        at                timestamptz NOT NULL,
        defended          boolean NOT NULL,
        region            text NOT NULL,
        sex               text NOT NULL,
        age_band          text NOT NULL,
        juvenile          text NOT NULL,
        citizenship_group text NOT NULL,
        disability        text NOT NULL,
        PRIMARY KEY (case_id, milestone, person_id)
      )`);
    await db.query(`
      CREATE TABLE defence_counts (
        milestone         text NOT NULL,
        grain             smallint NOT NULL,
        month             timestamptz NOT NULL,
        region            text NOT NULL,
        sex               text NOT NULL,
        age_band          text NOT NULL,
        juvenile          text NOT NULL,
        citizenship_group text NOT NULL,
        disability        text NOT NULL,
        defended          boolean NOT NULL,
        persons           integer NOT NULL,
        PRIMARY KEY (milestone, grain, month, region, sex, age_band, juvenile, citizenship_group, disability, defended)
      )`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['defence'] });
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['defence_counts', 'defence_case_entries']) await db.query(`DROP TABLE ${table}`);
  }
}
