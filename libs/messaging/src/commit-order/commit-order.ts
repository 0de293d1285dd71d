import { EntityManager } from 'typeorm';

/**
 * Reading rows in commit-safe order. A row's id or position is taken when it is inserted,
 * not when its transaction commits, so a reader that takes "everything after the last row
 * I saw" can overtake a transaction that commits late and never see its rows. A row that
 * records its inserting transaction (`xid8`) can instead be read only once every
 * transaction as old as it has ended: below the oldest transaction still open, nothing
 * new can appear. The outbox relay and the procedural-steps sealer read this way.
 */

/** Column DDL: the inserting transaction, set by default. */
export const INSERTING_TRANSACTION_COLUMN = 'transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id()';

/** SQL condition: the row's transaction is older than every transaction still open (so it has committed, or never will). */
export function insertedBeforeOpenTransactions(column = 'transaction_id'): string {
  return `${column} < pg_snapshot_xmin(pg_current_snapshot())`;
}

/**
 * SQL condition: the row's transaction is older than every transaction still open that has
 * written to `table` (so it has committed, or never will). Transactions that have not touched
 * the table — other services' consumers sharing the cluster, long reports — no longer hold
 * its readers back, as `insertedBeforeOpenTransactions` lets them: the set of open
 * transactions in the statement's snapshot is narrowed by the lock table, where every open
 * transaction holds its own id and, once it has inserted a row, a ROW EXCLUSIVE lock on
 * `table` until it ends. A transaction that ended between the snapshot and the look at the
 * locks still holds readers back (its rows may be invisible to this snapshot); the next
 * read goes past it. A transaction that has an id but writes `table` only later may see its
 * rows read after younger ones: this orders commits, not keys — one key's writers take
 * turns on the key's own row lock anyway.
 *
 * `table` must be a trusted name (it is put into the SQL as a regclass literal).
 */
export function insertedBeforeOpenWriters(table: string, column = 'transaction_id'): string {
  const xid32 = (xid8: string) => `(${xid8}::text::bigint % 4294967296)`;
  return `${column} < (
    SELECT coalesce(
      (SELECT min(open.xid) FROM pg_snapshot_xip(snapshot.taken) AS open (xid)
        WHERE ${xid32('open.xid')} NOT IN (
          SELECT running.transactionid::text::bigint FROM pg_locks running
           WHERE running.locktype = 'transactionid' AND running.mode = 'ExclusiveLock' AND running.granted
             AND NOT EXISTS (SELECT FROM pg_locks writing
                              WHERE writing.virtualtransaction = running.virtualtransaction AND writing.locktype = 'relation'
                                AND writing.relation = '${table}'::regclass AND writing.mode = 'RowExclusiveLock'))),
      pg_snapshot_xmax(snapshot.taken))
    FROM (SELECT pg_current_snapshot() AS taken) AS snapshot)`;
}

/**
 * Takes a lock named `name` in the current schema until the transaction ends, without
 * waiting: false when another session holds it. One reader of a service at a time, so
 * batches cannot overtake each other.
 */
export async function tryTransactionLock(manager: EntityManager, name: string): Promise<boolean> {
  const [{ locked }]: { locked: boolean }[] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':' || $1)) AS locked`, [name]);
  return locked;
}

/**
 * SQL expression for `tryTransactionLock`, to be sent with other statements in one round
 * trip: true when the lock named `name` (letters, digits, `:`, `_`, `-`) was taken.
 */
export function transactionLockCondition(name: string): string {
  if (!/^[A-Za-z0-9:_-]+$/.test(name)) throw new Error(`not a lock name: ${name}`);
  return `pg_try_advisory_xact_lock(hashtext(current_schema() || ':' || '${name}'))`;
}
