import { MigrationInterface, QueryRunner } from 'typeorm';
import { chainHash, GENESIS_HASH } from '@icjims/integrity';
import { stepChainFields } from '../steps/step-chain';

/**
 * The journal made complete: a hash chain over each case's steps, corrections, the
 * persons and jurisdiction of each case (from case-registry's events), and deadlines.
 *
 * - `steps.hash` = sha256(`prev_hash` || canonical JSON of the step's stored fields), per
 *   case from 64 zeros (steps/step-chain.ts); `known_cases.last_hash` is the head, so a
 *   step cut off the end is found too. Steps recorded before this migration are chained
 *   here, the only time the append-only triggers are set aside.
 * - A correction is a step of its own that names the step it corrects (`corrects_step_id`);
 *   its details say why and what it changes (legal-order/correction-codec.ts).
 * - Deadline rules are data (seeded with a SAMPLE set by a later migration); `deadlines`
 *   holds the clocks the rules start, one row per rule and starting step.
 */
export class Journal1763900000210 implements MigrationInterface {
  name = 'Journal1763900000210';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE known_cases
        ADD COLUMN status                   text NOT NULL DEFAULT 'registered',
        ADD COLUMN district                 text,
        ADD COLUMN agency                   text,
        ADD COLUMN responsible_prosecutor   text,
        ADD COLUMN responsible_investigator text,
        ADD COLUMN joined_into              uuid,
        ADD COLUMN last_hash                text NOT NULL DEFAULT repeat('0', 64) CHECK (last_hash ~ '^[0-9a-f]{64}$')`);
    await db.query(`CREATE INDEX known_cases_region ON known_cases (region)`);

    await db.query(`
      CREATE TABLE case_persons (
        case_id   uuid NOT NULL REFERENCES known_cases (case_id),
        person_id uuid NOT NULL,
        role      text NOT NULL,
        active    boolean NOT NULL DEFAULT true,
        PRIMARY KEY (case_id, person_id, role)
      )`);
    // A merged person's id stays in the steps that name it; projections read it as the surviving id.
    await db.query(`CREATE TABLE person_aliases (merged_person_id uuid PRIMARY KEY, surviving_person_id uuid NOT NULL)`);

    await db.query(`
      ALTER TABLE steps
        ADD COLUMN corrects_step_id uuid REFERENCES steps (id),
        ADD COLUMN prev_hash        text CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        ADD COLUMN hash             text CHECK (hash ~ '^[0-9a-f]{64}$')`);
    await this.chainExistingSteps(db);
    await db.query(`ALTER TABLE steps ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
    await db.query(`CREATE INDEX steps_corrects ON steps (corrects_step_id) WHERE corrects_step_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE deadline_rules (
        code       text PRIMARY KEY,
        rule       jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE deadlines (
        id                 uuid PRIMARY KEY,
        case_id            uuid NOT NULL REFERENCES known_cases (case_id),
        rule_code          text NOT NULL,
        person_id          uuid,
        start_step_id      uuid NOT NULL REFERENCES steps (id),
        started_at         timestamptz NOT NULL,
        due_at             timestamptz NOT NULL,
        warn_from          timestamptz NOT NULL,
        stopped_at         timestamptz,
        stopped_by_step_id uuid REFERENCES steps (id),
        cancelled_at       timestamptz,
        breached_at        timestamptz,
        UNIQUE (case_id, rule_code, start_step_id)
      )`);
    // The scheduler's scan: clocks not yet announced as breached, by due time.
    await db.query(`CREATE INDEX deadlines_unannounced ON deadlines (due_at) WHERE cancelled_at IS NULL AND breached_at IS NULL`);
  }

  /** Chains steps recorded before hashes existed, case by case, in journal order. */
  private async chainExistingSteps(db: QueryRunner): Promise<void> {
    const rows: { id: string; case_id: string; sequence: number; step_type: string; occurred_at: Date; recorded_at: Date; recorded_by: string; person_id: string | null; details: Record<string, string | number | boolean> }[] =
      await db.query(`SELECT * FROM steps ORDER BY case_id, sequence`);
    if (!rows.length) return;
    await db.query(`ALTER TABLE steps DISABLE TRIGGER steps_no_update_or_delete`);
    const heads = new Map<string, string>();
    for (const row of rows) {
      const prevHash = heads.get(row.case_id) ?? GENESIS_HASH;
      const hash = chainHash(
        prevHash,
        stepChainFields({
          id: row.id, caseId: row.case_id, sequence: row.sequence, stepType: row.step_type, occurredAt: row.occurred_at, recordedAt: row.recorded_at,
          recordedBy: row.recorded_by, personId: row.person_id, details: row.details, correctsStepId: null,
        }),
      );
      await db.query(`UPDATE steps SET prev_hash = $1, hash = $2 WHERE id = $3`, [prevHash, hash, row.id]);
      heads.set(row.case_id, hash);
    }
    for (const [caseId, hash] of heads) await db.query(`UPDATE known_cases SET last_hash = $1 WHERE case_id = $2`, [hash, caseId]);
    await db.query(`ALTER TABLE steps ENABLE TRIGGER steps_no_update_or_delete`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE deadlines`);
    await db.query(`DROP TABLE deadline_rules`);
    await db.query(`ALTER TABLE steps DROP COLUMN hash, DROP COLUMN prev_hash, DROP COLUMN corrects_step_id`);
    await db.query(`DROP TABLE person_aliases`);
    await db.query(`DROP TABLE case_persons`);
    await db.query(`DROP INDEX known_cases_region`);
    await db.query(`
      ALTER TABLE known_cases DROP COLUMN last_hash, DROP COLUMN joined_into, DROP COLUMN responsible_investigator,
        DROP COLUMN responsible_prosecutor, DROP COLUMN agency, DROP COLUMN district, DROP COLUMN status`);
  }
}
