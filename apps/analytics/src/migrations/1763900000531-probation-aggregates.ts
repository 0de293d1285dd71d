import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The aggregates current probation figures are read from (probation/probation-aggregates.ts,
 * docs/indicators.md), kept by the projection in the transaction of each probation entry:
 *
 * - `probation_stream_events`: the countable things of each probation case and pre-sentence
 *   report as the facts stand now — a case started (by case type), the community-work hours it
 *   ordered, its end (by type of end), each violation, each day's community work, its first
 *   meeting (with the whole days since intake), a report submitted (on time or not) — with the
 *   region of the entry that recorded it and the person's categories;
 * - `probation_counts`: the cube — their sums by measure, local month, region, category, sex, age
 *   band, juvenile and (for first meetings) whole days. A sum may fall to 0 and stay.
 *
 * Then both are filled from the facts already held, in the zone of the installation's jurisdiction.
 */
export class ProbationAggregates1763900000531 implements MigrationInterface {
  name = 'ProbationAggregates1763900000531';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE probation_stream_events (
        case_id   uuid NOT NULL,
        stream_id uuid NOT NULL,
        measure   text NOT NULL,
        ref       text NOT NULL,
        at        timestamptz NOT NULL,
        value     numeric NOT NULL,
        days      integer NOT NULL,
        category  text NOT NULL,
        region    text NOT NULL,
        sex       text NOT NULL,
        age_band  text NOT NULL,
        juvenile  text NOT NULL,
        PRIMARY KEY (case_id, stream_id, measure, ref)
      )`);
    await db.query(`
      CREATE TABLE probation_counts (
        measure  text NOT NULL,
        month    timestamptz NOT NULL,
        region   text NOT NULL,
        category text NOT NULL,
        sex      text NOT NULL,
        age_band text NOT NULL,
        juvenile text NOT NULL,
        days     integer NOT NULL,
        amount   numeric NOT NULL,
        PRIMARY KEY (measure, month, region, category, sex, age_band, juvenile, days)
      )`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_probation_entries) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['probation'] });
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['probation_counts', 'probation_stream_events']) await db.query(`DROP TABLE ${table}`);
  }
}
