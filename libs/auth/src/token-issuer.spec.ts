import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, importJWK, JWK, jwtVerify } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateSigningKey, LocalSigningKey } from './signing-key';
import { issueLocalToken } from './token-issuer';
import { TokenVerifier } from './token-verifier';

describe('issueLocalToken', () => {
  let key: LocalSigningKey;
  beforeAll(() => void (key = loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'icjims-issuer-')))));

  it('signs a compact JWS, ES256, with the key id, that a JOSE library verifies against the public key', async () => {
    const token = await issueLocalToken(key, { sub: 'officer-7', roles: ['prosecutor'], region: 'KG-GB', ttlSeconds: 120 });

    expect(token.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: key.kid, typ: 'JWT' });
    const publicJwk = key.publicKey.export({ format: 'jwk' }) as JWK;
    const { payload } = await jwtVerify(token, await importJWK(publicJwk, 'ES256'), { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: ['ES256'] });
    expect(payload).toMatchObject({ sub: 'officer-7', roles: ['prosecutor'], region: 'KG-GB', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(120);
    expect(Math.abs((payload.iat ?? 0) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('leaves out the region of a national token and carries a probation office; lasts eight hours by default', async () => {
    const national = decodeJwt(await issueLocalToken(key, { sub: 'analyst-1', roles: ['analyst'] }));
    expect(national).not.toHaveProperty('region');
    expect(national).not.toHaveProperty('office');
    expect((national.exp ?? 0) - (national.iat ?? 0)).toBe(8 * 3600);

    const officer = decodeJwt(await issueLocalToken(key, { sub: 'po-1', roles: ['probation_officer'], region: 'KG-C', office: 'KG-C-01' }));
    expect(officer).toMatchObject({ roles: ['probation_officer'], region: 'KG-C', office: 'KG-C-01' });
  });

  it('is accepted by the services’ verifier of the same key and refused by another installation’s', async () => {
    const token = await issueLocalToken(key, { sub: 'officer-1', roles: ['prosecutor', 'investigator'], region: 'KG-O' });
    await expect(TokenVerifier.local(key).verify(`Bearer ${token}`)).resolves.toMatchObject({ sub: 'officer-1', roles: ['prosecutor', 'investigator'], region: 'KG-O' });
    const other = loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'icjims-issuer-')));
    await expect(TokenVerifier.local(other).verify(`Bearer ${token}`)).rejects.toThrow(/signature/);
  });
});
