import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The persons breaching a deadline rule (persons_detained_over_legal_time,
 * persons_in_custody_beyond_term), as a cube instead of a DISTINCT over every breach entry of the
 * periods (aggregates/liberty-*): each breach entry gains the due time of the person's breach of
 * the same rule in the case just before it (`previous_due_at`), and
 * `liberty_breach_person_counts` counts the breaches of persons by grain (BREACH_GRAINS), rule,
 * local month of the due time and of the breach before (-infinity: none) and the person's
 * categories. A person then counts once per case in a period of whole months where their breach
 * before lies in an earlier period. Kept by the projection with the breach entries, in the same
 * statement; filled from the facts held, in the zone of the installation's jurisdiction. Pages
 * keep room for the projection's updates of a cell (fillfactor), as people_counts'.
 */
export class BreachPersonCounts1763900000550 implements MigrationInterface {
  name = 'BreachPersonCounts1763900000550';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE liberty_breach_entries ADD COLUMN previous_due_at timestamptz`);
    await db.query(`
      CREATE TABLE liberty_breach_person_counts (
        grain             smallint NOT NULL,
        rule              text NOT NULL,
        month             timestamptz NOT NULL,
        previous_month    timestamptz NOT NULL,
        region            text NOT NULL,
        sex               text NOT NULL,
        age_band          text NOT NULL,
        juvenile          text NOT NULL,
        citizenship_group text NOT NULL,
        disability        text NOT NULL,
        persons           integer NOT NULL,
        PRIMARY KEY (grain, rule, month, previous_month, region, sex, age_band, juvenile, citizenship_group, disability)
      ) WITH (fillfactor = 80)`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['breaches'] });
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE liberty_breach_person_counts`);
    await db.query(`ALTER TABLE liberty_breach_entries DROP COLUMN previous_due_at`);
  }
}
