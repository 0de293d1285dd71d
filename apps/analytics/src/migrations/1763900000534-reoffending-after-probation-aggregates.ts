import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The aggregates reoffending after probation is read from (aggregates/reoffending-*,
 * docs/indicators.md), the same shape as the convicted cohort's (migration 1763900000510), kept
 * by the projection in the transaction of each event that changes a person's completions of
 * probation or new cases:
 *
 * - `reoffending_completions`: each (surviving) person's first completion of probation in each
 *   criminal case (the first instant of the day it ended, in the jurisdiction's zone), with the
 *   person's completion before it (in any case, and in a case of the same region), the
 *   registration of the first new case after it in which they are a suspect, and the categories
 *   the cube counts them under (the case's region, the person's categories in it);
 * - `reoffending_completion_counts`: the cube — persons by grain, the local month of the
 *   completion, every category, the months of the completion before it and the months to the
 *   new case. A count may fall to 0 and stay.
 *
 * Then both are filled from the facts already held, in the zone of the installation's jurisdiction.
 */
export class ReoffendingAfterProbationAggregates1763900000534 implements MigrationInterface {
  name = 'ReoffendingAfterProbationAggregates1763900000534';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reoffending_completions (
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
      CREATE TABLE reoffending_completion_counts (
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
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_probation_entries) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['reoffending_after_probation'] });
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['reoffending_completion_counts', 'reoffending_completions']) await db.query(`DROP TABLE ${table}`);
  }
}
