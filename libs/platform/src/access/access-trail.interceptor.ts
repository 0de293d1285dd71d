import { CallHandler, ExecutionContext, Injectable, NestInterceptor, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { Observable, mergeMap } from 'rxjs';
import { AccessTrail, TrailedRequest } from './access-trail';

function stringField(body: unknown, key: 'id' | 'caseId'): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Records a successful call before its response leaves: if the trail cannot be written,
 * the caller gets an error instead of data that left no trace. Failures are recorded by
 * the problem-details filter.
 */
@Injectable()
export class AccessTrailInterceptor implements NestInterceptor {
  constructor(
    private readonly trail: AccessTrail,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<TrailedRequest>();
    if (!AccessTrail.applies(request)) return next.handle();
    const status =
      this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === RequestMethod[RequestMethod.POST] ? 201 : 200);
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        // A GET whose If-None-Match names the ETag the handler set is answered 304 by Express (res.send): record that.
        const answered = status === 200 && request.fresh ? 304 : status;
        await this.trail.record(request, answered, { resourceId: stringField(body, 'id'), caseId: stringField(body, 'caseId') });
        return body;
      }),
    );
  }
}
