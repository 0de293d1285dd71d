import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Joins and splits of cases. A row links two cases: a join of from_case_id into
 * to_case_id, or a split of to_case_id off from_case_id; persons' roles go from the one to
 * the other. A case is joined at most once and split off at most one case (the partial
 * unique indexes), so two concurrent joins of one case cannot both commit.
 */
export class CaseLinks1763900000130 implements MigrationInterface {
  name = 'CaseLinks1763900000130';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE case_links (
        id           uuid PRIMARY KEY,
        kind         text NOT NULL CHECK (kind IN ('join', 'split')),
        from_case_id uuid NOT NULL REFERENCES cases (id),
        to_case_id   uuid NOT NULL REFERENCES cases (id) CHECK (to_case_id <> from_case_id),
        -- join: the persons whose roles the receiving case gained; split: the persons moved
        person_ids   uuid[] NOT NULL,
        reason       text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        linked_by    text NOT NULL,
        linked_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX case_links_joined_once ON case_links (from_case_id) WHERE kind = 'join'`);
    await db.query(`CREATE UNIQUE INDEX case_links_split_off_once ON case_links (to_case_id) WHERE kind = 'split'`);
    await db.query(`CREATE INDEX case_links_from ON case_links (from_case_id, linked_at)`);
    await db.query(`CREATE INDEX case_links_to ON case_links (to_case_id, linked_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE case_links`);
  }
}
