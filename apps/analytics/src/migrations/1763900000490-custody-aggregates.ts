import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The custody aggregate (aggregates/custody-*, docs/indicators.md), kept by the projection in the
 * transaction of each event that changes a case's custody episodes or sentences:
 *
 * - `custody_entries`: each case's pre-trial episodes of deprivation of liberty per person
 *   (surviving id) and the imprisonment its persons serve, as custody-episodes.ts computes them
 *   now, with the case's region (null while the case is not known) and the person's categories;
 * - `custody_held_counts`: the held cube — stretches of persons held, +1 in the local month each
 *   begins and −1 in the month it ends, by the categories of the case they count in and whether
 *   they are unsentenced: the persons held at a month's start are the sum of every month before.
 *
 * And an index of the breach entries by rule and due time holding what the person tables read
 * (persons_detained_over_legal_time, persons_in_custody_beyond_term). Then the custody aggregate
 * is filled from the facts already held, with the installation's jurisdiction.
 */
export class CustodyAggregates1763900000490 implements MigrationInterface {
  name = 'CustodyAggregates1763900000490';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE custody_entries (
        case_id           uuid NOT NULL,
        person_id         uuid NOT NULL,
        recorded_as       uuid NOT NULL,
        kind              text NOT NULL CHECK (kind IN ('pretrial', 'serving')),
        started_at        timestamptz NOT NULL,
        ended_at          timestamptz,
        transferred       boolean NOT NULL,
        received_from     text,
        region            text,
        sex               text NOT NULL,
        age_band          text NOT NULL,
        juvenile          text NOT NULL,
        citizenship_group text NOT NULL,
        disability        text NOT NULL
      )`);
    await db.query(`CREATE INDEX custody_entries_case ON custody_entries (case_id)`);
    await db.query(`CREATE INDEX custody_entries_person ON custody_entries (person_id)`);
    await db.query(`CREATE INDEX custody_entries_received_from ON custody_entries (received_from) WHERE received_from IS NOT NULL`);
    await db.query(`CREATE INDEX custody_entries_ended ON custody_entries (ended_at) WHERE kind = 'pretrial' AND NOT transferred`);
    await db.query(`
      CREATE TABLE custody_held_counts (
        month             timestamptz NOT NULL,
        region            text NOT NULL,
        sex               text NOT NULL,
        age_band          text NOT NULL,
        juvenile          text NOT NULL,
        citizenship_group text NOT NULL,
        disability        text NOT NULL,
        unsentenced       boolean NOT NULL,
        persons           integer NOT NULL,
        PRIMARY KEY (month, region, sex, age_band, juvenile, citizenship_group, disability, unsentenced)
      )`);
    await db.query(`
      CREATE INDEX liberty_breach_entries_rule_due ON liberty_breach_entries (rule, due_at)
        INCLUDE (case_id, person_id, recorded_as, region, sex, age_band, juvenile, citizenship_group, disability)`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['custody'] });
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX liberty_breach_entries_rule_due`);
    for (const table of ['custody_held_counts', 'custody_entries']) await db.query(`DROP TABLE ${table}`);
  }
}
