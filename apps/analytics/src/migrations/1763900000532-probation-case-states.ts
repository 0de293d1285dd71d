import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { rebuildAggregates } from '../aggregates/rebuild';

/**
 * `probation_case_states` (probation/probation-states.ts, docs/indicators.md), kept by the
 * projection with the other probation aggregates: where each probation case stood between two of
 * its entries while active or absconded (status, region, office, the officer's hash, the next
 * assessment's due day, the deadline rules breached since the last assessment, the term's start,
 * the person's categories), from which the stocks at a date (caseload, per officer, assessments
 * overdue) and the days under supervision are read without going through every entry. Then the
 * probation aggregates are filled from the facts held, in the zone of the installation's jurisdiction.
 */
export class ProbationCaseStates1763900000532 implements MigrationInterface {
  name = 'ProbationCaseStates1763900000532';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE probation_case_states (
        case_id        uuid NOT NULL,
        stream_id      uuid NOT NULL,
        sequence       integer NOT NULL,
        from_at        timestamptz NOT NULL,
        to_at          timestamptz,
        status         text NOT NULL,
        region         text NOT NULL,
        office         text,
        officer        text,
        due_on         date,
        breached_rules text[],
        starts_at      timestamptz NOT NULL,
        sex            text NOT NULL,
        age_band       text NOT NULL,
        juvenile       text NOT NULL,
        PRIMARY KEY (case_id, stream_id, sequence)
      )`);
    const [{ held }]: { held: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM fact_probation_entries) AS held`);
    if (held) await rebuildAggregates(db.manager, { timeZone: loadJurisdiction(process.env).timeZone, parts: ['probation'] });
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE probation_case_states`);
  }
}
