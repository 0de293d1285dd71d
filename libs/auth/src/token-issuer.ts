import { SignJWT } from 'jose';
import { Role } from '@icjims/contracts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LocalSigningKey, SIGNING_ALGORITHM } from './signing-key';

export interface TokenRequest {
  sub: string;
  roles: Role[];
  /** Omit for a national token. */
  region?: string;
  /** A probation office code, for probation officers and supervisors. */
  office?: string;
  /** Lifetime; default 8 hours (one working day). */
  ttlSeconds?: number;
}

/** Mints a token that the embedded default accepts. Never used when OIDC is configured. */
export async function issueLocalToken(key: LocalSigningKey, request: TokenRequest): Promise<string> {
  const claims: Record<string, unknown> = { roles: request.roles };
  if (request.region) claims.region = request.region;
  if (request.office) claims.office = request.office;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (request.ttlSeconds ?? 8 * 3600))
    .sign(key.privateKey);
}
