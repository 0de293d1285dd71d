import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK, JWTPayload, KeyLike, SignJWT } from 'jose';
import { UnauthenticatedError } from '@icjims/contracts';
import { TokenVerifier } from './token-verifier';

const ISSUER = 'https://idp.test.invalid/realms/icjims';
const AUDIENCE = 'icjims-api';
const KID = 'idp-key-1';

interface IdentityProvider {
  jwksUrl: string;
  privateKey: KeyLike;
  /** How many times the JWKS was fetched. */
  fetches(): number;
  close(): Promise<void>;
}

/** A JWKS endpoint on 127.0.0.1 publishing one RS256 public key, as an OIDC provider would. */
async function startIdentityProvider(): Promise<IdentityProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  let fetches = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/jwks') {
      response.writeHead(404).end();
      return;
    }
    fetches++;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/jwks`,
    privateKey,
    fetches: () => fetches,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface IdpTokenSpec {
  issuer?: string;
  audience?: string;
  kid?: string;
  signingKey?: KeyLike;
  claims?: JWTPayload;
}

function idpToken(idp: IdentityProvider, spec: IdpTokenSpec = {}): Promise<string> {
  return new SignJWT({ roles: ['auditor'], region: 'national', ...spec.claims })
    .setProtectedHeader({ alg: 'RS256', kid: spec.kid ?? KID, typ: 'JWT' })
    .setSubject('auditor-9')
    .setIssuer(spec.issuer ?? ISSUER)
    .setAudience(spec.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(spec.signingKey ?? idp.privateKey);
}

async function refusalOf(verifier: TokenVerifier, token: string): Promise<UnauthenticatedError> {
  const outcome: unknown = await verifier.verify(`Bearer ${token}`).then(
    (principal) => ({ unexpectedlyAccepted: principal }),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(UnauthenticatedError);
  return outcome as UnauthenticatedError;
}

describe('TokenVerifier.oidc against a JWKS endpoint', () => {
  let idp: IdentityProvider;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    idp = await startIdentityProvider();
    verifier = TokenVerifier.oidc({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: idp.jwksUrl });
  });
  afterAll(() => idp.close());

  it('accepts a token the provider signed and maps its claims to a principal', async () => {
    const token = await idpToken(idp);
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({ sub: 'auditor-9', roles: ['auditor'], region: undefined });
    expect(idp.fetches()).toBeGreaterThanOrEqual(1);
  });

  it('refuses a token with the right key but another issuer', async () => {
    const token = await idpToken(idp, { issuer: 'https://other-idp.test.invalid' });
    const error = await refusalOf(verifier, token);
    expect(error.message).toMatch(/iss/);
  });

  it('refuses a token with the right key but another audience', async () => {
    const token = await idpToken(idp, { audience: 'another-client' });
    const error = await refusalOf(verifier, token);
    expect(error.message).toMatch(/aud/);
  });

  it('refuses a token whose kid the provider does not publish', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await idpToken(idp, { kid: 'rogue-key', signingKey: privateKey });
    const error = await refusalOf(verifier, token);
    expect(error.message).toMatch(/known key/);
  });

  it('refuses a token that claims the published kid but was signed by another key', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await idpToken(idp, { signingKey: privateKey });
    const error = await refusalOf(verifier, token);
    expect(error.message).toMatch(/signature/);
  });

  it('refuses every token while the JWKS endpoint is unreachable', async () => {
    const gone = await startIdentityProvider();
    const token = await idpToken(gone);
    await gone.close();
    const orphan = TokenVerifier.oidc({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: gone.jwksUrl });
    await refusalOf(orphan, token);
  });
});
