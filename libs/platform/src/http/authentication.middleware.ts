import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AuthenticatedRequest, TokenVerifier } from '@icjims/auth';
import { AccessTrail } from '../access/access-trail';

/**
 * Verifies the bearer token of every /api/v1 request before its body is read. A valid
 * token gives the request its principal, so every later refusal (bad body, too large,
 * wrong role) is recorded with who made it. An invalid one is noted and the body is never
 * parsed: AuthGuard refuses the request with 401 once routing knows the endpoint, so the
 * access trail records which endpoint was attempted.
 */
export function authenticationMiddleware(verifier: TokenVerifier): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    if (!AccessTrail.applies(request)) return next();
    const authenticated = request as Request & AuthenticatedRequest;
    verifier.verify(request.headers.authorization).then(
      (principal) => {
        authenticated.principal = principal;
        next();
      },
      (failure: unknown) => {
        authenticated.authenticationFailure = failure;
        next();
      },
    );
  };
}
