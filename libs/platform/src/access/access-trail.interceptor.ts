import { CallHandler, ExecutionContext, Injectable, NestInterceptor, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { Observable, mergeMap } from 'rxjs';
import { AccessTrail, stringField, TrailedRequest } from './access-trail';

/** Methods that only read: their event is never carried by a unit of work (and a GET may yet be answered 304). */
const READS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/**
 * Records a successful call before its response leaves: if the trail cannot be written,
 * the caller gets an error instead of data that left no trace. A change's event commits in
 * the transaction of its first unit of work (the trail's claim, carried like the idempotency
 * key's); a call that committed none records it afterwards. Failures are recorded by the
 * problem-details filter, unless the event already committed with the change.
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
    const handled = READS.has(request.method)
      ? next.handle()
      : new Observable<unknown>((subscriber) => {
          const claim = this.trail.claimFor(request, status);
          return claim.run(() => next.handle().subscribe(subscriber));
        });
    return handled.pipe(
      mergeMap(async (body: unknown) => {
        // A GET whose If-None-Match names the ETag the handler set is answered 304 by Express (res.send): record that.
        const answered = status === 200 && request.fresh ? 304 : status;
        await this.trail.record(request, answered, { resourceId: stringField(body, 'id'), caseId: stringField(body, 'caseId') });
        return body;
      }),
    );
  }
}
