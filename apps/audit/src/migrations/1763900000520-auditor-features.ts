import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the auditors' and the data-protection officer's queries need.
 *
 * Indexes on access_log, one per filter the list, the exports and the reports use (the
 * person filter uses the GIN index on person_ids of 1763900000510; subject, case, region and
 * time have theirs since 1763900000500). They are partial where the rows asked for are a
 * small part of the log, so that appends — thousands a second — pay little for them.
 *
 * disclosure_deferrals: the history of the dates until which entries made for a covert
 * purpose are withheld from a data-subject report, per person or per case. A change is a
 * new row; the latest row of a subject is its current date. Append-only like the log.
 */
export class AuditorFeatures1763900000520 implements MigrationInterface {
  name = 'AuditorFeatures1763900000520';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX access_log_resource_id ON access_log (resource_id, seq DESC) WHERE resource_id IS NOT NULL`);
    await db.query(`CREATE INDEX access_log_resource_type ON access_log (resource_type, seq DESC)`);
    await db.query(`CREATE INDEX access_log_purpose ON access_log (purpose, seq DESC) WHERE purpose IS NOT NULL`);
    // Lists of refused calls; allowed ones are most of the log and are read along seq.
    await db.query(`CREATE INDEX access_log_not_allowed ON access_log (outcome, seq DESC) WHERE outcome <> 'allowed'`);
    // The refusal reports read a period's refusals; the persons report a period's entries that name persons.
    await db.query(`CREATE INDEX access_log_refusals_at ON access_log (occurred_at) WHERE outcome IN ('denied', 'rejected', 'throttled')`);
    await db.query(`CREATE INDEX access_log_persons_at ON access_log (occurred_at) WHERE person_ids <> '{}'`);

    await db.query(`
      CREATE TABLE disclosure_deferrals (
        id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        subject_type       text NOT NULL CHECK (subject_type IN ('person', 'case')),
        subject_id         text NOT NULL,
        withheld_until     timestamptz,
        reason             text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        decision_reference text CHECK (length(decision_reference) BETWEEN 1 AND 128),
        set_by             text NOT NULL,
        set_at             timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX disclosure_deferrals_subject ON disclosure_deferrals (subject_type, subject_id, id DESC)`);
    // access_log_refuse() (1763900000500) names the table it refuses for.
    await db.query(
      `CREATE TRIGGER disclosure_deferrals_no_update_delete BEFORE UPDATE OR DELETE ON disclosure_deferrals FOR EACH ROW EXECUTE FUNCTION access_log_refuse()`,
    );
    await db.query(
      `CREATE TRIGGER disclosure_deferrals_no_truncate BEFORE TRUNCATE ON disclosure_deferrals FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE disclosure_deferrals`);
    for (const index of ['resource_id', 'resource_type', 'purpose', 'not_allowed', 'refusals_at', 'persons_at']) {
      await db.query(`DROP INDEX access_log_${index}`);
    }
  }
}
