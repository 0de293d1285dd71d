import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * The cubes of the probation cases' states (probation/probation-stock-cubes.ts,
 * docs/indicators.md), kept by the projection with the states, from which the current stocks at a
 * period's end (caseload, per officer, assessments overdue) and the days under supervision of
 * whole months are read without going through every state:
 *
 * - `probation_stocks`: active cases by month start at which they count (closed states: each
 *   month start; open states: the first), grain, region, office, sex, age band, juvenile, month
 *   start from which the next assessment is overdue (open states), and deadline rules breached
 *   since the last; with, of the closed states, those whose next assessment was overdue then;
 * - `probation_officer_stocks`: the same cases by month start, region, office and officer's hash;
 * - `probation_supervision`: the seconds under supervision of closed states by month, and the
 *   number of open states and the sum of their starts' epochs by the month they start in;
 *
 * and an index of the open states by their start (the few of the current month are read one by
 * one). Then the probation aggregates are filled from the facts held, in the zone of the
 * installation's jurisdiction. Their pages keep room for the projection's updates of a cell.
 */
export class ProbationStockCubes1763900000533 implements MigrationInterface {
  name = 'ProbationStockCubes1763900000533';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE probation_stocks (
        open           boolean NOT NULL,
        grain          integer NOT NULL,
        boundary       timestamptz NOT NULL,
        region         text NOT NULL,
        office         text NOT NULL,
        sex            text NOT NULL,
        age_band       text NOT NULL,
        juvenile       text NOT NULL,
        overdue_from   timestamptz NOT NULL,
        breached_rules text[] NOT NULL,
        cases          integer NOT NULL,
        overdue        integer NOT NULL,
        PRIMARY KEY (open, grain, boundary, region, office, sex, age_band, juvenile, overdue_from, breached_rules)
      ) WITH (fillfactor = 80)`);
    await db.query(`
      CREATE TABLE probation_officer_stocks (
        open     boolean NOT NULL,
        boundary timestamptz NOT NULL,
        region   text NOT NULL,
        office   text NOT NULL,
        officer  text NOT NULL,
        cases    integer NOT NULL,
        PRIMARY KEY (open, boundary, region, office, officer)
      ) WITH (fillfactor = 80)`);
    await db.query(`
      CREATE TABLE probation_supervision (
        open     boolean NOT NULL,
        grain    integer NOT NULL,
        month    timestamptz NOT NULL,
        region   text NOT NULL,
        sex      text NOT NULL,
        age_band text NOT NULL,
        juvenile text NOT NULL,
        states   integer NOT NULL,
        seconds  numeric NOT NULL,
        PRIMARY KEY (open, grain, month, region, sex, age_band, juvenile)
      ) WITH (fillfactor = 80)`);
    await db.query(`CREATE INDEX probation_case_states_open_starts ON probation_case_states ((greatest(from_at, starts_at))) WHERE to_at IS NULL`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_probation_entries) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['probation'] });
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX probation_case_states_open_starts`);
    for (const table of ['probation_supervision', 'probation_officer_stocks', 'probation_stocks']) await db.query(`DROP TABLE ${table}`);
  }
}
