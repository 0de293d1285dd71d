import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_SPEC, AccessSpec } from './access-spec';
import { TrailedRequest } from './access-trail';

/**
 * Runs before authentication and only notes what the endpoint is, so that a request
 * refused by a later guard is still recorded with its action and resource.
 */
@Injectable()
export class AccessSpecGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<TrailedRequest>();
    request.accessSpec = this.reflector.get<AccessSpec>(ACCESS_SPEC, context.getHandler());
    return true;
  }
}
