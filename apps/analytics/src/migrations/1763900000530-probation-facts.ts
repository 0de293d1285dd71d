import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The probation journal's entries as analytics keeps them (probation-entry.recorded, one row per
 * entry), pseudonymous like the other facts: the stream (probation case or pre-sentence report)
 * and its criminal case, the region and office, the person's pseudonymous id, the entry's type,
 * status after it and published details (codes, dates, hours — never free text). The officer of
 * an allocation is kept only as a hash of their id (`officer`), enough to count distinct
 * officers; who recorded an entry is not kept. `known_from` is when the entry was recorded, so
 * that a figure can be computed as it stood on a date. An entry counts once whatever event
 * carried it: the entry id is the key, and a stream's position is unique.
 */
export class ProbationFacts1763900000530 implements MigrationInterface {
  name = 'ProbationFacts1763900000530';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE fact_probation_entries (
        entry_id    uuid PRIMARY KEY,
        stream      text NOT NULL,
        stream_id   uuid NOT NULL,
        sequence    integer NOT NULL,
        entry_type  text NOT NULL,
        case_id     uuid NOT NULL,
        region      text NOT NULL,
        office      text,
        person_id   uuid,
        occurred_at timestamptz NOT NULL,
        known_from  timestamptz NOT NULL,
        status      text NOT NULL,
        details     jsonb NOT NULL,
        officer     text,
        UNIQUE (stream_id, sequence)
      )`);
    await db.query(`CREATE INDEX fact_probation_entries_case ON fact_probation_entries (case_id)`);
    await db.query(`CREATE INDEX fact_probation_entries_person ON fact_probation_entries (person_id)`);
    await db.query(`CREATE INDEX fact_probation_entries_stream_time ON fact_probation_entries (stream_id, occurred_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE fact_probation_entries`);
  }
}
