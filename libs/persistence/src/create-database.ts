import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Creates a new, uniquely named database on the server at `serverUrl` and returns its URL. */
export async function createUniqueDatabase(serverUrl: string | undefined, label: string): Promise<string> {
  if (!serverUrl) throw new Error('no PostgreSQL server URL (in tests: run them through jest, whose global setup sets TEST_POSTGRES_URL)');
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
