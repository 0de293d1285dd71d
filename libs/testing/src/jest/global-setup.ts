import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Jest loads global setup outside its module mapper, so the path alias cannot be used here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../../persistence/src/embedded-postgres';

/**
 * Once per Jest run: PostgreSQL for every suite. DATABASE_URL points at an existing server;
 * otherwise an embedded one per Jest worker is started in a temporary folder, and each worker
 * takes its own (worker-postgres.ts). One server per worker, because what reads "below the
 * oldest open transaction" (the outbox relay, the journal sealers) waits for open transactions
 * of the whole server, other suites' included. Suites create their own databases on it (see
 * createTestDatabase).
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_POSTGRES_URL = process.env.DATABASE_URL;
    return;
  }
  const servers = await Promise.all(Array.from({ length: Math.max(1, globalConfig.maxWorkers) }, startOne));
  process.env.TEST_POSTGRES_URLS = servers.map((server) => server.url).join(' ');
  process.env.TEST_POSTGRES_URL = servers[0].url;
  (globalThis as { __ICJIMS_POSTGRES__?: EmbeddedPostgresHandle[] }).__ICJIMS_POSTGRES__ = servers;
}

function startOne(): Promise<EmbeddedPostgresHandle> {
  const folder = mkdtempSync(join(tmpdir(), 'icjims-test-'));
  chmodSync(folder, 0o755); // the server runs as the unprivileged postgres user when we are root
  return startEmbeddedPostgres({ dataDir: join(folder, 'postgres'), persistent: false, fast: true });
}
