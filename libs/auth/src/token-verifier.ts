import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey, KeyLike } from 'jose';
import { isRole, NATIONAL_REGION, OFFICE_PATTERN, UnauthenticatedError } from '@icjims/contracts';
import { Principal } from './principal';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LocalSigningKey, SIGNING_ALGORITHM } from './signing-key';

export interface OidcSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
}

const REGION = /^[A-Za-z0-9-]{1,16}$/;
/** Control characters (C0, DEL, C1) and unpaired surrogates: no identity contains them, and a line break in one forges log lines. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CLOCK_TOLERANCE_SECONDS = 30;
/** Longest Authorization header looked at: a real token is a few kB; a longer one is refused before any decoding or signature work. */
export const MAX_AUTHORIZATION_LENGTH = 8192;
/**
 * A client sends the same token with every request, and checking its signature costs as much as
 * the rest of a small request's work: a token verified once is trusted until it expires, but for
 * at most a minute, so that a key the identity provider withdraws stops being trusted soon.
 */
export const TRUSTED_FOR_MS = 60_000;
/** Tokens remembered at once (oldest forgotten first): a few MB at most, as only tokens that verified are kept. */
const TRUSTED_TOKENS = 4096;

interface Trusted {
  principal: Readonly<Principal>;
  /** Epoch ms from which the token must be verified again. */
  until: number;
}

/** Verifies bearer tokens: the local signing key by default, an OIDC provider's JWKS when configured. */
export class TokenVerifier {
  private readonly trusted = new Map<string, Trusted>();

  private constructor(
    private readonly key: KeyLike | JWTVerifyGetKey,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly algorithms: string[] | undefined,
  ) {}

  static local(key: LocalSigningKey): TokenVerifier {
    return new TokenVerifier(key.publicKey, LOCAL_ISSUER, LOCAL_AUDIENCE, [SIGNING_ALGORITHM]);
  }

  static oidc(settings: OidcSettings): TokenVerifier {
    const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    return new TokenVerifier(jwks, settings.issuer, settings.audience, ['RS256', 'PS256', 'ES256', 'EdDSA']);
  }

  /** The caller behind an Authorization header value; UnauthenticatedError says why not. */
  async verify(authorization: string | undefined): Promise<Principal> {
    if (authorization !== undefined && authorization.length > MAX_AUTHORIZATION_LENGTH) {
      throw new UnauthenticatedError(`the Authorization header is longer than ${MAX_AUTHORIZATION_LENGTH} characters`);
    }
    // The scheme name is case-insensitive (RFC 9110 §11.1).
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization?.trim() ?? '');
    if (!match) throw new UnauthenticatedError('a bearer token is required in the Authorization header');
    const token = match[1];
    const now = Date.now();
    const known = this.trusted.get(token);
    if (known && now < known.until) return copyOf(known.principal);
    this.trusted.delete(token);
    let payload: JWTPayload;
    try {
      ({ payload } = await this.verifyJwt(token));
    } catch (error) {
      throw new UnauthenticatedError(describeFailure(error));
    }
    const principal = principalFrom(payload);
    this.trust(token, principal, now, payload.exp as number);
    return copyOf(principal);
  }

  /** Remembers a verified token until jose would call it expired (exp plus the clock tolerance), for TRUSTED_FOR_MS at most. */
  private trust(token: string, principal: Principal, now: number, exp: number): void {
    if (this.trusted.size >= TRUSTED_TOKENS) this.trusted.delete(this.trusted.keys().next().value as string);
    this.trusted.set(token, { principal, until: Math.min(now + TRUSTED_FOR_MS, (exp + CLOCK_TOLERANCE_SECONDS) * 1000) });
  }

  private verifyJwt(token: string) {
    const options = {
      issuer: this.issuer,
      audience: this.audience,
      algorithms: this.algorithms,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['sub', 'exp'],
    };
    // jose types the key and the key-getter overloads separately.
    return typeof this.key === 'function' ? jwtVerify(token, this.key, options) : jwtVerify(token, this.key, options);
  }
}

/** Each request gets a principal of its own: a remembered one is never handed out to be changed. */
function copyOf(principal: Readonly<Principal>): Principal {
  return { ...principal, roles: [...principal.roles] };
}

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not acceptable`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token was not signed by a known key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token algorithm is not allowed';
  if (error instanceof errors.JWKSTimeout) return 'the identity provider did not answer';
  return 'the token is not valid';
}

function principalFrom(payload: JWTPayload): Principal {
  const sub = payload.sub;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128 || UNSAFE_TEXT.test(sub)) {
    throw new UnauthenticatedError('the token has no usable sub claim');
  }
  const rawRoles = payload.roles;
  if (Array.isArray(rawRoles) && rawRoles.some((role) => typeof role === 'string' && UNSAFE_TEXT.test(role))) {
    throw new UnauthenticatedError('the token roles claim holds control characters');
  }
  const roles = Array.isArray(rawRoles) ? rawRoles.filter(isRole) : [];
  const region = payload.region;
  if (region !== undefined && (typeof region !== 'string' || !REGION.test(region))) {
    throw new UnauthenticatedError('the token region claim is malformed');
  }
  const office = payload.office;
  if (office !== undefined && (typeof office !== 'string' || !OFFICE_PATTERN.test(office))) {
    throw new UnauthenticatedError('the token office claim is malformed');
  }
  return { sub, roles, region: region === undefined || region === NATIONAL_REGION ? undefined : region, ...(office !== undefined && { office }) };
}
