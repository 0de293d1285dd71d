/**
 * An embedded PostgreSQL in a process of its own, for a fault test to stop and start (Jest's
 * module sandbox cannot load the binaries' package): `tsx postgres-server.ts DATA_DIR PORT`
 * prints `url=<url>` once it serves, and on SIGTERM stops it (a fast shutdown) and exits.
 */
import { startEmbeddedPostgres } from '../../../libs/persistence/src/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const server = await startEmbeddedPostgres({ dataDir, port: Number(port) });
  process.stdout.write(`url=${server.url}\n`);
  process.once('SIGTERM', () => {
    void server.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
