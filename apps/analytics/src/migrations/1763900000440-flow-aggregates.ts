import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The aggregates current flow figures are read from (aggregates/, docs/indicators.md), kept by
 * the projection in the transaction of each event that changes a case's stages:
 *
 * - `flow_case_stages`: each case's stages (pre-trial; court once indicted) with their start
 *   and end (null while pending), as the facts now stand;
 * - `flow_counts`: the cube — cases by stage, grain (which breakdowns the cell keeps; the others
 *   are ''), the case's categories, the local month the stage started in (its first instant;
 *   `started_on_boundary` when the stage started at exactly that instant, for the age edge), and
 *   the month it ended in ('infinity' while pending). A count may fall to 0 and stay.
 *
 * Filled from the facts already held by 1763900000441, with the month cube.
 */
export class FlowAggregates1763900000440 implements MigrationInterface {
  name = 'FlowAggregates1763900000440';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE flow_case_stages (
        case_id    uuid NOT NULL,
        stage      text NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at   timestamptz,
        PRIMARY KEY (case_id, stage)
      )`);
    await db.query(`
      CREATE TABLE flow_counts (
        stage               text NOT NULL,
        grain               smallint NOT NULL,
        region              text NOT NULL,
        district            text NOT NULL,
        agency              text NOT NULL,
        iccs_section        text NOT NULL,
        article             text NOT NULL,
        started_month       timestamptz NOT NULL,
        started_on_boundary boolean NOT NULL,
        ended_month         timestamptz NOT NULL,
        cases               integer NOT NULL,
        PRIMARY KEY (stage, grain, region, district, agency, iccs_section, article, started_month, started_on_boundary, ended_month)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['flow_counts', 'flow_case_stages']) await db.query(`DROP TABLE ${table}`);
  }
}
