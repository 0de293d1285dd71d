import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { treeHeadSigningBytes, TreeHeadSigner } from '@icjims/integrity';
import { changeLine, MemoryLog } from '../../libs/integrity/src/export/log-export.fixtures';

/** `npm run audit:verify` as an auditor runs it: a separate process, files in, exit status and text out; and the built file alone. */

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const run = promisify(execFile);

interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
}

async function auditVerify(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(TSX, ['tools/audit-verify.ts', ...args], { cwd: ROOT });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('audit-verify', () => {
  let folder: string;
  let log: MemoryLog;
  let keysFile: string;
  const file = (name: string, lines: string[]) => {
    const path = join(folder, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'icjims-audit-verify-'));
    const signer = TreeHeadSigner.open(join(folder, 'keys'));
    log = new MemoryLog(signer, 25);
    keysFile = join(folder, 'keys', 'keyring.json');
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('verifies a full export against the keyring and a checkpoint, exit 0 with a summary', async () => {
    const exported = file('full.ndjson', await log.exportLines({ scope: 'full' }));
    const checkpoint = file('checkpoints.ndjson', [JSON.stringify(log.head(12))]);
    const outcome = await auditVerify('--export', exported, '--keys', keysFile, '--checkpoint', checkpoint);
    expect(outcome.status).toBe(0);
    expect(outcome.stdout).toMatch(/^VERIFIED {2}audit\.access: full export of 25 records/);
    expect(outcome.stdout).toMatch(/size 25, root [0-9a-f]{64}/);
    expect(outcome.stdout).toMatch(/checkpoints {2}1 of your 1 compared/);
  });

  it('verifies a partial export with the PEM public key alone', async () => {
    const exported = file('partial.ndjson', await log.exportLines({ scope: 'partial', indexes: [2, 7, 24] }));
    const pem = join(folder, 'public.pem');
    writeFileSync(pem, log.signer.keyring()[0].publicKeyPem);
    const outcome = await auditVerify('--export', exported, '--keys', pem);
    expect(outcome.status).toBe(0);
    expect(outcome.stdout).toMatch(/partial export of 3 records/);
  });

  it.each<[string, (lines: string[]) => string[], RegExp]>([
    ['a changed field', (lines) => changeLine(lines, 5, (r) => ((r.fields as Record<string, unknown>).action = 'delete')), /line 5, leaf 3: leaf-hash: /],
    ['a removed line', (lines) => lines.filter((_, i) => i !== 9), /line 10, leaf 9: order: expected leaf 8 here: leaf 8 is missing/],
    ['reordered lines', (lines) => [lines[0], lines[2], lines[1], ...lines.slice(3)], /line 2, leaf 1: order: expected leaf 0 here/],
    ['a cut-off end', (lines) => lines.slice(0, 10), /line 10: completeness: .*cut short/],
  ])('names %s in a full export, exit 1', async (name, tamper, expected) => {
    const exported = file(`${name.replace(/\W+/g, '-')}.ndjson`, tamper(await log.exportLines({ scope: 'full' })));
    const outcome = await auditVerify('--export', exported, '--keys', keysFile);
    expect(outcome.status).toBe(1);
    expect(outcome.stdout).toMatch(/^NOT VERIFIED/);
    expect(outcome.stdout).toMatch(expected);
  });

  it('refuses a head signed by another key (wrong key) and a forged signature, exit 1', async () => {
    const stranger = generateKeyPairSync('ed25519');
    const strangerKeys = join(folder, 'stranger.pem');
    writeFileSync(strangerKeys, stranger.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const exported = file('signed.ndjson', await log.exportLines({ scope: 'full' }));
    const wrongKey = await auditVerify('--export', exported, '--keys', strangerKeys);
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stdout).toMatch(/line 1: signature: .*not in the keyring/);

    const head = log.head();
    const forgedHead = { ...head, signature: sign(null, treeHeadSigningBytes(head), stranger.privateKey).toString('base64') };
    const forged = file('forged.ndjson', await log.exportLines({ scope: 'full', treeHead: forgedHead }));
    const outcome = await auditVerify('--export', forged, '--keys', keysFile);
    expect(outcome.status).toBe(1);
    expect(outcome.stdout).toMatch(/line 1: signature: the tree head cannot be trusted: the signature does not verify with key/);
  });

  it('names a checkpoint the export is not consistent with, exit 1', async () => {
    const exported = file('partial-consistency.ndjson', await log.exportLines({ scope: 'partial', indexes: [1, 2], consistencyFrom: 10 }));
    // A head of size 10 the auditor kept, signed by the log's own key, of a different history.
    const otherHistory = log.signer.sign('audit.access', { treeSize: 10, rootHash: Buffer.alloc(32, 7) });
    const checkpoint = file('other-history.json', [JSON.stringify(otherHistory, null, 2)]);
    const outcome = await auditVerify('--export', exported, '--keys', keysFile, '--checkpoint', checkpoint);
    expect(outcome.status).toBe(1);
    expect(outcome.stdout).toMatch(/consistency: your checkpoint of size 10 .* the log was rewritten at or before leaf 9/);
    expect((await auditVerify('--export', exported, '--keys', keysFile, '--checkpoint', file('honest.json', [JSON.stringify(log.head(10))]))).status).toBe(0);
  });

  it('prints the verdict as JSON with --json', async () => {
    const exported = file('json.ndjson', await log.exportLines({ scope: 'full' }));
    const outcome = await auditVerify('--export', exported, '--keys', keysFile, '--json');
    expect(outcome.status).toBe(0);
    expect(JSON.parse(outcome.stdout)).toMatchObject({ valid: true, records: 25, problemCount: 0 });
  });

  it.each<[string, string[], RegExp]>([
    ['no arguments', [], /--export is required/],
    ['no keys', ['--export', 'x.ndjson'], /--keys is required/],
    ['an unknown option', ['--export', 'x', '--keys', 'y', '--fast'], /Unknown option '--fast'/],
    ['a missing export', ['--export', '/nonexistent/export.ndjson', '--keys', '/dev/null'], /(cannot read the export file|holds no keys|neither JSON nor PEM)/],
  ])('answers %s with the usage, exit 2', async (_, args, message) => {
    const outcome = await auditVerify(...args);
    expect(outcome.status).toBe(2);
    expect(outcome.stderr).toMatch(message);
    expect(outcome.stderr).toMatch(/usage: npm run audit:verify/);
  });

  it('answers an unreadable key file and a missing export with exit 2', async () => {
    const exported = file('fine.ndjson', await log.exportLines({ scope: 'full' }));
    expect((await auditVerify('--export', exported, '--keys', join(folder, 'nope.json'))).stderr).toMatch(/cannot read the key file/);
    const missing = await auditVerify('--export', join(folder, 'nope.ndjson'), '--keys', keysFile);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the export file .*ENOENT/);
  });
});

describe('dist/tools/audit-verify.js', () => {
  it('is one file that verifies an export with nothing but Node.js: no sources, no node_modules', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'icjims-audit-verify-dist-'));
    try {
      // The repository's own build configuration, for this one entry, into a folder of its own.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const webpack = require('webpack') as typeof import('webpack');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const config = (require(join(ROOT, 'webpack.config.js')) as (env: object) => import('webpack').Configuration)({});
      const built = join(folder, 'build');
      await new Promise<void>((done, fail) =>
        webpack({ ...config, entry: { 'tools/audit-verify': './tools/audit-verify.ts' }, output: { ...config.output, path: built } }, (error, stats) =>
          error || stats?.hasErrors() ? fail(error ?? new Error(stats!.toString('errors-only'))) : done(),
        ),
      );
      const auditor = join(folder, 'auditor');
      const log = new MemoryLog(TreeHeadSigner.open(join(folder, 'keys')), 9);
      mkdirSync(auditor);
      copyFileSync(join(built, 'tools/audit-verify.js'), join(auditor, 'audit-verify.js'));
      writeFileSync(join(auditor, 'export.ndjson'), `${(await log.exportLines({ scope: 'full' })).join('\n')}\n`);
      writeFileSync(join(auditor, 'key.pem'), log.signer.keyring()[0].publicKeyPem);
      const { stdout } = await run(process.execPath, ['audit-verify.js', '--export', 'export.ndjson', '--keys', 'key.pem'], { cwd: auditor, env: { PATH: '' } });
      expect(stdout).toMatch(/^VERIFIED {2}audit\.access: full export of 9 records/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
