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
 * Takes a lock named `name` in the current schema until the transaction ends, without
 * waiting: false when another session holds it. One reader of a service at a time, so
 * batches cannot overtake each other.
 */
export async function tryTransactionLock(manager: EntityManager, name: string): Promise<boolean> {
  const [{ locked }]: { locked: boolean }[] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':' || $1)) AS locked`, [name]);
  return locked;
}
