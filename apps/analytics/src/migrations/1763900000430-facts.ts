import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facts the indicators are computed from, pseudonymous: cases with their classification
 * and place, the persons in them by role with their statistical categories only, every step
 * with each of its revisions, merges of person records, and deadline breaches. Nothing here
 * names anyone: case and person ids are the random ids of the other services, and no API
 * returns a row of these tables — only aggregates of them, under disclosure control.
 *
 * Time is kept twice where corrections can change the past: when a thing happened
 * (`occurred_at`) and from when to when this system knew it so (`known_from`, `known_until`),
 * so that a figure can be computed as it stood on any date.
 */
export class Facts1763900000430 implements MigrationInterface {
  name = 'Facts1763900000430';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE fact_cases (
        case_id         uuid PRIMARY KEY,
        region          text NOT NULL,
        district        text,
        agency          text,
        offence_article text NOT NULL,
        iccs_code       text NOT NULL,
        severity        text NOT NULL,
        received_at     timestamptz NOT NULL,
        registered_at   timestamptz NOT NULL,
        split_from      uuid,
        known_from      timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX fact_cases_registered ON fact_cases (registered_at)`);

    // One row per role a person holds in a case; a role ended and given again is one row again.
    await db.query(`
      CREATE TABLE fact_case_persons (
        case_id           uuid NOT NULL,
        person_id         uuid NOT NULL,
        role              text NOT NULL,
        sex               text NOT NULL,
        age_band          text NOT NULL,
        juvenile          boolean NOT NULL,
        disability        boolean,
        citizenship_group text NOT NULL,
        known_from        timestamptz NOT NULL,
        ended_at          timestamptz,
        PRIMARY KEY (case_id, person_id, role)
      )`);

    // Revision 0 is the step as recorded; each correction of it adds the next revision and closes the one before.
    await db.query(`
      CREATE TABLE fact_steps (
        step_id     uuid NOT NULL,
        revision    integer NOT NULL,
        case_id     uuid NOT NULL,
        person_id   uuid,
        step_type   text NOT NULL,
        occurred_at timestamptz NOT NULL,
        details     jsonb NOT NULL,
        annulled    boolean NOT NULL DEFAULT false,
        known_from  timestamptz NOT NULL,
        known_until timestamptz,
        PRIMARY KEY (step_id, revision)
      )`);
    await db.query(`CREATE INDEX fact_steps_case ON fact_steps (case_id)`);
    await db.query(`CREATE UNIQUE INDEX fact_steps_current ON fact_steps (step_id) WHERE known_until IS NULL`);

    // A merged person id stands for the surviving one from known_from until an unmerge (known_until).
    await db.query(`
      CREATE TABLE fact_person_aliases (
        merged_person_id    uuid NOT NULL,
        surviving_person_id uuid NOT NULL,
        known_from          timestamptz NOT NULL,
        known_until         timestamptz,
        PRIMARY KEY (merged_person_id, known_from)
      )`);

    await db.query(`
      CREATE TABLE fact_deadline_breaches (
        deadline_id  uuid PRIMARY KEY,
        case_id      uuid NOT NULL,
        person_id    uuid,
        rule         text NOT NULL,
        started_at   timestamptz NOT NULL,
        due_at       timestamptz NOT NULL,
        breached_at  timestamptz NOT NULL,
        withdrawn_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['fact_deadline_breaches', 'fact_person_aliases', 'fact_steps', 'fact_case_persons', 'fact_cases']) await db.query(`DROP TABLE ${table}`);
  }
}
