import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { TreeHeadSigner, verifyTreeHead } from '@icjims/integrity';

/** `npm run signing-keys` as an operator runs it, against the key folder the services use. */

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const run = promisify(execFile);

async function signingKeys(dataDir: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ['tools/signing-keys.ts', ...args], { cwd: ROOT, env: { ...process.env, ICJIMS_DATA_DIR: dataDir, ICJIMS_TRANSPARENCY_KEY_DIR: '' } });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('signing-keys', () => {
  it('shows the keyring of the installation’s key folder, and rotates so that earlier tree heads still verify', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'icjims-keys-'));
    const keyDir = join(dataDir, 'transparency', 'keys');
    const service = TreeHeadSigner.open(keyDir);
    const before = service.sign('audit.access', { treeSize: 1, rootHash: Buffer.alloc(32, 7) });

    const shown = await signingKeys(dataDir, 'show');
    expect(shown.status).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ keyDir, currentKeyId: before.keyId, keyring: [{ keyId: before.keyId }] });

    const rotated = await signingKeys(dataDir, 'rotate');
    expect(rotated.status).toBe(0);
    const { currentKeyId, keyring } = JSON.parse(rotated.stdout);
    expect(currentKeyId).not.toBe(before.keyId);
    expect(keyring).toEqual([
      expect.objectContaining({ keyId: before.keyId, retiredAt: expect.any(String) }),
      expect.objectContaining({ keyId: currentKeyId }),
    ]);
    // The running service signs with the new key from its next tree head; the old head still verifies.
    const after = service.sign('audit.access', { treeSize: 2, rootHash: Buffer.alloc(32, 8) });
    expect(after.keyId).toBe(currentKeyId);
    expect(verifyTreeHead(before, keyring)).toBe(true);
    expect(verifyTreeHead(after, keyring)).toBe(true);
  }, 60_000);

  it('refuses an unknown command with its usage and exit status 2', async () => {
    const outcome = await signingKeys(mkdtempSync(join(tmpdir(), 'icjims-keys-')), 'delete');
    expect(outcome).toMatchObject({ status: 2, stderr: expect.stringContaining('show|rotate') });
  }, 30_000);
});
