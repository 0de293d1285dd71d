import { EntityManager } from 'typeorm';
import { insertedBeforeOpenTransactions } from '@icjims/messaging';
import { Reads, sendWithNext, statementName } from '@icjims/persistence';
import { linkEntries } from './chain';
import { assertExpectedVersion } from './expected-version';
import { checkIdentifier, JournalEntry, JournalHead, JournalSpec, UnlinkedEntry } from './journal-spec';

/** A leaf position as the database holds it: the entry, or nothing when its entry is gone. */
export interface LeafRow<E> {
  leafIndex: number;
  entry: E | undefined;
}

export interface AppendOptions {
  /** The version the writer decided on (body or If-Match): another one is a 409. */
  expectedVersion?: number;
  /** Other columns of the head row to set in the same statement (the journal's own state beside the head). */
  headColumns?: Record<string, unknown>;
}

/** Named in the error of an append whose stream's head was not where its transaction had locked it. */
export const JOURNAL_MOVED = 'journal-head-moved-while-appending';

const entryColumns = (spec: JournalSpec<JournalEntry>, alias: string) => spec.entries.columns.map((column) => `${alias}.${column}`).join(', ');
const rowsOf = <E extends JournalEntry>(spec: JournalSpec<E>, rows: Record<string, unknown>[]) => rows.map((row) => spec.entries.fromRow(row));
const leafIndexOf = (row: Record<string, unknown>) => (row.leaf_index === null || row.leaf_index === undefined ? undefined : Number(row.leaf_index));

/**
 * Appends entries to a stream whose head the caller's transaction holds (locked FOR UPDATE):
 * each becomes the next link of the stream's chain, and the head moves to the last, in one
 * statement however many entries. Its result is not needed, so it goes with the transaction's
 * next statement, its COMMIT at the latest (persistence's sendWithNext): no round trip of its
 * own. The head row is updated only where it still is at `head.version`; were it moved anyway,
 * the statement fails (`JOURNAL_MOVED` in its error) and the transaction with it: never a fork.
 * Returns the stored entries and the new head (the caller's `head` object is left as it was).
 */
async function appendEntries<E extends JournalEntry>(
  manager: EntityManager,
  spec: JournalSpec<E>,
  streamId: string,
  head: JournalHead,
  unlinked: readonly UnlinkedEntry<E>[],
  options: AppendOptions = {},
): Promise<{ entries: E[]; head: JournalHead }> {
  assertExpectedVersion(head, options.expectedVersion);
  if (!unlinked.length) return { entries: [], head };
  const linked = linkEntries(spec, head, unlinked);
  const { columns } = spec.entries;
  const parameters: unknown[] = [];
  const placeholder = (value: unknown) => `$${parameters.push(value)}`;
  const values = linked.entries.map((entry) => {
    const row = spec.entries.toRow(entry);
    return `(${columns.map((column) => placeholder(row[column])).join(', ')})`;
  });
  const sets = Object.entries({ ...options.headColumns, version: linked.head.version, last_hash: linked.head.lastHash }).map(
    ([column, value]) => `${checkIdentifier(column)} = ${placeholder(value)}`,
  );
  // No answer is awaited, so the statement itself fails when no head moved: SQL cannot raise, but a cast of text that is no
  // number can (of a count, not a constant, or the planner would fold it and fail every time).
  const text = `WITH appended AS (INSERT INTO ${spec.entries.table} (${columns.join(', ')}) VALUES ${values.join(', ')}),
          moved AS (UPDATE ${spec.heads.table} SET ${sets.join(', ')}
                     WHERE ${spec.heads.streamColumn} = ${placeholder(streamId)} AND version = ${placeholder(head.version)} RETURNING 1)
     SELECT CASE count(*) WHEN 1 THEN 0 ELSE ('${JOURNAL_MOVED} ' || count(*))::int END FROM moved`;
  // Prepared once per connection and shape (entries, head columns): planning took 0.09 ms of its 0.29.
  await sendWithNext(manager, text, parameters, statementName('journal-append', text));
  return linked;
}

/**
 * The SQL of a journal's entries beside its tree: which entry is which leaf, what awaits
 * sealing, a stream's entries with their leaves.
 */
export const journalStore = {
  appendEntries,

  /**
   * The next committed entries not yet in the tree, in the order they go in: by recording
   * transaction, then stream and sequence, only below the oldest transaction still open (an
   * entry that commits late is never skipped). The caller holds the sealer's lock.
   */
  async unsealed<E extends JournalEntry>(manager: EntityManager, spec: JournalSpec<E>, limit: number): Promise<E[]> {
    const { table, streamColumn } = spec.entries;
    const [last]: { transaction_id: string; stream_id: string; sequence: number }[] = await manager.query(
      `SELECT e.transaction_id, e.${streamColumn} AS stream_id, e.sequence FROM ${spec.leaves.table} l JOIN ${table} e ON e.id = l.${spec.leaves.entryColumn}
        ORDER BY l.leaf_index DESC LIMIT 1`,
    );
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${entryColumns(spec, 'e')} FROM ${table} e
        WHERE ${insertedBeforeOpenTransactions('e.transaction_id')}
          ${last ? `AND (e.transaction_id, e.${streamColumn}, e.sequence) > ($2::xid8, $3::uuid, $4::int)` : ''}
        ORDER BY e.transaction_id, e.${streamColumn}, e.sequence
        LIMIT $1`,
      last ? [limit, last.transaction_id, last.stream_id, last.sequence] : [limit],
    );
    return rowsOf(spec, rows);
  },

  /** Records that `entryIds` are the leaves from `firstLeafIndex` on, in order. */
  async recordLeaves(manager: EntityManager, spec: JournalSpec<JournalEntry>, firstLeafIndex: number, entryIds: string[]): Promise<void> {
    await manager.query(
      `INSERT INTO ${spec.leaves.table} (leaf_index, ${spec.leaves.entryColumn}) SELECT $1::bigint + i - 1, id FROM unnest($2::uuid[]) WITH ORDINALITY AS t (id, i)`,
      [firstLeafIndex, entryIds],
    );
  },

  /** The stream's entries in sequence order and, in one query, the leaf of each sealed one by entry id. */
  async entriesOfStream<E extends JournalEntry>(manager: Reads, spec: JournalSpec<E>, streamId: string): Promise<{ entries: E[]; leaves: Map<string, number> }> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${entryColumns(spec, 'e')}, l.leaf_index FROM ${spec.entries.table} e LEFT JOIN ${spec.leaves.table} l ON l.${spec.leaves.entryColumn} = e.id
        WHERE e.${spec.entries.streamColumn} = $1 ORDER BY e.sequence`,
      [streamId],
    );
    const leaves = new Map<string, number>();
    for (const row of rows) {
      const leaf = leafIndexOf(row);
      if (leaf !== undefined) leaves.set(row.id as string, leaf);
    }
    return { entries: rowsOf(spec, rows), leaves };
  },

  /** An entry of the stream, with its leaf when sealed. */
  async entryOfStream<E extends JournalEntry>(manager: EntityManager, spec: JournalSpec<E>, streamId: string, entryId: string): Promise<{ entry: E; leafIndex: number | undefined } | undefined> {
    const [row]: Record<string, unknown>[] = await manager.query(
      `SELECT ${entryColumns(spec, 'e')}, l.leaf_index FROM ${spec.entries.table} e LEFT JOIN ${spec.leaves.table} l ON l.${spec.leaves.entryColumn} = e.id
        WHERE e.id = $1 AND e.${spec.entries.streamColumn} = $2`,
      [entryId, streamId],
    );
    return row && { entry: spec.entries.fromRow(row), leafIndex: leafIndexOf(row) };
  },

  /** Leaf rows from `fromLeafIndex` on, in leaf order, each with its entry if it still exists (a gap in the indexes is a removed row). */
  async leafRows<E extends JournalEntry>(manager: EntityManager, spec: JournalSpec<E>, fromLeafIndex: number, limit: number): Promise<LeafRow<E>[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT l.leaf_index, ${entryColumns(spec, 'e')} FROM ${spec.leaves.table} l LEFT JOIN ${spec.entries.table} e ON e.id = l.${spec.leaves.entryColumn}
        WHERE l.leaf_index >= $1 ORDER BY l.leaf_index LIMIT $2`,
      [fromLeafIndex, limit],
    );
    return rows.map((row) => ({ leafIndex: Number(row.leaf_index), entry: row.id === null ? undefined : spec.entries.fromRow(row) }));
  },
};
