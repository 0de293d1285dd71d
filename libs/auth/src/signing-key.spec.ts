import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { loadOrCreateSigningKey, signingKeyPath } from './signing-key';
import { issueLocalToken } from './token-issuer';
import { TokenVerifier } from './token-verifier';

/** Runs just before the module under test links its key file into place (a stand-in for another process). */
let mockBeforeLink: ((path: string) => void) | undefined;
jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof import('node:fs')>('node:fs');
  return { ...actual, linkSync: (existing: string, path: string) => (mockBeforeLink?.(path), actual.linkSync(existing, path)) };
});

function emptyDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'icjims-signing-'));
}

const officer = { sub: 'officer-1', roles: ['prosecutor' as const], region: 'KG-GB' };

describe('loadOrCreateSigningKey', () => {
  it('creates the key on first use and loads the same key on the next', async () => {
    const dataDir = emptyDataDir();
    const first = loadOrCreateSigningKey(dataDir);
    const second = loadOrCreateSigningKey(dataDir);

    expect(second.kid).toBe(first.kid);
    const token = await issueLocalToken(first, officer);
    await expect(TokenVerifier.local(second).verify(`Bearer ${token}`)).resolves.toMatchObject({ sub: 'officer-1' });
  });

  it('takes the key another process published between its look and its own link, and leaves no draft', async () => {
    const dataDir = emptyDataDir();
    const otherDir = emptyDataDir();
    const theirs = loadOrCreateSigningKey(otherDir);
    mockBeforeLink = (path) => copyFileSync(signingKeyPath(otherDir), path); // the other process links first
    const mine = loadOrCreateSigningKey(dataDir);
    mockBeforeLink = undefined;

    expect(mine.kid).toBe(theirs.kid);
    expect(mine.publicKey.export({ format: 'jwk' })).toEqual(theirs.publicKey.export({ format: 'jwk' }));
    expect(readdirSync(dirname(signingKeyPath(dataDir)))).toEqual(['signing-key.jwk.json']);
    await expect(TokenVerifier.local(mine).verify(`Bearer ${await issueLocalToken(theirs, officer)}`)).resolves.toMatchObject({ sub: 'officer-1' });
  });

  it('gives different folders different keys', async () => {
    const mine = loadOrCreateSigningKey(emptyDataDir());
    const theirs = loadOrCreateSigningKey(emptyDataDir());
    const token = await issueLocalToken(theirs, officer);
    await expect(TokenVerifier.local(mine).verify(`Bearer ${token}`)).rejects.toThrow(/signature/);
  });

  it('keeps the private key in a file only its owner can read (0600) in a 0700 folder', () => {
    const dataDir = emptyDataDir();
    loadOrCreateSigningKey(dataDir);
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

    const key = loadOrCreateSigningKey(dataDir);
    expect(key.kid).toBe('local-earlier');
    expect(key.publicKey.export({ format: 'jwk' })).toEqual({ kty: 'EC', crv: 'P-256', x: written.x, y: written.y });
    const token = await issueLocalToken(key, officer);
    await expect(TokenVerifier.local(key).verify(`Bearer ${token}`)).resolves.toMatchObject({ sub: 'officer-1' });
  });

  it('refuses a key file that is not an EC P-256 private key', () => {
    const dataDir = emptyDataDir();
    mkdirSync(dirname(signingKeyPath(dataDir)), { recursive: true });
    writeFileSync(signingKeyPath(dataDir), JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' }));
    expect(() => loadOrCreateSigningKey(dataDir)).toThrow(/not an ES256 \(EC P-256\) private key/);
  });

  it('refuses a key file that is not JSON rather than silently replacing the key', () => {
    const dataDir = emptyDataDir();
    mkdirSync(dirname(signingKeyPath(dataDir)), { recursive: true });
    writeFileSync(signingKeyPath(dataDir), 'not a key');
    expect(() => loadOrCreateSigningKey(dataDir)).toThrow(SyntaxError);
    expect(readFileSync(signingKeyPath(dataDir), 'utf8')).toBe('not a key');
  });
});
