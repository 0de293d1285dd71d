import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The aggregates current duration figures are read from (aggregates/duration-aggregates.ts,
 * docs/indicators.md), kept by the projection in the statement that keeps the flow's:
 *
 * - `duration_case_spans`: each case's spans (registration → indictment, indictment → verdict,
 *   registration → final decision) that have ended, with the instant each ended and its whole
 *   days, suspension excluded, as the facts now stand;
 * - `duration_counts`: the histogram cube — cases by span, grain (which case breakdowns the cell
 *   keeps, as the flow cubes' grains; the others are ''), the case's categories, the local month
 *   the span ended in and its days. A count may fall to 0 and stay.
 *
 * Then the durations would be rebuilt from the facts already held, in the zone of the installation's
 * jurisdiction (ICJIMS_JURISDICTION, as the service runs under) — but their part now has a table
 * that only migration 1763900000540 adds, so the rebuild leaves them out here and 540 fills them.
 */
export class DurationAggregates1763900000460 implements MigrationInterface {
  name = 'DurationAggregates1763900000460';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE duration_case_spans (
        case_id  uuid NOT NULL,
        span     text NOT NULL,
        ended_at timestamptz NOT NULL,
        days     integer NOT NULL,
        PRIMARY KEY (case_id, span)
      )`);
    await db.query(`
      CREATE TABLE duration_counts (
        span         text NOT NULL,
        grain        smallint NOT NULL,
        region       text NOT NULL,
        district     text NOT NULL,
        agency       text NOT NULL,
        iccs_section text NOT NULL,
        article      text NOT NULL,
        month        timestamptz NOT NULL,
        days         integer NOT NULL,
        cases        integer NOT NULL,
        PRIMARY KEY (span, grain, region, district, agency, iccs_section, article, month, days)
      )`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_cases) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['durations'] });
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['duration_counts', 'duration_case_spans']) await db.query(`DROP TABLE ${table}`);
  }
}
