import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The head trigger's "no entry after the new head" check as `max(seq)`, an index look-up
 * whatever plan PL/pgSQL caches. As `EXISTS (… WHERE seq > NEW.last_seq)`, its generic plan
 * scanned the whole log: ~100 ms per append at 300,000 entries, growing with the log.
 */
export class HeadAdvanceCheck1763900000530 implements MigrationInterface {
  name = 'HeadAdvanceCheck1763900000530';

  async up(db: QueryRunner): Promise<void> {
    await db.query(headAdvances(`(SELECT max(seq) FROM access_log) > NEW.last_seq`));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(headAdvances(`EXISTS (SELECT 1 FROM access_log WHERE seq > NEW.last_seq)`));
  }
}

function headAdvances(newerRowExists: string): string {
  return `
    CREATE OR REPLACE FUNCTION access_log_head_advances() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    BEGIN
      IF NEW.singleton IS DISTINCT FROM OLD.singleton OR NEW.last_seq <= OLD.last_seq
         OR NOT EXISTS (SELECT 1 FROM access_log WHERE seq = NEW.last_seq AND hash = NEW.last_hash)
         OR ${newerRowExists} THEN
        RAISE EXCEPTION 'access_log_head may only advance to the newest access_log row'
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$`;
}
