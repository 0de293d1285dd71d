import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';
import { UnauthenticatedError } from '@icjims/contracts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateSigningKey, LocalSigningKey, SIGNING_ALGORITHM } from './signing-key';
import { issueLocalToken } from './token-issuer';
import { MAX_AUTHORIZATION_LENGTH, TokenVerifier, TRUSTED_FOR_MS } from './token-verifier';

function freshKey(): LocalSigningKey {
  return loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'icjims-verifier-')));
}

interface TokenSpec {
  claims?: JWTPayload;
  sub?: string | null;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for a token that has already expired. */
  expiresIn?: number;
  signingKey?: KeyLike;
}

/** A token the local verifier accepts, unless the spec changes one thing about it. */
async function tokenWith(key: LocalSigningKey, spec: TokenSpec = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ roles: ['prosecutor'], region: 'KG-GB', ...spec.claims })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(spec.issuer ?? LOCAL_ISSUER)
    .setAudience(spec.audience ?? LOCAL_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (spec.expiresIn ?? 600));
  if (spec.sub !== null) jwt.setSubject(spec.sub ?? 'officer-1');
  return jwt.sign(spec.signingKey ?? key.privateKey);
}

function unsecuredToken(payload: JWTPayload): string {
  const encode = (value: object) => base64url.encode(JSON.stringify(value));
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
}

/** The UnauthenticatedError a verification fails with (fails the test if it succeeds). */
async function refusalOf(verifier: TokenVerifier, authorization: string | undefined): Promise<UnauthenticatedError> {
  const outcome: unknown = await verifier.verify(authorization).then(
    (principal) => ({ unexpectedlyAccepted: principal }),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(UnauthenticatedError);
  return outcome as UnauthenticatedError;
}

describe('TokenVerifier.local', () => {
  let key: LocalSigningKey;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    key = freshKey();
    verifier = TokenVerifier.local(key);
  });

  it('turns a valid token into the principal it names', async () => {
    const token = await tokenWith(key, { sub: 'officer-7', claims: { roles: ['prosecutor', 'investigator'], region: 'KG-GB' } });
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({ sub: 'officer-7', roles: ['prosecutor', 'investigator'], region: 'KG-GB' });
  });

  it('tolerates surrounding whitespace in the header value', async () => {
    const token = await tokenWith(key);
    await expect(verifier.verify(`  Bearer ${token}  `)).resolves.toMatchObject({ sub: 'officer-1' });
  });

  it('refuses an expired token and says it expired', async () => {
    const token = await tokenWith(key, { expiresIn: -3600 });
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/expired/);
  });

  it('accepts a token that expired within the clock tolerance', async () => {
    const token = await tokenWith(key, { expiresIn: -5 });
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({ sub: 'officer-1' });
  });

  it('refuses a token meant for another audience', async () => {
    const token = await tokenWith(key, { audience: 'some-other-system' });
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/aud/);
  });

  it('refuses a token from another issuer', async () => {
    const token = await tokenWith(key, { issuer: 'https://evil.example' });
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/iss/);
  });

  it('refuses a token signed by another key, even with our kid', async () => {
    const stranger = freshKey();
    const token = await tokenWith(key, { signingKey: stranger.privateKey });
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/signature/);
  });

  it('refuses a token without a sub claim', async () => {
    const token = await tokenWith(key, { sub: null });
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/sub/);
  });

  it('refuses a token whose sub is longer than 128 characters', async () => {
    const token = await tokenWith(key, { sub: 'x'.repeat(129) });
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/sub/);
  });

  it.each([
    ['a line break', 'officer-1\nlevel=admin'],
    ['a NUL', 'officer-1\u0000'],
    ['a carriage return', 'officer-1\r'],
    ['a DEL', 'officer-1\u007f'],
    ['an unpaired surrogate', 'officer-\ud800'],
  ])('refuses a token whose sub holds %s: that is not an identity', async (_scenario, sub) => {
    const token = await tokenWith(key, { sub });
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/sub/);
  });

  it.each([
    ['a line break', 'prosecutor\n'],
    ['a NUL', 'admin\u0000'],
  ])('refuses a token with a role that holds %s rather than dropping it', async (_scenario, role) => {
    const token = await tokenWith(key, { claims: { roles: ['prosecutor', role] } });
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/roles/);
  });

  it.each([
    ['a line break', 'KG-GB\n'],
    ['a NUL', 'KG-GB\u0000'],
  ])('refuses a token whose region holds %s', async (_scenario, region) => {
    const token = await tokenWith(key, { claims: { roles: ['prosecutor'], region } });
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/region/);
  });

  it('refuses an Authorization header over 8 kB without decoding it', async () => {
    const error = await refusalOf(verifier, `Bearer ${'a'.repeat(MAX_AUTHORIZATION_LENGTH)}`);
    expect(error.message).toMatch(/longer than 8192/);
  });

  it('refuses an unsecured alg:none token carrying valid claims', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = unsecuredToken({ sub: 'intruder', roles: ['admin'], iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, iat: now, exp: now + 600 });
    await refusalOf(verifier, `Bearer ${token}`);
  });

  it('refuses an HS256 token (algorithm confusion)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('intruder')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode('a shared secret that nobody should accept'));
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/algorithm/);
  });

  it('refuses an RS256 token, since only the local ES256 key is trusted', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('intruder')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('10m')
      .sign(privateKey);
    await refusalOf(verifier, `Bearer ${token}`);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty header', ''],
    ['the Basic scheme', 'Basic dXNlcjpwYXNz'],
    ['Bearer without a token', 'Bearer '],
    ['a bare token without the scheme', 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln'],
    ['two tokens', 'Bearer a.b.c d.e.f'],
  ])('asks for a bearer token when given %s', async (_scenario, authorization) => {
    const error = await refusalOf(verifier, authorization);
    expect(error.message).toMatch(/bearer token is required/);
  });

  // BUG (minor): the authentication scheme is case-insensitive (RFC 9110 §11.1; RFC 6750
  // uses "Bearer" but clients may send "bearer"); the verifier only accepts "Bearer".
  it('accepts the bearer scheme in any letter case', async () => {
    const token = await tokenWith(key);
    await expect(verifier.verify(`bearer ${token}`)).resolves.toMatchObject({ sub: 'officer-1' });
  });

  it.each([
    ['a random word', 'Bearer garbage'],
    ['three dots', 'Bearer ...'],
    ['a truncated token', 'Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0'],
  ])('refuses %s as not a valid token', async (_scenario, authorization) => {
    const error = await refusalOf(verifier, authorization);
    expect(error.message).toMatch(/not valid/);
  });

  it.each([
    ['"national"', { region: 'national' }],
    ['absent', { region: undefined }],
  ])('treats a region claim that is %s as national (region undefined)', async (_scenario, claims) => {
    const token = await tokenWith(key, { claims: { roles: ['analyst'], ...claims } });
    const principal = await verifier.verify(`Bearer ${token}`);
    expect(principal.region).toBeUndefined();
    expect(principal.roles).toEqual(['analyst']);
  });

  it('drops roles it does not know, keeping the known ones', async () => {
    const token = await tokenWith(key, { claims: { roles: ['superuser', 'prosecutor', 42, null, 'Admin', 'auditor'] } });
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({ roles: ['prosecutor', 'auditor'] });
  });

  it('gives a principal without roles when the roles claim is not an array', async () => {
    const token = await tokenWith(key, { claims: { roles: 'admin' } });
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({ sub: 'officer-1', roles: [] });
  });

  it.each([
    ['has a space', 'KG GB'],
    ['is too long', 'R'.repeat(17)],
    ['is empty', ''],
    ['is a number', 37],
    ['is an array', ['KG-GB']],
    ['tries SQL', "KG'; DROP TABLE cases;--"],
  ])('refuses a region claim that %s', async (_scenario, region) => {
    const token = await tokenWith(key, { claims: { region } });
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/region/);
  });

  it.each([
    ['is lower case', 'pr-kg-c-01'],
    ['is too long', 'P'.repeat(33)],
    ['is empty', ''],
    ['holds a control character', 'PR-KG\u0000'],
    ['is an array', ['PR-KG-C-01']],
  ])('refuses an office claim that %s', async (_scenario, office) => {
    const token = await tokenWith(key, { claims: { roles: ['probation_officer'], region: 'KG-C', office } });
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/office/);
  });
});

describe('TokenVerifier remembering verified tokens', () => {
  let key: LocalSigningKey;
  let verifier: TokenVerifier;
  let signatureChecks: jest.SpyInstance;

  beforeEach(async () => {
    key = freshKey();
    verifier = TokenVerifier.local(key);
    signatureChecks = jest.spyOn(verifier as unknown as { verifyJwt: () => unknown }, 'verifyJwt');
  });

  afterEach(() => {
    jest.useRealTimers();
    signatureChecks.mockRestore();
  });

  /** Moves only the clock (Date), leaving the timers jose's and node's crypto promises rely on alone. */
  const clockAt = (now: number) => jest.useFakeTimers({ now, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });

  it('checks the signature of a token once and answers its repeats from memory, each with a principal of its own', async () => {
    const token = await tokenWith(key, { sub: 'officer-9', claims: { roles: ['prosecutor'], region: 'KG-C' } });
    const first = await verifier.verify(`Bearer ${token}`);
    first.roles.push('admin');
    const second = await verifier.verify(`Bearer ${token}`);
    expect(second).toEqual({ sub: 'officer-9', roles: ['prosecutor'], region: 'KG-C' });
    expect(signatureChecks).toHaveBeenCalledTimes(1);
  });

  it('refuses a remembered token once it has expired', async () => {
    const token = await tokenWith(key, { expiresIn: 20 });
    await verifier.verify(`Bearer ${token}`);
    clockAt(Date.now() + (20 + 31) * 1000); // past exp and the 30 s clock tolerance, within TRUSTED_FOR_MS
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/expired/);
  });

  it('checks the signature again after TRUSTED_FOR_MS, however far off the token expires', async () => {
    const token = await tokenWith(key, { expiresIn: 3600 });
    await verifier.verify(`Bearer ${token}`);
    clockAt(Date.now() + TRUSTED_FOR_MS + 1);
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({ sub: 'officer-1' });
    expect(signatureChecks).toHaveBeenCalledTimes(2);
  });

  it('does not remember a token whose signature failed', async () => {
    const other = freshKey();
    const forged = await tokenWith(key, { signingKey: other.privateKey });
    await refusalOf(verifier, `Bearer ${forged}`);
    await refusalOf(verifier, `Bearer ${forged}`);
    expect(signatureChecks).toHaveBeenCalledTimes(2);
  });
});

describe('issueLocalToken', () => {
  let key: LocalSigningKey;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    key = freshKey();
    verifier = TokenVerifier.local(key);
  });

  it('mints a regional token that the local verifier turns back into the same principal', async () => {
    const token = await issueLocalToken(key, { sub: 'officer-3', roles: ['investigator'], region: 'KG-C' });
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({ sub: 'officer-3', roles: ['investigator'], region: 'KG-C' });
  });

  it('mints a probation officer’s token with the office, which the verifier keeps', async () => {
    const token = await issueLocalToken(key, { sub: 'officer-4', roles: ['probation_officer'], region: 'KG-C', office: 'PR-KG-C-CHUY' });
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({ sub: 'officer-4', roles: ['probation_officer'], region: 'KG-C', office: 'PR-KG-C-CHUY' });
  });

  it('mints a national token when no region is asked for', async () => {
    const token = await issueLocalToken(key, { sub: 'analyst-1', roles: ['analyst'] });
    const principal = await verifier.verify(`Bearer ${token}`);
    expect(principal).toEqual({ sub: 'analyst-1', roles: ['analyst'] });
    expect(principal.region).toBeUndefined();
  });

  it('mints a token that lives eight hours by default', async () => {
    const token = await issueLocalToken(key, { sub: 'officer-3', roles: ['prosecutor'], region: 'KG-GB' });
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[1]))) as JWTPayload;
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(8 * 3600);
  });

  it('mints a token with a chosen lifetime that the verifier refuses once it has passed', async () => {
    const token = await issueLocalToken(key, { sub: 'officer-3', roles: ['prosecutor'], region: 'KG-GB', ttlSeconds: -120 });
    const error = await refusalOf(verifier, `Bearer ${token}`);
    expect(error.message).toMatch(/expired/);
  });
});
