import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase } from '@icjims/testing';
import { entriesRefreshSql } from './entries-refresh';

/**
 * entriesRefreshSql on tables of its own: the entries of a case recomputed from a source table and
 * two cubes moved by the difference in one statement — one with a count, one with two counts —
 * equal after every change to the cubes computed from the source directly (cells netting to zero
 * left behind, as no cells), unchanged entries not rewritten.
 */
describe('entriesRefreshSql', () => {
  let client: Client;
  const cube = (key: readonly string[], counts: readonly string[], name: string) => ({ name, columns: [...key, ...counts], key, counts });
  const refresh = entriesRefreshSql(
    {
      fresh: `fresh AS (SELECT case_id, item, category, amount FROM source WHERE case_id IN ($1::uuid))`,
      entries: { name: 'items', columns: ['case_id', 'item', 'category', 'amount'], key: ['case_id', 'item'] },
      cube: cube(['category'], ['items'], 'by_category'),
      cells: (from, weight) => `SELECT st.category, sum(${weight}) AS items FROM ${from} GROUP BY 1`,
      moreCubes: [
        {
          cube: cube(['category', 'large'], ['items', 'total'], 'by_size'),
          cells: (from, weight) => `SELECT st.category, st.amount >= 10 AS large, sum(${weight}) AS items, sum(${weight} * st.amount) AS total FROM ${from} GROUP BY 1, 2`,
        },
      ],
    },
    '$1::uuid',
  );

  beforeAll(async () => {
    client = new Client({ connectionString: await createTestDatabase('entries_refresh') });
    await client.connect();
    await client.query(`
      CREATE TABLE source (case_id uuid, item int, category text, amount int);
      CREATE TABLE items (case_id uuid, item int, category text, amount int, PRIMARY KEY (case_id, item));
      CREATE TABLE by_category (category text PRIMARY KEY, items int NOT NULL);
      CREATE TABLE by_size (category text, large boolean, items int NOT NULL, total int NOT NULL, PRIMARY KEY (category, large))`);
  });
  afterAll(() => client?.end());

  const rows = async (sql: string) => (await client.query(sql)).rows;
  async function expectCubesOfSource(): Promise<void> {
    expect(await rows(`SELECT category, items FROM by_category WHERE items <> 0 ORDER BY 1`)).toEqual(
      await rows(`SELECT category, count(*)::int AS items FROM source GROUP BY 1 ORDER BY 1`),
    );
    expect(await rows(`SELECT category, large, items, total FROM by_size WHERE items <> 0 OR total <> 0 ORDER BY 1, 2`)).toEqual(
      await rows(`SELECT category, amount >= 10 AS large, count(*)::int AS items, sum(amount)::int AS total FROM source GROUP BY 1, 2 ORDER BY 1, 2`),
    );
    expect(await rows(`SELECT * FROM items ORDER BY case_id, item`)).toEqual(await rows(`SELECT * FROM source ORDER BY case_id, item`));
  }

  it('moves every cube by the difference of a case’s entries, in one statement', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await client.query(`INSERT INTO source VALUES ($1, 1, 'x', 5), ($1, 2, 'x', 12), ($1, 3, 'y', 1), ($2, 1, 'x', 20)`, [a, b]);
    for (const id of [a, b]) await client.query(refresh, [id]);
    await expectCubesOfSource();

    // A changed entry, a gone one, a new one; the other case untouched.
    await client.query(`UPDATE source SET amount = 3 WHERE case_id = $1 AND item = 2`, [a]);
    await client.query(`DELETE FROM source WHERE case_id = $1 AND item = 3`, [a]);
    await client.query(`INSERT INTO source VALUES ($1, 4, 'z', 11)`, [a]);
    const untouched = await rows(`SELECT xmin::text AS version, item FROM items WHERE case_id = '${a}' AND item = 1`);
    await client.query(refresh, [a]);
    await expectCubesOfSource();
    // Category y counts nothing now: its cells stay at zero.
    expect(await rows(`SELECT items FROM by_category WHERE category = 'y'`)).toEqual([{ items: 0 }]);
    expect(await rows(`SELECT xmin::text AS version, item FROM items WHERE case_id = '${a}' AND item = 1`)).toEqual(untouched);

    // Refreshed again with nothing changed: nothing moves.
    const before = await rows(`SELECT * FROM by_size ORDER BY 1, 2`);
    await client.query(refresh, [a]);
    expect(await rows(`SELECT * FROM by_size ORDER BY 1, 2`)).toEqual(before);
  });
});
