import type { EntityManager } from 'typeorm';
import type { Statement } from '@icjims/persistence';
import { combineSubtrees, consistencyRanges, EMPTY_ROOT, inclusionRanges, LeafRange, nodeHash, Subtree, subtreesOf, TreeHead } from './merkle';

/**
 * A Merkle tree (RFC 9162) kept in one PostgreSQL table: a row for every complete subtree,
 * written once, when it completes — (level, idx) covers leaves [idx·2^level, (idx+1)·2^level).
 * That is just under two rows per leaf, and it is all any proof or earlier root needs: every
 * range an RFC 9162 proof names is a handful of such subtrees (see `subtreesOf`).
 *
 * - Appending a batch reads the right edge of the tree (one row per bit of the size) and
 *   writes the batch's leaves and the subtrees they complete in one INSERT: two round trips
 *   per batch, O(1) amortised hashing per leaf. A caller may read the edge with statements of
 *   its own (`rightEdgeQuery`) and send the INSERT with others (`appending`).
 * - A root at any earlier size, an inclusion or a consistency proof reads O(log n) rows by
 *   primary key in one query.
 * - The table is append-only in the database (see `merkleLogTableSql`); the caller serialises
 *   appends (it holds its own lock, as it does for the records the leaves stand for).
 *
 * The tree proves nothing by itself against someone who can rewrite the table: that is what
 * signed tree heads kept outside the database are for (TreeHeadSigner, CheckpointLog).
 */
export class MerkleLog {
  /** The statement that reads the right edge, for a caller to send with statements of its own; `rightEdgeOf` reads its rows. */
  readonly rightEdgeQuery: Statement;

  constructor(readonly table: string) {
    checkTableName(table);
    // Each edge node is read by its primary key whatever the statistics say: as a plain join, a
    // table analysed while it was small was read whole (a hash join, 2.5–3 ms at 10,000 rows).
    this.rightEdgeQuery = {
      text: `WITH size AS (SELECT coalesce(max(idx) + 1, 0) AS n FROM ${table} WHERE level = 0)
       SELECT size.n::text AS size, node.level, node.hash
       FROM size LEFT JOIN LATERAL (
         SELECT t.level, t.hash FROM generate_series(0, 62) AS bit
         CROSS JOIN LATERAL (SELECT level, hash FROM ${table} WHERE level = bit AND idx = (size.n >> bit) - 1 LIMIT 1) t
         WHERE ((size.n >> bit) & 1) = 1
       ) node ON true
       ORDER BY node.level DESC`,
    };
  }

  /** Appends leaf hashes (in order) and returns the new head. */
  async append(manager: EntityManager, leafHashes: readonly Buffer[]): Promise<TreeHead> {
    const { insert, head } = this.appending(await this.readRightEdge(manager), leafHashes);
    if (insert) await manager.query(insert.text, insert.values && [...insert.values]);
    return head;
  }

  /**
   * The INSERT that appends leaf hashes (in order) to the tree whose right edge is `rightEdge`
   * (read under the caller's lock, which it holds until the INSERT commits), and the head after
   * it; no INSERT when there are no leaves.
   */
  appending(rightEdge: RightEdge, leafHashes: readonly Buffer[]): { insert?: Statement; head: TreeHead } {
    const { treeSize, edge } = rightEdge;
    if (!leafHashes.length) return { head: { treeSize, rootHash: combineSubtrees(edge.map((node) => node.hash)) } };
    const stack = [...edge];
    const levels: number[] = [];
    const indexes: number[] = [];
    const hashes: Buffer[] = [];
    const write = (node: StoredNode) => {
      levels.push(node.level);
      indexes.push(node.index);
      hashes.push(node.hash);
    };
    leafHashes.forEach((hash, i) => {
      if (hash.length !== 32) throw new RangeError(`leaf hash ${i} of the batch is ${hash.length} bytes, not 32`);
      let node: StoredNode = { level: 0, index: treeSize + i, hash };
      write(node);
      // A right child completes its parent; the left sibling is the newest node on the edge.
      while (stack.length && stack[stack.length - 1].level === node.level) {
        const left = stack.pop()!;
        node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
        write(node);
      }
      stack.push(node);
    });
    return {
      insert: { text: `INSERT INTO ${this.table} (level, idx, hash) SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[])`, values: [levels, indexes, hashes] },
      head: { treeSize: treeSize + leafHashes.length, rootHash: combineSubtrees(stack.map((node) => node.hash)) },
    };
  }

  /** The current size and root. */
  async head(manager: EntityManager): Promise<TreeHead> {
    const { treeSize, edge } = await this.readRightEdge(manager);
    return { treeSize, rootHash: combineSubtrees(edge.map((node) => node.hash)) };
  }

  /** The root the tree had when it had `treeSize` leaves. */
  async rootAt(manager: EntityManager, treeSize: number): Promise<Buffer> {
    if (treeSize === 0) return EMPTY_ROOT;
    const [root] = await this.rangeHashes(manager, [{ start: 0, end: checkSize('treeSize', treeSize) }], treeSize);
    return root;
  }

  /** PATH(leafIndex, D[treeSize]) (RFC 9162 §2.1.3.1) and the root it leads to, read in one query. */
  async inclusionProofWithRoot(manager: EntityManager, leafIndex: number, treeSize: number): Promise<{ path: Buffer[]; root: Buffer }> {
    const hashes = await this.rangeHashes(manager, [...inclusionRanges(leafIndex, treeSize), { start: 0, end: treeSize }], treeSize);
    return { path: hashes.slice(0, -1), root: hashes[hashes.length - 1] };
  }

  /** The inclusion proofs of several leaves in the tree of `treeSize`, read in one query (for exports). */
  async inclusionProofs(manager: EntityManager, leafIndexes: readonly number[], treeSize: number): Promise<Map<number, Buffer[]>> {
    const plans = leafIndexes.map((leafIndex) => ({ leafIndex, ranges: inclusionRanges(leafIndex, treeSize) }));
    const nodes = await this.nodes(manager, plans.flatMap((plan) => plan.ranges.flatMap(subtreesOf)), treeSize);
    return new Map(plans.map((plan) => [plan.leafIndex, plan.ranges.map((range) => hashOfRange(range, nodes))]));
  }

  /**
   * PROOF(oldSize, D[newSize]) (RFC 9162 §2.1.4.1; empty when the sizes are equal or the old tree
   * is empty) and the two roots it links, read in one query.
   */
  async consistencyProofWithRoots(manager: EntityManager, oldSize: number, newSize: number): Promise<{ proof: Buffer[]; oldRoot: Buffer; newRoot: Buffer }> {
    const ranges = consistencyRanges(oldSize, newSize); // checks the sizes
    const whole = (size: number) => (size > 0 ? [{ start: 0, end: size }] : []);
    const hashes = await this.rangeHashes(manager, [...ranges, ...whole(oldSize), ...whole(newSize)], newSize);
    let next = ranges.length;
    const rootOf = (size: number) => (size > 0 ? hashes[next++] : EMPTY_ROOT);
    return { proof: hashes.slice(0, ranges.length), oldRoot: rootOf(oldSize), newRoot: rootOf(newSize) };
  }

  /** The stored leaf hashes [start, end), in order (for comparing the records against the tree); read them in pages. */
  async leaves(manager: EntityManager, start: number, end: number): Promise<Buffer[]> {
    const rows: { position: string; hash: Buffer }[] = await manager.query(
      `SELECT idx::text AS position, hash FROM ${this.table} WHERE level = 0 AND idx >= $1 AND idx < $2 ORDER BY idx`,
      [start, end],
    );
    for (let i = 0; i < end - start; i++) {
      if (Number(rows[i]?.position) !== start + i) throw new MerkleLogDamagedError(this.table, `it has no leaf ${start + i}`);
    }
    return rows.map((row) => row.hash);
  }

  private async rangeHashes(manager: EntityManager, ranges: LeafRange[], treeSize: number): Promise<Buffer[]> {
    const nodes = await this.nodes(manager, ranges.flatMap(subtreesOf), treeSize);
    return ranges.map((range) => hashOfRange(range, nodes));
  }

  /** The stored hashes of `subtrees`, in one query; all must exist. */
  private async nodes(manager: EntityManager, subtrees: Subtree[], treeSize: number): Promise<Map<string, Buffer>> {
    const nodes = new Map<string, Buffer>();
    if (!subtrees.length) return nodes;
    const wanted = [...new Map(subtrees.map((s) => [key(s.level, s.index), s])).values()]; // neighbouring leaves' paths share nodes
    const rows: { level: number; idx: string; hash: Buffer }[] = await manager.query(
      `SELECT node.level, node.idx::text AS idx, node.hash
       FROM unnest($1::int[], $2::bigint[]) AS wanted(level, idx)
       JOIN ${this.table} node ON node.level = wanted.level AND node.idx = wanted.idx`,
      [wanted.map((s) => s.level), wanted.map((s) => s.index)],
    );
    for (const row of rows) nodes.set(key(row.level, Number(row.idx)), row.hash);
    const missing = subtrees.find((s) => !nodes.has(key(s.level, s.index)));
    if (missing) throw new TreeSizeError(this.table, treeSize, missing);
    return nodes;
  }

  /** The size (one past the last leaf) and the complete subtrees on the right edge, largest first, from the rows of `rightEdgeQuery`. */
  rightEdgeOf(rows: readonly unknown[]): RightEdge {
    const read = rows as { size: string; level: number | null; hash: Buffer | null }[];
    const treeSize = Number(read[0].size);
    const edge = read
      .filter((row): row is { size: string; level: number; hash: Buffer } => row.level !== null && row.hash !== null)
      .map((row) => ({ level: row.level, index: Math.floor(treeSize / 2 ** row.level) - 1, hash: row.hash }));
    const expected = subtreesOf({ start: 0, end: treeSize });
    if (edge.length !== expected.length) {
      throw new MerkleLogDamagedError(this.table, `the right edge of the tree of ${treeSize} leaves has ${edge.length} of its ${expected.length} subtrees`);
    }
    return { treeSize, edge };
  }

  /** The right edge as it is now. */
  async readRightEdge(manager: EntityManager): Promise<RightEdge> {
    return this.rightEdgeOf(await manager.query(this.rightEdgeQuery.text));
  }
}

/** The tree's size and the complete subtrees on its right edge: what an append builds on. */
export interface RightEdge {
  treeSize: number;
  edge: StoredNode[];
}

export interface StoredNode extends Subtree {
  hash: Buffer;
}

const key = (level: number, index: number) => `${level}:${index}`;

function hashOfRange(range: LeafRange, nodes: Map<string, Buffer>): Buffer {
  return combineSubtrees(subtreesOf(range).map((s) => nodes.get(key(s.level, s.index))!));
}

function checkSize(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

/** A proof or root asked for a tree size the log has not reached (or whose rows are gone). */
export class TreeSizeError extends RangeError {
  constructor(
    readonly table: string,
    readonly treeSize: number,
    readonly missing: Subtree,
  ) {
    super(`${table} has no subtree at level ${missing.level}, index ${missing.index}: tree size ${treeSize} is beyond its head, or rows are missing`);
    this.name = 'TreeSizeError';
  }
}

/** The stored tree is not a tree: rows are missing where an append must have written them. */
export class MerkleLogDamagedError extends Error {
  constructor(
    readonly table: string,
    detail: string,
  ) {
    super(`${table} is damaged: ${detail}`);
    this.name = 'MerkleLogDamagedError';
  }
}

const TABLE_NAME = /^[a-z_][a-z0-9_]{0,50}$/;

function checkTableName(table: string): void {
  if (!TABLE_NAME.test(table)) throw new RangeError(`Merkle log table name "${table}" must match ${TABLE_NAME}`);
}

/**
 * The DDL of a Merkle log table, for a service's migration: the table, and triggers that
 * refuse UPDATE, DELETE and TRUNCATE for everyone, owner and superusers included (only a
 * session that may disable triggers gets past them, and then the signed checkpoints outside
 * the database show it). The trigger function keeps the schema it was created in.
 */
export function merkleLogTableSql(table: string): string[] {
  checkTableName(table);
  return [
    `CREATE TABLE ${table} (
       level smallint NOT NULL CHECK (level BETWEEN 0 AND 62),
       idx   bigint   NOT NULL CHECK (idx >= 0),
       hash  bytea    NOT NULL CHECK (octet_length(hash) = 32),
       PRIMARY KEY (level, idx)
     )`,
    `COMMENT ON TABLE ${table} IS 'RFC 9162 Merkle tree: one row per complete subtree (level, idx) covering leaves [idx*2^level, (idx+1)*2^level); append-only'`,
    `CREATE FUNCTION ${table}_refuse() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
     BEGIN
       RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
     END $$`,
    `CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_refuse()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${table}_refuse()`,
  ];
}

/** The DDL that undoes `merkleLogTableSql`, for a migration's `down`. */
export function dropMerkleLogTableSql(table: string): string[] {
  checkTableName(table);
  return [`DROP TABLE ${table}`, `DROP FUNCTION ${table}_refuse()`];
}
