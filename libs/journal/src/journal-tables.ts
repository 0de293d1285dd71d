import { dropMerkleLogTableSql, merkleLogTableSql } from '@icjims/integrity';
import { INSERTING_TRANSACTION_COLUMN } from '@icjims/messaging';
import { checkIdentifier } from './journal-spec';

/** The head columns every journal's head row has (`version`, `last_hash`), for its CREATE TABLE. */
export const JOURNAL_HEAD_COLUMNS_SQL = `version int NOT NULL DEFAULT 0 CHECK (version >= 0),
  last_hash text NOT NULL DEFAULT repeat('0', 64) CHECK (last_hash ~ '^[0-9a-f]{64}$')`;

/**
 * The DDL that makes a table append-only for everyone, owner and superusers included: row
 * triggers refuse UPDATE and DELETE, a statement trigger TRUNCATE (only a session that may
 * disable triggers gets past them, and then the chains and signed checkpoints show it).
 */
export function appendOnlySql(table: string): string[] {
  checkIdentifier(table);
  return [
    `CREATE FUNCTION ${table}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
     END $$`,
    `CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_refuse()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${table}_refuse()`,
  ];
}

export interface JournalTables {
  entries: {
    table: string;
    streamColumn: string;
    /** The head table the stream column references. */
    heads: { table: string; streamColumn: string };
    /** The journal's own columns, as DDL lines (`entry_type text NOT NULL`, …). */
    columnsSql: string[];
  };
  leaves: { table: string; entryColumn: string };
  tree: string;
}

/**
 * The DDL of a journal's storage, for a service's migration (its head table comes first,
 * with `JOURNAL_HEAD_COLUMNS_SQL`): the entries with the columns every journal has (id,
 * stream, sequence, prev_hash, hash, the recording transaction the sealer orders by), the
 * leaves (which leaf each sealed entry is) and the Merkle tree, all three append-only.
 */
export function journalTablesSql({ entries, leaves, tree }: JournalTables): string[] {
  [entries.table, entries.streamColumn, entries.heads.table, entries.heads.streamColumn, leaves.table, leaves.entryColumn].forEach(checkIdentifier);
  const hash = (column: string) => `${column} text NOT NULL CHECK (${column} ~ '^[0-9a-f]{64}$')`;
  return [
    `CREATE TABLE ${entries.table} (
       id uuid PRIMARY KEY,
       ${entries.streamColumn} uuid NOT NULL REFERENCES ${entries.heads.table} (${entries.heads.streamColumn}),
       sequence int NOT NULL CHECK (sequence > 0),
       ${[...entries.columnsSql, hash('prev_hash'), hash('hash'), INSERTING_TRANSACTION_COLUMN].join(',\n       ')},
       UNIQUE (${entries.streamColumn}, sequence)
     )`,
    // The sealer's order: recording transaction, stream, sequence.
    `CREATE INDEX ${entries.table}_commit_order ON ${entries.table} (transaction_id, ${entries.streamColumn}, sequence)`,
    ...appendOnlySql(entries.table),
    `CREATE TABLE ${leaves.table} (
       leaf_index bigint PRIMARY KEY CHECK (leaf_index >= 0),
       ${leaves.entryColumn} uuid NOT NULL UNIQUE REFERENCES ${entries.table} (id)
     )`,
    ...appendOnlySql(leaves.table),
    ...merkleLogTableSql(tree),
  ];
}

/** The DDL that undoes `journalTablesSql`, for a migration's `down`. */
export function dropJournalTablesSql({ entries, leaves, tree }: JournalTables): string[] {
  return [
    ...dropMerkleLogTableSql(tree),
    `DROP TABLE ${checkIdentifier(leaves.table)}`,
    `DROP FUNCTION ${leaves.table}_refuse()`,
    `DROP TABLE ${checkIdentifier(entries.table)}`,
    `DROP FUNCTION ${entries.table}_refuse()`,
  ];
}
