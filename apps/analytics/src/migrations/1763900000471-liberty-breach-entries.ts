import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * `liberty_breach_entries` (aggregates/liberty-*, docs/indicators.md): every deadline breach in
 * force now (announced and not withdrawn) of a case analytics knows, with the case's region and
 * the categories of the person it concerns in the case (`person_id` the surviving id of merged
 * records, `recorded_as` the id the breach named; unknown for a case-level breach) — what the
 * breach tables read instead of joining every breach to its case and person. Kept by the
 * projection in the transaction of each event that changes a case's breaches, region or persons;
 * the breaches are found by case (the index added here). Then filled from the facts already held.
 */
export class LibertyBreachEntries1763900000471 implements MigrationInterface {
  name = 'LibertyBreachEntries1763900000471';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE liberty_breach_entries (
        deadline_id       uuid PRIMARY KEY,
        case_id           uuid NOT NULL,
        person_id         uuid,
        recorded_as       uuid,
        rule              text NOT NULL,
        due_at            timestamptz NOT NULL,
        region            text NOT NULL,
        sex               text NOT NULL,
        age_band          text NOT NULL,
        juvenile          text NOT NULL,
        citizenship_group text NOT NULL,
        disability        text NOT NULL
      )`);
    await db.query(`CREATE INDEX liberty_breach_entries_case ON liberty_breach_entries (case_id)`);
    await db.query(`CREATE INDEX liberty_breach_entries_due ON liberty_breach_entries (due_at)`);
    await db.query(`CREATE INDEX fact_deadline_breaches_case ON fact_deadline_breaches (case_id)`);
    await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['breaches'] });
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX fact_deadline_breaches_case`);
    await db.query(`DROP TABLE liberty_breach_entries`);
  }
}
