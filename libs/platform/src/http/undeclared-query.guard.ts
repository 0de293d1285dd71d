import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import { InvalidInputError } from '@icjims/contracts';
import { AccessTrail } from '../access/access-trail';

/**
 * Refuses query parameters on endpoints that declare none. Endpoints with a @Query() DTO
 * are covered by the strict ValidationPipe; this closes the gap for the others, so a
 * mistyped filter is a 400 instead of a silently unfiltered answer.
 */
@Injectable()
export class UndeclaredQueryGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const names = Object.keys(request.query ?? {});
    if (names.length === 0 || !AccessTrail.applies(request)) return true;
    const args: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {};
    if (Object.keys(args).some((key) => key.startsWith(`${RouteParamtypes.QUERY}:`))) return true;
    throw new InvalidInputError(
      'This operation takes no query parameters',
      names.map((field) => ({ field, reason: `${field} is not a query parameter of this operation` })),
    );
  }
}
