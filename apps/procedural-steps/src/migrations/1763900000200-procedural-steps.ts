import { MigrationInterface, QueryRunner } from 'typeorm';

/** The case projection and the append-only journal of steps. */
export class ProceduralSteps1763900000200 implements MigrationInterface {
  name = 'ProceduralSteps1763900000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE known_cases (
        case_id       uuid PRIMARY KEY,
        case_number   text NOT NULL,
        region        text NOT NULL,
        received_at   timestamptz NOT NULL,
        registered_at timestamptz NOT NULL,
        version       int NOT NULL DEFAULT 0
      )`);
    await db.query(`
      CREATE TABLE steps (
        id          uuid PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES known_cases (case_id),
        sequence    int NOT NULL CHECK (sequence > 0),
        step_type   text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by text NOT NULL,
        person_id   uuid,
        details     jsonb NOT NULL DEFAULT '{}',
        UNIQUE (case_id, sequence)
      )`);
    // Steps are history: the database itself refuses to change or remove them.
    await db.query(`
      CREATE FUNCTION steps_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'procedural steps are append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`CREATE TRIGGER steps_no_update_or_delete BEFORE UPDATE OR DELETE ON steps FOR EACH ROW EXECUTE FUNCTION steps_are_append_only()`);
    await db.query(`CREATE TRIGGER steps_no_truncate BEFORE TRUNCATE ON steps FOR EACH STATEMENT EXECUTE FUNCTION steps_are_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE steps`);
    await db.query(`DROP FUNCTION steps_are_append_only`);
    await db.query(`DROP TABLE known_cases`);
  }
}
