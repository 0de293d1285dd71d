import { Client } from 'pg';
import { createTestDatabase } from './database';

describe('createTestDatabase', () => {
  it('gives each caller a separate, empty, reachable database', async () => {
    const [first, second] = await Promise.all([createTestDatabase('a'), createTestDatabase('a')]);
    expect(first).not.toEqual(second);
    const client = new Client({ connectionString: first });
    await client.connect();
    const { rows } = await client.query("select count(*)::int as n from information_schema.tables where table_schema = 'public'");
    await client.end();
    expect(rows[0].n).toBe(0);
  });
});
