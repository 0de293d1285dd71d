// A bad setting stops the start with one line naming it, before anything is started: the
// embedded launcher (`npm start`'s entry point, every service's schema) and a service started
// alone (`main.js` of one service). The entry points run from their sources through tsx, which
// is enough here (the refusal comes before Nest builds anything) and spares a webpack build;
// tests/e2e/service-process.e2e.ts starts the built dist/apps/<service>/main.js likewise.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string[];
}

/** Runs an entry point until it exits by itself, with the shell's database, bus and identity settings cleared. */
function start(entry: string, env: Record<string, string>): Promise<Outcome> {
  const dataDir = mkdtempSync(join(tmpdir(), 'icjims-config-start-'));
  const cleared = { DATABASE_URL: '', DATABASE_MIGRATION_URL: '', KAFKA_BROKERS: '', OIDC_ISSUER: '', OIDC_AUDIENCE: '', OIDC_JWKS_URL: '', ICJIMS_JURISDICTION: '' };
  const child = spawn(process.execPath, [TSX, entry], { cwd: ROOT, env: { ...process.env, ...cleared, ICJIMS_DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('exit', (code) => done({ code, stdout, stderr: stderr.trim().split('\n') })));
}

describe('a bad setting at start', () => {
  let launcher: Outcome;
  let alone: Outcome;

  beforeAll(async () => {
    [launcher, alone] = await Promise.all([
      start('apps/embedded/src/main.ts', { ICJIMS_DATADIR: '/tmp/typo', ANALYTICS_MIN_CELL_SIZE: 'zero' }),
      start('apps/case-registry/src/main.ts', { ICJIMS_DEPLOYMENT: 'cluster' }),
    ]);
  }, 120_000);

  it('stops the embedded launcher with one line naming a service’s own variable, after a warning about an unknown ICJIMS_* one', () => {
    expect(launcher).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        'warning: ICJIMS_DATADIR is set but not read by any service (a typo?); docs/operations.md lists every variable',
        'Invalid configuration: ANALYTICS_MIN_CELL_SIZE must be an integer of at least 1 (got "zero")',
      ],
    });
  });

  it('stops a service started alone in a cluster without a shared way to verify tokens, saying what it needs', () => {
    expect(alone.code).toBe(1);
    expect(alone.stderr).toHaveLength(1);
    expect(alone.stderr[0]).toMatch(/^Invalid configuration: ICJIMS_DEPLOYMENT=cluster needs OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL, or a signing key shared by every replica at .*signing-key\.jwk\.json/);
  });
});
