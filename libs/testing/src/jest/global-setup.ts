import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Jest loads global setup outside its module mapper, so the path alias cannot be used here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startEmbeddedPostgres } from '../../../persistence/src/embedded-postgres';

/**
 * Once per Jest run: a PostgreSQL server for every suite. DATABASE_URL points at an
 * existing server; otherwise an embedded one is started in a temporary folder. Suites
 * create their own databases on it (see createTestDatabase).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_POSTGRES_URL = process.env.DATABASE_URL;
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), 'icjims-test-'));
  chmodSync(folder, 0o755); // the server runs as the unprivileged postgres user when we are root
  const dataDir = join(folder, 'postgres');
  const server = await startEmbeddedPostgres({ dataDir, persistent: false, fast: true });
  process.env.TEST_POSTGRES_URL = server.url;
  (globalThis as { __ICJIMS_POSTGRES__?: typeof server }).__ICJIMS_POSTGRES__ = server;
}
