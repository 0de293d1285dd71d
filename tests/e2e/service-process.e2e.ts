import { createServer, Server } from 'node:http';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { freePort } from '@icjims/persistence';
import { createTestDatabase, http } from '@icjims/testing';
import { build, startProcess, tempFolder, tokenMinter, waitForHealth } from './support/processes';

/** How a service started alone (`node dist/apps/<service>/main.js`) reads its environment. */
describe('a service started alone', () => {
  beforeAll(() => build('case-registry', 'analytics'), 120_000);

  it.each([
    ['case-registry', { PORT: 'abc' }, 'PORT'],
    ['case-registry', { DATABASE_URL: 'mysql://db/icjims' }, 'DATABASE_URL'],
    ['case-registry', { OIDC_ISSUER: 'https://idp.example' }, 'OIDC_ISSUER'],
    ['analytics', { ANALYTICS_MIN_CELL_SIZE: 'zero' }, 'ANALYTICS_MIN_CELL_SIZE'],
  ])('%s with %j stops at once with one line naming %s', async (service, env, variable) => {
    const running = startProcess(service, { ...env, ICJIMS_DATA_DIR: tempFolder('e2e-config') }, `config-${variable}`);
    expect(await running.exited).toBe(1);
    const lines = running.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: .*${variable}`));
  }, 20_000);

  describe('with an OIDC identity provider', () => {
    const issuer = 'https://idp.icjims.test/realms/justice';
    const audience = 'icjims-api';
    let jwks: Server;
    let signingKey: KeyLike;
    let service: ReturnType<typeof startProcess>;
    let base: string;
    let dataDir: string;

    const oidcToken = (claims: Record<string, unknown>, options: { audience?: string } = {}) =>
      new SignJWT({ roles: ['prosecutor'], region: 'KG-GB', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
        .setSubject('oidc-user-7')
        .setIssuer(issuer)
        .setAudience(options.audience ?? audience)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(signingKey);

    beforeAll(async () => {
      const { privateKey, publicKey } = await generateKeyPair('RS256');
      signingKey = privateKey;
      const keys = { keys: [{ ...(await exportJWK(publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' }] };
      jwks = createServer((request, response) => {
        response.writeHead(request.url === '/jwks' ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(keys));
      });
      const jwksPort = await freePort();
      await new Promise<void>((resolve) => jwks.listen(jwksPort, '127.0.0.1', resolve));
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      dataDir = tempFolder('e2e-oidc');
      service = startProcess(
        'case-registry',
        {
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_MIGRATION_URL: await createTestDatabase('e2e_oidc'),
          ICJIMS_DATA_DIR: dataDir,
          OIDC_ISSUER: issuer,
          OIDC_AUDIENCE: audience,
          OIDC_JWKS_URL: `http://127.0.0.1:${jwksPort}/jwks`,
        },
        'oidc-case-registry',
      );
      await waitForHealth(base, service);
    }, 60_000);

    afterAll(async () => {
      await service?.stop();
      await new Promise((resolve) => jwks?.close(resolve));
    });

    it('accepts the provider’s tokens, with their roles and region', async () => {
      const token = await oidcToken({});
      const registered = await http('POST', `${base}/api/v1/cases`, {
        token,
        body: { source: 'complaint', receivedAt: '2026-11-20T09:00:00Z', registeredAt: '2026-11-20T10:00:00Z', region: 'KG-GB', district: 'leninsky', agency: 'GUVD-GB', offenceArticle: '209-1', description: 'Fraud' },
      });
      expect(registered.status).toBe(201);
      expect(registered.body.registeredBy).toBe('oidc-user-7');
    });

    it('refuses a token for another audience, and one from the local signing key, with 401', async () => {
      const otherAudience = await oidcToken({}, { audience: 'another-app' });
      const local = await tokenMinter(dataDir)('prosecutor', 'KG-GB');
      for (const token of [otherAudience, local]) {
        const response = await http('GET', `${base}/api/v1/reference/regions`, { token });
        expect(response.status).toBe(401);
        expect(response.contentType).toContain('application/problem+json');
      }
    });

    it('applies the provider’s roles: a probation officer may not register cases', async () => {
      const token = await oidcToken({ roles: ['probation_officer'] });
      const response = await http('POST', `${base}/api/v1/cases`, {
        token,
        body: { source: 'complaint', receivedAt: '2026-11-20T09:00:00Z', registeredAt: '2026-11-20T10:00:00Z', region: 'KG-GB', district: 'leninsky', agency: 'GUVD-GB', offenceArticle: '209-1', description: 'Fraud' },
      });
      expect(response.status).toBe(403);
    });
  });
});
