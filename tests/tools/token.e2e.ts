import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';

/** `npm run token` as a user runs it: one token on stdout, and a word on stderr when the region is not the pack's. */

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const run = promisify(execFile);

async function token(env: Record<string, string>, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'icjims-token-'));
  try {
    const { stdout, stderr } = await run(TSX, ['tools/token.ts', ...args], { cwd: ROOT, env: { ...process.env, ICJIMS_JURISDICTION: '', ICJIMS_DATA_DIR: dataDir, ...env } });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run token', () => {
  it('mints a token for a region of the default pack (KG) without a word on stderr', async () => {
    const minted = await token({}, '--role', 'prosecutor', '--region', 'KG-GB');
    expect(minted).toMatchObject({ status: 0, stderr: '' });
    expect(decodeJwt(minted.stdout.trim())).toMatchObject({ roles: ['prosecutor'], region: 'KG-GB' });
  }, 30_000);

  it('still mints a token for a region the pack does not know, but warns and lists the pack’s regions', async () => {
    const minted = await token({}, '--role', 'prosecutor', '--region', 'EE-37');
    expect(minted.status).toBe(0);
    expect(decodeJwt(minted.stdout.trim())).toMatchObject({ region: 'EE-37' });
    expect(minted.stderr).toContain('EE-37 is not a region of the KG jurisdiction pack');
    expect(minted.stderr).toContain('KG-GB');
  }, 30_000);

  it('reads a pack file from ICJIMS_JURISDICTION_FILE, and says when it cannot check the region', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'icjims-token-pack-'));
    const packFile = join(folder, 'pack.json');
    writeFileSync(packFile, JSON.stringify({ code: 'ZZ', regions: [{ code: 'ZZ-1' }] }));
    expect(await token({ ICJIMS_JURISDICTION_FILE: packFile }, '--role', 'prosecutor', '--region', 'ZZ-1')).toMatchObject({ status: 0, stderr: '' });
    const elsewhere = (await token({ ICJIMS_JURISDICTION_FILE: packFile }, '--role', 'prosecutor', '--region', 'KG-GB')).stderr;
    expect(elsewhere).toContain(`KG-GB is not a region of the ZZ jurisdiction pack (ICJIMS_JURISDICTION_FILE=${packFile}); its regions: ZZ-1`);
    const unknown = await token({ ICJIMS_JURISDICTION: 'XX' }, '--role', 'prosecutor', '--region', 'KG-GB');
    expect(unknown.status).toBe(0);
    expect(decodeJwt(unknown.stdout.trim())).toMatchObject({ region: 'KG-GB' });
    expect(unknown.stderr).toContain('warning: region KG-GB not checked: ICJIMS_JURISDICTION=XX');
  }, 30_000);

  it('reads the pack from ICJIMS_JURISDICTION', async () => {
    expect(await token({ ICJIMS_JURISDICTION: 'EE' }, '--role', 'prosecutor', '--region', 'EE-37')).toMatchObject({ status: 0, stderr: '' });
    expect((await token({ ICJIMS_JURISDICTION: 'KZ' }, '--role', 'prosecutor', '--region', 'KG-GB')).stderr).toContain('not a region of the KZ jurisdiction pack');
  }, 30_000);
});
