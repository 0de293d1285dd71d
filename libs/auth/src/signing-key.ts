import { createPrivateKey, createPublicKey, generateKeyPairSync, JsonWebKey, KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const LOCAL_ISSUER = 'icjims-embedded';
export const LOCAL_AUDIENCE = 'icjims';
export const SIGNING_ALGORITHM = 'ES256';

export interface LocalSigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** The key file: an EC P-256 private key as a JWK, with its `kid`, `alg` and `use`. */
type StoredKey = JsonWebKey & { kid?: string; alg?: string; use?: string };

/** Where the embedded default keeps its signing key. */
export function signingKeyPath(dataDir: string): string {
  return join(dataDir, 'auth', 'signing-key.jwk.json');
}

/**
 * Loads the installation's signing key, generating it on first use. Every service and the
 * token command of one checkout read the same file; creation is exclusive, so services
 * starting together agree on one key. Node's own crypto reads and makes it (the token command
 * starts faster without loading jose; the services' verifier takes the same key objects).
 */
export function loadOrCreateSigningKey(dataDir: string): LocalSigningKey {
  const path = signingKeyPath(dataDir);
  let stored: StoredKey;
  try {
    stored = JSON.parse(readFileSync(path, 'utf8')) as StoredKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    stored = generateJwk();
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Write completely under a private name, then link: the key appears whole or not at all,
    // and link fails if another process published its key first.
    const draft = `${path}.${process.pid}.${Date.now()}`;
    writeFileSync(draft, JSON.stringify(stored), { mode: 0o600 });
    try {
      linkSync(draft, path);
    } catch (linkError) {
      if ((linkError as NodeJS.ErrnoException).code !== 'EEXIST') throw linkError;
      stored = JSON.parse(readFileSync(path, 'utf8')) as StoredKey; // another process won the race
    } finally {
      unlinkSync(draft);
    }
  }
  const { kty, crv, x, y, d } = stored;
  if (kty !== 'EC' || crv !== 'P-256' || !d) throw new Error(`${path} is not an ${SIGNING_ALGORITHM} (EC P-256) private key`);
  return {
    kid: stored.kid ?? 'local',
    privateKey: createPrivateKey({ key: { kty, crv, x, y, d }, format: 'jwk' }),
    publicKey: createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' }),
  };
}

function generateJwk(): StoredKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...privateKey.export({ format: 'jwk' }), alg: SIGNING_ALGORITHM, use: 'sig', kid: `local-${Date.now().toString(36)}` };
}
