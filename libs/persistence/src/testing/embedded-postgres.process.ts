// Test helper run in its own Node process (Jest's module sandbox cannot load the ESM package
// of the binaries): starts the embedded PostgreSQL in the folder given as argument, prints its
// URL as one JSON line, and stops it on SIGTERM.
import { startEmbeddedPostgres } from '../embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, persistent] = process.argv.slice(2);
  const server = await startEmbeddedPostgres({ dataDir, fast: true, persistent: persistent !== 'throwaway' });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
