import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropJournalTablesSql, JOURNAL_HEAD_COLUMNS_SQL, JournalTables, journalTablesSql } from '@icjims/journal';

const PROBATION_JOURNAL: JournalTables = {
  entries: {
    table: 'probation_entries',
    streamColumn: 'stream_id',
    heads: { table: 'probation_streams', streamColumn: 'stream_id' },
    // The entry type is checked by the service, so a new type needs no migration.
    columnsSql: [
      `stream text NOT NULL CHECK (stream IN ('probation_case', 'pre_sentence_report'))`,
      'entry_type  text NOT NULL',
      'case_id     uuid NOT NULL',
      'region      text NOT NULL',
      'person_id   uuid',
      'occurred_at timestamptz NOT NULL',
      'recorded_at timestamptz NOT NULL',
      'recorded_by text NOT NULL',
      `details     jsonb NOT NULL DEFAULT '{}'`,
    ],
  },
  leaves: { table: 'probation_leaves', entryColumn: 'entry_id' },
  tree: 'probation_tree',
};

/**
 * The probation journal (libs/journal, as procedural-steps' journal): every change of a
 * probation case or a pre-sentence report is an entry of its stream's hash chain.
 *
 * - `probation_streams`: the head of each stream (version, last_hash), locked FOR UPDATE per
 *   append, with what lists and access filter by (case, region, office, person, status) and
 *   the pure domain's state kept current with the head (`state`), so no append replays the
 *   journal.
 * - `probation_entries`: the entries, full details included (free text stays here and is
 *   never published); `probation_leaves` and `probation_tree`: the Merkle tree over every
 *   stream of the installation, its signed heads kept outside the database (log
 *   `probation-journal`). All three are append-only in the database.
 */
export class ProbationJournal1763900000320 implements MigrationInterface {
  name = 'ProbationJournal1763900000320';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE probation_streams (
        stream_id uuid PRIMARY KEY,
        stream    text NOT NULL CHECK (stream IN ('probation_case', 'pre_sentence_report')),
        case_id   uuid NOT NULL,
        region    text NOT NULL,
        office    text,
        person_id uuid,
        status    text NOT NULL,
        state     jsonb NOT NULL,
        ${JOURNAL_HEAD_COLUMNS_SQL}
      )`);
    await db.query(`CREATE INDEX probation_streams_region ON probation_streams (region, stream, status)`);
    await db.query(`CREATE INDEX probation_streams_office ON probation_streams (office, stream, status) WHERE office IS NOT NULL`);
    await db.query(`CREATE INDEX probation_streams_case ON probation_streams (case_id)`);
    for (const statement of journalTablesSql(PROBATION_JOURNAL)) await db.query(statement);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const statement of dropJournalTablesSql(PROBATION_JOURNAL)) await db.query(statement);
    await db.query(`DROP TABLE probation_streams`);
  }
}
