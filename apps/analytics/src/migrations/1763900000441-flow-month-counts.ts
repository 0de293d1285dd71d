import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The month cube of the case flow (aggregates/, docs/indicators.md), kept with the span cube
 * (1763900000440) in the same statement: by stage, grain and the case's categories, how many
 * stages started and how many ended in each local month. Incoming, resolved and pending figures
 * read it (pending at a period's end is what started before it less what ended before it); the
 * age profile reads the span cube. Both are then filled from the facts already held, in the
 * zone of the installation's jurisdiction (ICJIMS_JURISDICTION, as the service runs under).
 */
export class FlowMonthCounts1763900000441 implements MigrationInterface {
  name = 'FlowMonthCounts1763900000441';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE flow_month_counts (
        stage        text NOT NULL,
        grain        smallint NOT NULL,
        region       text NOT NULL,
        district     text NOT NULL,
        agency       text NOT NULL,
        iccs_section text NOT NULL,
        article      text NOT NULL,
        month        timestamptz NOT NULL,
        started      integer NOT NULL,
        ended        integer NOT NULL,
        PRIMARY KEY (stage, grain, region, district, agency, iccs_section, article, month)
      )`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['flow'] });
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE flow_month_counts`);
  }
}
