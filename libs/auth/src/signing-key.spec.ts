import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { loadOrCreateSigningKey, signingKeyPath } from './signing-key';
import { issueLocalToken } from './token-issuer';
import { TokenVerifier } from './token-verifier';

function emptyDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'icjims-signing-'));
}

const officer = { sub: 'officer-1', roles: ['prosecutor' as const], region: 'KG-GB' };

describe('loadOrCreateSigningKey', () => {
  it('creates the key on first use and loads the same key on the next', async () => {
    const dataDir = emptyDataDir();
    const first = await loadOrCreateSigningKey(dataDir);
    const second = await loadOrCreateSigningKey(dataDir);

    expect(second.kid).toBe(first.kid);
    const token = await issueLocalToken(first, officer);
    await expect(TokenVerifier.local(second).verify(`Bearer ${token}`)).resolves.toMatchObject({ sub: 'officer-1' });
  });

  it('makes two concurrent first loads in one folder agree on one key', async () => {
    const dataDir = emptyDataDir();
    const [one, other] = await Promise.all([loadOrCreateSigningKey(dataDir), loadOrCreateSigningKey(dataDir)]);

    expect(other.kid).toBe(one.kid);
    const fromOne = await issueLocalToken(one, officer);
    const fromOther = await issueLocalToken(other, officer);
    await expect(TokenVerifier.local(other).verify(`Bearer ${fromOne}`)).resolves.toMatchObject({ sub: 'officer-1' });
    await expect(TokenVerifier.local(one).verify(`Bearer ${fromOther}`)).resolves.toMatchObject({ sub: 'officer-1' });
  });

  it('gives different folders different keys', async () => {
    const mine = await loadOrCreateSigningKey(emptyDataDir());
    const theirs = await loadOrCreateSigningKey(emptyDataDir());
    const token = await issueLocalToken(theirs, officer);
    await expect(TokenVerifier.local(mine).verify(`Bearer ${token}`)).rejects.toThrow(/signature/);
  });

  it('keeps the private key in a file only its owner can read (0600) in a 0700 folder', async () => {
    const dataDir = emptyDataDir();
    await loadOrCreateSigningKey(dataDir);
    const path = signingKeyPath(dataDir);

    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String), d: expect.any(String) });
  });

  it('reads a key file written before it was made with Node’s own crypto (by jose): same JWK, same key', async () => {
    const dataDir = emptyDataDir();
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const written = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'local-earlier' };
    mkdirSync(dirname(signingKeyPath(dataDir)), { recursive: true });
    writeFileSync(signingKeyPath(dataDir), JSON.stringify(written));

    const key = await loadOrCreateSigningKey(dataDir);
    expect(key.kid).toBe('local-earlier');
    expect(key.publicKey.export({ format: 'jwk' })).toEqual({ kty: 'EC', crv: 'P-256', x: written.x, y: written.y });
    const token = await issueLocalToken(key, officer);
    await expect(TokenVerifier.local(key).verify(`Bearer ${token}`)).resolves.toMatchObject({ sub: 'officer-1' });
  });

  it('refuses a key file that is not an EC P-256 private key', async () => {
    const dataDir = emptyDataDir();
    mkdirSync(dirname(signingKeyPath(dataDir)), { recursive: true });
    writeFileSync(signingKeyPath(dataDir), JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' }));
    await expect(loadOrCreateSigningKey(dataDir)).rejects.toThrow(/not an ES256 \(EC P-256\) private key/);
  });

  it('refuses a key file that is not JSON rather than silently replacing the key', async () => {
    const dataDir = emptyDataDir();
    mkdirSync(dirname(signingKeyPath(dataDir)), { recursive: true });
    writeFileSync(signingKeyPath(dataDir), 'not a key');
    await expect(loadOrCreateSigningKey(dataDir)).rejects.toThrow(SyntaxError);
    expect(readFileSync(signingKeyPath(dataDir), 'utf8')).toBe('not a key');
  });
});
