import { MigrationInterface, QueryRunner } from 'typeorm';
import { serviceRoleName } from '@icjims/persistence';

/** The shortest retention the database itself allows, whatever the service is told. */
export const MIN_ACCESS_LOG_RETENTION_DAYS = 365;

/**
 * Retention of the access log, without giving up its verifiability.
 *
 * `prune_access_log(through_seq, root_hash, older_than)` deletes the oldest entries, 1 to
 * `through_seq`, and nothing else: only when every one of them occurred before `older_than`,
 * which must be at least 365 days ago, and only up to a size the tree had when a checkpoint
 * was signed (the caller passes that checkpoint's root; the stored tree must still have it).
 * The tree's nodes are kept (access_tree stays append-only), so verification goes on from
 * the checkpoint: the kept subtrees must give its signed root, and the entries after it must
 * extend them. Each pruning is recorded in `access_log_prunes` (append-only), with the hash
 * of the last entry deleted, where the chain of the remaining entries starts.
 *
 * The function runs as the owner of the log (SECURITY DEFINER) and switches the refusing
 * trigger off for its own DELETE only: the service's login may call it but cannot delete.
 */
export class AccessLogRetention1763900000511 implements MigrationInterface {
  name = 'AccessLogRetention1763900000511';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE access_log_prunes (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        through_seq bigint NOT NULL CHECK (through_seq > 0),
        root_hash   text NOT NULL CHECK (root_hash ~ '^[0-9a-f]{64}$'),
        last_hash   text NOT NULL CHECK (last_hash ~ '^[0-9a-f]{64}$'),
        older_than  timestamptz NOT NULL,
        entries     bigint NOT NULL,
        pruned_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE TRIGGER access_log_prunes_no_update_delete BEFORE UPDATE OR DELETE ON access_log_prunes FOR EACH ROW EXECUTE FUNCTION access_log_refuse()`);
    await db.query(`CREATE TRIGGER access_log_prunes_no_truncate BEFORE TRUNCATE ON access_log_prunes FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse()`);

    await db.query(`
      CREATE FUNCTION prune_access_log(through_seq bigint, root_hash text, older_than timestamptz) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      DECLARE
        pruned bigint := coalesce((SELECT max(p.through_seq) FROM access_log_prunes p), 0);
        last text;
        deleted bigint;
      BEGIN
        IF older_than > now() - interval '${MIN_ACCESS_LOG_RETENTION_DAYS} days' THEN
          RAISE EXCEPTION 'access log entries are kept at least ${MIN_ACCESS_LOG_RETENTION_DAYS} days' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF through_seq <= pruned THEN
          RAISE EXCEPTION 'entries up to % are pruned already', pruned USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF EXISTS (SELECT 1 FROM access_log a WHERE a.seq <= through_seq AND a.occurred_at >= older_than) THEN
          RAISE EXCEPTION 'entries up to % are not all older than %', through_seq, older_than USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT a.hash INTO last FROM access_log a WHERE a.seq = through_seq;
        IF last IS NULL THEN
          RAISE EXCEPTION 'access_log has no entry %', through_seq USING ERRCODE = 'invalid_parameter_value';
        END IF;
        LOCK TABLE access_log IN ACCESS EXCLUSIVE MODE;
        ALTER TABLE access_log DISABLE TRIGGER access_log_no_update_delete;
        DELETE FROM access_log a WHERE a.seq <= through_seq;
        GET DIAGNOSTICS deleted = ROW_COUNT;
        ALTER TABLE access_log ENABLE TRIGGER access_log_no_update_delete;
        INSERT INTO access_log_prunes (through_seq, root_hash, last_hash, older_than, entries) VALUES (through_seq, root_hash, last, older_than, deleted);
        RETURN deleted;
      END $$`);
    const role = serviceRoleName('audit');
    await db.query(`REVOKE ALL ON FUNCTION prune_access_log(bigint, text, timestamptz) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION prune_access_log(bigint, text, timestamptz) TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION prune_access_log(bigint, text, timestamptz)`);
    await db.query(`DROP TABLE access_log_prunes`);
  }
}
