import { sign } from 'node:crypto';
import type { Role } from '@icjims/contracts';
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

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Mints a token that the embedded default accepts: a compact JWS (RFC 7515) signed ES256 with
 * Node's own crypto, so that the token command need not load a JOSE library. Never used when
 * OIDC is configured.
 */
export async function issueLocalToken(key: LocalSigningKey, request: TokenRequest): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    roles: request.roles,
    ...(request.region && { region: request.region }),
    ...(request.office && { office: request.office }),
    sub: request.sub,
    iss: LOCAL_ISSUER,
    aud: LOCAL_AUDIENCE,
    iat: now,
    exp: now + (request.ttlSeconds ?? 8 * 3600),
  };
  const signingInput = `${base64url({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: 'JWT' })}.${base64url(claims)}`;
  // ES256's signature is r and s side by side (RFC 7518 §3.4), not the DER that ECDSA gives by default.
  const signature = sign('sha256', Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}
