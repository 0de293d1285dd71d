import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { from, mergeMap, Observable, of, catchError } from 'rxjs';
import { AccessTrail, TrailedRequest } from '../access/access-trail';
import { idempotencyKeyFrom, IdempotencyKeyReusedError, IdempotencyKeyUnsettledError, REPLAYED_HEADER, requestFingerprint } from './idempotency-key';
import { EarlierResponse, IdempotencyClaim, IdempotencyStore, KeyedRequest } from './idempotency-store';

/** Methods a key makes safe to repeat. */
const KEYED_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT']);

/**
 * Idempotency-Key on every POST and PUT under /api/v1 (a PUT here may append to a journal — a
 * probation plan, a report's section — so a retried one must not append twice). A repeat of a completed request (same
 * caller, key, method, path and body) gets the first response again and changes nothing; the
 * same key with another request is refused with 422. A repeat that arrives while the first
 * is still running waits for it at its unit of work, then gets its response (or, if the
 * first failed, runs itself). Failed requests leave no record, so a retry can reuse the key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<TrailedRequest>();
    if (!KEYED_METHODS.has(request.method) || !AccessTrail.applies(request)) return next.handle();
    const key = idempotencyKeyFrom(request.headers['idempotency-key']);
    if (key === undefined) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    const keyed: KeyedRequest = {
      callerSub: request.principal?.sub ?? '',
      key,
      fingerprint: requestFingerprint(request.method, request.path, request.body),
      status: response.statusCode, // Nest has set the route's success status by now
    };
    return from(this.store.find(keyed)).pipe(
      mergeMap((earlier) => (earlier ? of(replay(earlier, keyed, response)) : this.firstAttempt(keyed, next, response))),
    );
  }

  private firstAttempt(keyed: KeyedRequest, next: CallHandler, response: Response): Observable<unknown> {
    const claim = new IdempotencyClaim(this.store, keyed);
    return new Observable<unknown>((subscriber) => claim.run(() => next.handle().subscribe(subscriber))).pipe(
      mergeMap(async (body: unknown) => {
        await claim.succeeded(body);
        return body;
      }),
      catchError(async (error: unknown) => {
        claim.close();
        if (!claim.lostToEarlier) throw error;
        const earlier = await this.store.find(keyed);
        if (!earlier) throw new IdempotencyKeyUnsettledError();
        return replay(earlier, keyed, response);
      }),
    );
  }
}

function replay(earlier: EarlierResponse, keyed: KeyedRequest, response: Response): unknown {
  if (earlier.fingerprint !== keyed.fingerprint) throw new IdempotencyKeyReusedError();
  response.status(earlier.status);
  response.setHeader(REPLAYED_HEADER, 'true');
  return earlier.body;
}
