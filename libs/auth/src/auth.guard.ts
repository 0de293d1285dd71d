import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, NATIONAL_ROLES, Role, UnauthenticatedError } from '@icjims/contracts';
import { hasAnyRole, isNational, Principal } from './principal';

const ROLES_KEY = 'icjims:roles';
const PUBLIC_KEY = 'icjims:public';

/** The roles that may call a handler (any one of them suffices). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Marks operational endpoints (health, metrics, docs) that need no token. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export interface AuthenticatedRequest {
  principal?: Principal;
  /** Why an earlier token check failed; thrown here once the endpoint is known. */
  authenticationFailure?: unknown;
}

/** The verified caller of the current request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});

/**
 * Global guard: every route needs a verified caller unless @Public, and one of the @Roles
 * it declares. The token itself is verified earlier, before the body is read (the
 * platform's authentication middleware), which leaves the principal or the failure on the
 * request. A token without a region is national, which only national roles (admin,
 * analyst, auditor) may use. Region checks on individual resources happen where the
 * resource is loaded (assertRegionAccess).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.authenticationFailure) throw request.authenticationFailure;
    const principal = request.principal;
    if (!principal) throw new UnauthenticatedError('a bearer token is required in the Authorization header');

    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (!allowed) throw new Error(`route ${context.getClass().name}.${context.getHandler().name} declares no @Roles`);
    if (!hasAnyRole(principal, allowed)) {
      throw new ForbiddenError(`this operation needs one of the roles: ${allowed.join(', ')}`);
    }
    const nationalAllowed = allowed.filter((role) => NATIONAL_ROLES.includes(role));
    if (isNational(principal) && !hasAnyRole(principal, nationalAllowed)) {
      throw new ForbiddenError('a token without a region may only be used by the admin, analyst and auditor roles');
    }
    return true;
  }
}
