import { ChainedFields, MerkleLog } from '@icjims/integrity';

/**
 * An entry of a journal as the library needs it: its id, its position in its stream (from 1)
 * and the two hashes of its link in the stream's chain. The rest is the journal's own.
 */
export interface JournalEntry {
  id: string;
  sequence: number;
  prevHash: string;
  hash: string;
}

/** An entry before it is linked: the library gives it its position and hashes. */
export type UnlinkedEntry<E extends JournalEntry> = Omit<E, 'sequence' | 'prevHash' | 'hash'>;

/** An entry with its position, before its hashes: what its hash covers. */
export type ChainableEntry<E extends JournalEntry> = Omit<E, 'prevHash' | 'hash'>;

/** A stream's head as its head row holds it: entries so far and the hash of the last one. */
export interface JournalHead {
  version: number;
  lastHash: string;
}

/**
 * What makes a journal: where its entries, heads and leaves are, what an entry's hash covers
 * and what its tree is called. Conventions every journal's tables follow (see `journalTablesSql`):
 * entries have `id` (uuid), `sequence`, `prev_hash`, `hash` and `transaction_id` besides the
 * stream column and their own; heads have `version` and `last_hash`; stream ids are uuids.
 */
export interface JournalSpec<E extends JournalEntry> {
  /** The name of its tree in signed tree heads, checkpoint files and exports, e.g. 'procedural-journal'. */
  log: string;
  /** What its entries and streams are called in messages: a 'step' of a 'case'. */
  names: { entry: string; stream: string };
  entries: {
    table: string;
    /** The column naming an entry's stream. */
    streamColumn: string;
    /** Every column an entry is stored in (all but transaction_id), as its row gives them. */
    columns: readonly string[];
    /** The entry as a row: a value for each of `columns`. */
    toRow(entry: E): Record<string, unknown>;
    /** A row read back (every column of `columns`) as the entry. */
    fromRow(row: Record<string, unknown>): E;
  };
  heads: { table: string; streamColumn: string };
  /** Which leaf of the tree each sealed entry is: (leaf_index, entryColumn). */
  leaves: { table: string; entryColumn: string };
  tree: MerkleLog;
  /**
   * The codec: the JSON object an entry's chain hash covers (and its leaf in the tree). It
   * must cover every stored field but the hashes, and never change once entries are stored.
   */
  chainFields(entry: ChainableEntry<E>): ChainedFields;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,50}$/;

/** Table and column names go into SQL as they are: only plain lower-case identifiers. */
export function checkIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new RangeError(`"${name}" is not a plain SQL identifier (${IDENTIFIER})`);
  return name;
}

/** Checks every name a spec puts into SQL, once, when the journal is defined. */
export function defineJournal<E extends JournalEntry>(spec: JournalSpec<E>): JournalSpec<E> {
  [spec.entries.table, spec.entries.streamColumn, ...spec.entries.columns, spec.heads.table, spec.heads.streamColumn, spec.leaves.table, spec.leaves.entryColumn].forEach(checkIdentifier);
  for (const required of ['id', 'sequence', 'prev_hash', 'hash', spec.entries.streamColumn]) {
    if (!spec.entries.columns.includes(required)) throw new RangeError(`journal ${spec.log}: the entries' columns lack ${required}`);
  }
  return spec;
}

/** The stream an entry belongs to, as its row names it. */
export function streamIdOf<E extends JournalEntry>(spec: JournalSpec<E>, entry: E): string {
  return spec.entries.toRow(entry)[spec.entries.streamColumn] as string;
}
