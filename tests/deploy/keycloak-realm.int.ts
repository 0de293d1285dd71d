// The Keycloak realm of docker-compose (deploy/keycloak/icjims-realm.json) issues what the
// services accept: its roles are the system's, its mappers put the realm roles in a top-level
// `roles` claim and the `region` / `office` user attributes in claims of those names, and the
// API's audience in `aud`. A token shaped as that Keycloak issues it for each demo user, signed
// by a JWKS endpoint on 127.0.0.1, passes libs/auth's OIDC verifier configured as compose
// configures the services; the same token without the audience mapper's work does not.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { exportJWK, generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';
import { TokenVerifier } from '@icjims/auth';
import { isRole, NATIONAL_REGION, ROLES, UnauthenticatedError } from '@icjims/contracts';
import { loadJurisdiction } from '@icjims/jurisdiction';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = resolve(__dirname, '..', '..');
const realm = JSON.parse(readFileSync(join(ROOT, 'deploy', 'keycloak', 'icjims-realm.json'), 'utf8')) as Json;
const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
/** The services' settings as docker-compose.yml gives them (one line each in the common environment). */
const composeSetting = (name: string) => new RegExp(`^\\s+${name}: (\\S+)$`, 'm').exec(compose)?.[1];
const ISSUER = composeSetting('OIDC_ISSUER')!;
const AUDIENCE = composeSetting('OIDC_AUDIENCE')!;
const KID = 'keycloak-rs256';

const client = (id: string): Json => realm.clients.find((candidate: Json) => candidate.clientId === id);
const mapper = (kind: string, claim?: string): Json | undefined =>
  client('icjims-cli').protocolMappers.find((candidate: Json) => candidate.protocolMapper === kind && (claim === undefined || candidate.config['claim.name'] === claim));

describe('the Keycloak realm of docker-compose', () => {
  it('defines exactly the roles of the system', () => {
    expect(realm.roles.realm.map((role: Json) => role.name).sort()).toEqual([...ROLES].sort());
  });

  it('is the realm the services trust: issuer and audience as docker-compose sets them', () => {
    expect(ISSUER).toBe(`http://localhost:8080/realms/${realm.realm}`);
    expect(client(AUDIENCE)).toMatchObject({ bearerOnly: true });
    expect(mapper('oidc-audience-mapper')?.config).toMatchObject({ 'included.client.audience': AUDIENCE, 'access.token.claim': 'true' });
  });

  it('maps the realm roles to a top-level roles array and the region and office attributes to claims of their names', () => {
    expect(mapper('oidc-usermodel-realm-role-mapper', 'roles')?.config).toMatchObject({ multivalued: 'true', 'access.token.claim': 'true' });
    for (const attribute of ['region', 'office']) {
      expect(mapper('oidc-usermodel-attribute-mapper', attribute)?.config).toMatchObject({ 'user.attribute': attribute, multivalued: 'false', 'access.token.claim': 'true' });
    }
  });

  it('declares region and office in the user profile, editable by administrators only', () => {
    const profile = JSON.parse(realm.components['org.keycloak.userprofile.UserProfileProvider'][0].config['kc.user.profile.config'][0]) as Json;
    for (const attribute of ['region', 'office']) {
      expect(profile.attributes.find((candidate: Json) => candidate.name === attribute)?.permissions.edit).toEqual(['admin']);
    }
  });

  it('has demo users with known roles, and regions and offices of the default jurisdiction pack', () => {
    const pack = loadJurisdiction({}).pack;
    const regions = new Set([NATIONAL_REGION, ...pack.regions.map((region) => region.code)]);
    const offices = new Set(pack.probation.offices.map((office) => office.code));
    expect(realm.users.length).toBeGreaterThanOrEqual(2);
    for (const user of realm.users as Json[]) {
      expect({ user: user.username, demo: user.username.startsWith('demo-') }).toEqual({ user: user.username, demo: true });
      expect(user.realmRoles.every(isRole)).toBe(true);
      expect(regions.has(user.attributes.region[0])).toBe(true);
      if (user.attributes.office) expect(offices.has(user.attributes.office[0])).toBe(true);
    }
  });
});

describe('a token as this Keycloak issues it', () => {
  let server: Server;
  let privateKey: KeyLike;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    verifier = TokenVerifier.oidc({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: `http://127.0.0.1:${port}/realms/${realm.realm}/protocol/openid-connect/certs` });
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  /** The access token Keycloak issues to icjims-cli for `user`: its mappers' claims beside Keycloak's own. */
  function accessToken(user: Json, { withAudienceMapper = true } = {}): Promise<string> {
    const realmRoles = [...user.realmRoles, 'offline_access', 'uma_authorization', `default-roles-${realm.realm}`];
    const claims: JWTPayload = {
      jti: randomUUID(),
      typ: 'Bearer',
      azp: 'icjims-cli',
      sid: randomUUID(),
      acr: '1',
      scope: 'profile email',
      realm_access: { roles: realmRoles },
      resource_access: { account: { roles: ['manage-account', 'view-profile'] } },
      email_verified: true,
      preferred_username: user.username,
      given_name: user.firstName,
      family_name: user.lastName,
      name: `${user.firstName} ${user.lastName}`,
      email: user.email,
      roles: realmRoles,
      region: user.attributes.region[0],
      ...(user.attributes.office && { office: user.attributes.office[0] }),
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: KID })
      .setIssuer(ISSUER)
      .setSubject(user.id)
      .setAudience(withAudienceMapper ? [AUDIENCE, 'account'] : 'account')
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(privateKey);
  }

  it.each((realm.users as Json[]).map((user) => [user.username, user]))('is accepted for %s, with its roles, region and office', async (_name, user) => {
    const principal = await verifier.verify(`Bearer ${await accessToken(user)}`);
    const region = user.attributes.region[0];
    expect(principal).toEqual({
      sub: user.id,
      roles: user.realmRoles,
      region: region === NATIONAL_REGION ? undefined : region,
      ...(user.attributes.office && { office: user.attributes.office[0] }),
    });
  });

  it('is refused without the API audience', async () => {
    const outcome = await verifier.verify(`Bearer ${await accessToken(realm.users[0], { withAudienceMapper: false })}`).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(UnauthenticatedError);
    expect((outcome as Error).message).toMatch(/aud/);
  });
});
