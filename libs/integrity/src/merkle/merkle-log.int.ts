import { DataSource, EntityManager } from 'typeorm';
import { createUniqueDatabase } from '@icjims/persistence';
import { EMPTY_ROOT, leafHash, RootBuilder, rootOf, verifyConsistency, verifyInclusion } from './merkle';
import { dropMerkleLogTableSql, MerkleLog, merkleLogTableSql, TreeSizeError } from './merkle-log';

// The same database createTestDatabase (libs/testing) gives a suite; that lib is for services' tests.
const leaves = (from: number, count: number) => Array.from({ length: count }, (_, i) => leafHash(`entry ${from + i}`));

describe('MerkleLog on PostgreSQL', () => {
  let dataSource: DataSource;
  let manager: EntityManager;

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', url: await createUniqueDatabase(process.env.TEST_POSTGRES_URL, 'merkle_log') });
    await dataSource.initialize();
    manager = dataSource.manager;
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  async function freshLog(table: string): Promise<MerkleLog> {
    for (const statement of merkleLogTableSql(table)) await manager.query(statement);
    return new MerkleLog(table);
  }

  /** Counts the statements a piece of work sends. */
  async function countingQueries<T>(work: (counted: EntityManager) => Promise<T>): Promise<{ result: T; queries: number }> {
    let queries = 0;
    const counted = { query: (sql: string, parameters?: unknown[]) => ((queries += 1), manager.query(sql, parameters)) } as EntityManager;
    const result = await work(counted);
    return { result, queries };
  }

  it('starts empty, with the hash of no bytes as its root', async () => {
    const log = await freshLog('empty_tree');
    expect(await log.head(manager)).toEqual({ treeSize: 0, rootHash: EMPTY_ROOT });
    expect((await log.rootAt(manager, 0)).equals(EMPTY_ROOT)).toBe(true);
  });

  it('appends batches of odd sizes, and every root, inclusion and consistency proof up to 300 leaves verifies', async () => {
    const log = await freshLog('odd_batches');
    const all = leaves(0, 300);
    const batchSizes = [1, 3, 7, 1, 13, 2, 31, 1, 64, 5, 97, 75];
    expect(batchSizes.reduce((a, b) => a + b)).toBe(all.length);
    let size = 0;
    for (const batch of batchSizes) {
      const { result: head, queries } = await countingQueries((counted) => log.append(counted, all.slice(size, size + batch)));
      size += batch;
      expect(queries).toBe(2); // the right edge, then one INSERT for the whole batch
      expect(head.treeSize).toBe(size);
      expect(head.rootHash.equals(rootOf(all.slice(0, size)))).toBe(true);
    }
    expect(await log.head(manager)).toEqual({ treeSize: 300, rootHash: rootOf(all) });
    const [{ rows }] = await manager.query(`SELECT count(*)::int AS rows FROM odd_batches`).then((r: { rows: number }[]) => r);
    expect(rows).toBeLessThan(2 * 300);

    const roots = [EMPTY_ROOT];
    const builder = new RootBuilder();
    for (const leaf of all) {
      builder.push(leaf);
      roots.push(builder.root());
    }
    for (let treeSize = 1; treeSize <= 300; treeSize++) {
      expect((await log.rootAt(manager, treeSize)).equals(roots[treeSize])).toBe(true);
      const proofs = await log.inclusionProofs(manager, Array.from({ length: treeSize }, (_, i) => i), treeSize);
      for (let index = 0; index < treeSize; index++) {
        expect(verifyInclusion(index, treeSize, all[index], proofs.get(index)!, roots[treeSize])).toBe(true);
      }
      for (const oldSize of [1, Math.floor(treeSize / 2), treeSize - 1]) {
        const { proof } = await log.consistencyProofWithRoots(manager, oldSize, treeSize);
        expect(verifyConsistency(oldSize, treeSize, roots[oldSize], roots[treeSize], proof)).toBe(true);
      }
    }
    for (const [index, treeSize] of [[1, 2], [5, 300], [299, 300], [128, 129], [0, 1]]) {
      const { result, queries } = await countingQueries((counted) => log.inclusionProofWithRoot(counted, index, treeSize));
      expect(queries).toBe(1);
      expect(result.root).toEqual(roots[treeSize]);
      expect(verifyInclusion(index, treeSize, all[index], result.path, roots[treeSize])).toBe(true);
    }
    for (const [oldSize, newSize] of [[0, 0], [0, 7], [7, 7], [1, 2], [100, 300], [299, 300]]) {
      const { result, queries } = await countingQueries((counted) => log.consistencyProofWithRoots(counted, oldSize, newSize));
      expect(queries).toBe(newSize > 0 ? 1 : 0); // none for two empty trees
      expect({ oldRoot: result.oldRoot, newRoot: result.newRoot }).toEqual({ oldRoot: roots[oldSize], newRoot: roots[newSize] });
      expect(verifyConsistency(oldSize, newSize, result.oldRoot, result.newRoot, result.proof)).toBe(true);
    }
    expect(await log.leaves(manager, 10, 20)).toEqual(all.slice(10, 20));
  }, 120_000); // some 1,800 queries: slow when the machine is busy

  it('reads the right edge by primary key, not the whole table, when its statistics date from when it was small', async () => {
    const log = await freshLog('analysed_small');
    let size = 0;
    for (; size < 100; size += 25) await log.append(manager, leaves(size, 25));
    await manager.query(`ANALYZE analysed_small`); // as autovacuum does early on; then the log grows fast
    for (; size < 5000; size += 25) await log.append(manager, leaves(size, 25));
    const [{ 'QUERY PLAN': [plan] }] = await manager.query(`EXPLAIN (FORMAT JSON) ${log.rightEdgeQuery.text}`);
    const scans: string[] = [];
    const walk = (node: { 'Node Type': string; 'Relation Name'?: string; Plans?: unknown[] }) => {
      if (node['Relation Name'] === 'analysed_small') scans.push(node['Node Type']);
      for (const child of node.Plans ?? []) walk(child as typeof node);
    };
    walk(plan.Plan);
    expect(scans.sort()).toEqual(['Index Only Scan', 'Index Scan']); // the size, then each edge node
    expect(await log.head(manager)).toEqual({ treeSize: 5000, rootHash: rootOf(leaves(0, 5000)) });
  });

  it('refuses a size beyond its head with a typed error', async () => {
    const log = await freshLog('beyond_head');
    await log.append(manager, leaves(0, 5));
    await expect(log.rootAt(manager, 6)).rejects.toBeInstanceOf(TreeSizeError);
    await expect(log.inclusionProofWithRoot(manager, 2, 7)).rejects.toBeInstanceOf(TreeSizeError);
    await expect(log.consistencyProofWithRoots(manager, 3, 9)).rejects.toBeInstanceOf(TreeSizeError);
    await expect(log.consistencyProofWithRoots(manager, 4, 3)).rejects.toBeInstanceOf(RangeError);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused, even for the owner', async () => {
    const log = await freshLog('append_only');
    await log.append(manager, leaves(0, 4));
    await expect(manager.query(`UPDATE append_only SET hash = $1 WHERE level = 0 AND idx = 1`, [Buffer.alloc(32)])).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(manager.query(`DELETE FROM append_only WHERE level = 2`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(manager.query(`TRUNCATE append_only`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    await expect(manager.query(`INSERT INTO append_only (level, idx, hash) VALUES (0, 1, $1)`, [Buffer.alloc(32)])).rejects.toThrow(/duplicate key/);
    expect((await log.head(manager)).rootHash.equals(rootOf(leaves(0, 4)))).toBe(true);
  });

  describe('rows rewritten behind the triggers’ back (session_replication_role = replica)', () => {
    const all = leaves(0, 40);
    let signed: { size40: Buffer; size20: Buffer };

    async function tamperedLog(table: string, level: number, index: number): Promise<MerkleLog> {
      const log = await freshLog(table);
      const head = await log.append(manager, all);
      signed = { size40: head.rootHash, size20: await log.rootAt(manager, 20) };
      await dataSource.transaction(async (tx) => {
        await tx.query(`SET LOCAL session_replication_role = replica`);
        await tx.query(`UPDATE ${table} SET hash = $1 WHERE level = $2 AND idx = $3`, [leafHash('forged'), level, index]);
      });
      return log;
    }

    it('a rewritten leaf: the root recomputed from the stored leaves no longer matches the signed root', async () => {
      const log = await tamperedLog('tampered_leaf', 0, 5);
      expect(rootOf(await log.leaves(manager, 0, 40)).equals(signed.size40)).toBe(false);
      const [stored] = await log.leaves(manager, 5, 6);
      expect(verifyInclusion(5, 40, stored, (await log.inclusionProofWithRoot(manager, 5, 40)).path, signed.size40)).toBe(false);
    });

    it('a rewritten inner node: earlier roots and the proofs through it no longer match what was signed', async () => {
      const log = await tamperedLog('tampered_node', 4, 0);
      expect((await log.rootAt(manager, 20)).equals(signed.size20)).toBe(false);
      expect(verifyInclusion(17, 40, all[17], (await log.inclusionProofWithRoot(manager, 17, 40)).path, signed.size40)).toBe(false);
      expect(verifyConsistency(20, 40, signed.size20, signed.size40, (await log.consistencyProofWithRoots(manager, 20, 40)).proof)).toBe(false);
    });

    it('a rewritten top node: the head no longer matches the signed root', async () => {
      const log = await tamperedLog('tampered_top', 5, 0);
      expect((await log.head(manager)).rootHash.equals(signed.size40)).toBe(false);
    });
  });

  it('drops cleanly for a migration’s down', async () => {
    await freshLog('dropped');
    for (const statement of dropMerkleLogTableSql('dropped')) await manager.query(statement);
    const rows = await manager.query(`SELECT to_regclass('dropped') AS t`);
    expect(rows[0].t).toBeNull();
  });

  it.each(['Access', 'a-b', 'x;drop table y', '1tree', ''])('refuses the table name "%s"', (table) => {
    expect(() => new MerkleLog(table)).toThrow(RangeError);
    expect(() => merkleLogTableSql(table)).toThrow(RangeError);
  });
});
