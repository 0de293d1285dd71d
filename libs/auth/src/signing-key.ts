import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { JWK, exportJWK, generateKeyPair, importJWK, KeyLike } from 'jose';

export const LOCAL_ISSUER = 'icjims-embedded';
export const LOCAL_AUDIENCE = 'icjims';
export const SIGNING_ALGORITHM = 'ES256';

export interface LocalSigningKey {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
}

/** Where the embedded default keeps its signing key. */
export function signingKeyPath(dataDir: string): string {
  return join(dataDir, 'auth', 'signing-key.jwk.json');
}

/**
 * Loads the installation's signing key, generating it on first use. Every service and the
 * token command of one checkout read the same file; creation is exclusive, so services
 * starting together agree on one key.
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<LocalSigningKey> {
  const path = signingKeyPath(dataDir);
  let stored: JWK;
  try {
    stored = JSON.parse(readFileSync(path, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    stored = await generateJwk();
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Write completely under a private name, then link: the key appears whole or not at all,
    // and link fails if another process published its key first.
    const draft = `${path}.${process.pid}.${Date.now()}`;
    writeFileSync(draft, JSON.stringify(stored), { mode: 0o600 });
    try {
      linkSync(draft, path);
    } catch (linkError) {
      if ((linkError as NodeJS.ErrnoException).code !== 'EEXIST') throw linkError;
      stored = JSON.parse(readFileSync(path, 'utf8')) as JWK; // another process won the race
    } finally {
      unlinkSync(draft);
    }
  }
  const { d: _private, ...publicJwk } = stored;
  return {
    kid: stored.kid ?? 'local',
    privateKey: (await importJWK(stored, SIGNING_ALGORITHM)) as KeyLike,
    publicKey: (await importJWK(publicJwk, SIGNING_ALGORITHM)) as KeyLike,
  };
}

async function generateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg: SIGNING_ALGORITHM, use: 'sig', kid: `local-${Date.now().toString(36)}` };
}
