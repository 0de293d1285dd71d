import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json } from 'express';
import type { AuthenticatedRequest } from '@icjims/auth';
import { Logger } from 'pino';
import { correlationIdFrom, ServiceMetrics, withCorrelationId } from '@icjims/observability';
import { InvalidInputError } from '@icjims/contracts';
import { UnsupportedMediaTypeError } from '../errors/unsupported-media-type.error';

/**
 * Middlewares run one after another as a single Express middleware, as Express's router runs
 * them: a middleware passes the request on with next(), or an error with next(error) (also by
 * throwing, or by a promise it returns that rejects), which skips the rest. Mounted one by one,
 * each would cost the router's matching and bookkeeping on every request.
 */
export function inSequence(...middlewares: RequestHandler[]): RequestHandler {
  return (request: Request, response: Response, done: NextFunction) => {
    let index = 0;
    const next = (error?: unknown): void => {
      if (error !== undefined && error !== null) return done(error);
      const middleware = middlewares[index++];
      if (!middleware) return done();
      try {
        const returned: unknown = middleware(request, response, next);
        if (returned instanceof Promise) returned.catch(done);
      } catch (thrown) {
        done(thrown);
      }
    };
    next();
  };
}

/** Takes the caller's X-Correlation-Id (or X-Request-Id) or makes one, and echoes it back. */
export function correlationMiddleware(): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const id = correlationIdFrom(request.headers['x-correlation-id'] ?? request.headers['x-request-id']);
    (request as Request & { id: string }).id = id;
    response.setHeader('X-Correlation-Id', id);
    withCorrelationId(id, next);
  };
}

const PROBES = /^\/(?:health(?:\/|$|\?)|metrics(?:$|\?))/;

/**
 * One log line per request once it is answered (or abandoned): method, path without the query,
 * status, time in ms, the request's id — never bodies, headers or the query string. Level by
 * status: info, warn for 4xx, error for 5xx. Written by hand rather than with pino-http, which
 * builds two child loggers and serialises the whole request for every request only to log these
 * few fields. The probes are not logged. The path is the one asked for (`originalUrl`: Express
 * rewrites `url` inside mounted routers).
 */
export function requestLogMiddleware(logger: Logger): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    if (PROBES.test(request.originalUrl)) return next();
    const started = Date.now();
    const done = () => {
      response.removeListener('finish', done);
      response.removeListener('close', done);
      const { statusCode } = response;
      const completed = !request.readableAborted && response.writableEnded;
      const line = { reqId: (request as Request & { id?: string }).id, req: { method: request.method, path: request.originalUrl.split('?')[0] }, res: { statusCode }, responseTime: Date.now() - started };
      if (statusCode >= 500) logger.error(line, 'request errored');
      else if (statusCode >= 400) logger.warn(line, completed ? 'request completed' : 'request aborted');
      else logger.info(line, completed ? 'request completed' : 'request aborted');
    };
    response.on('finish', done);
    response.on('close', done);
    next();
  };
}

/** Request durations by route template (bounded label values). */
export function requestMetricsMiddleware(metrics: ServiceMetrics): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const stop = metrics.httpRequests.startTimer();
    response.once('finish', () => {
      const route = request.route?.path ?? 'unmatched';
      stop({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPES = ['application/json', 'application/*+json'];

/** What the body parser passes on when a gzip, deflate or br body does not decompress: status 400 and no `type` of its own. */
function isDecodingFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { status, type } = error as { status?: unknown; type?: unknown };
  return status === 400 && type === undefined;
}

/**
 * Reads JSON bodies up to `limit` (413 beyond, counted after decompression); a body of another
 * type is 415; unauthenticated bodies are not read at all. Content-Encoding gzip, deflate and
 * br are read; another is 415, and a stream that does not decompress is 400 naming the header.
 */
export function jsonBodyMiddleware(limit: string): RequestHandler {
  const parse = json({ limit, strict: true, type: JSON_TYPES });
  return (request: Request, response: Response, next: NextFunction) => {
    if ((request as Request & AuthenticatedRequest).authenticationFailure) return next();
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (BODY_METHODS.has(request.method) && hasBody && !request.is(JSON_TYPES)) {
      return next(new UnsupportedMediaTypeError('The request body must be application/json'));
    }
    parse(request, response, (error?: unknown) => {
      if (!isDecodingFailure(error)) return next(error);
      const reason = 'the body does not decompress as its Content-Encoding says';
      next(new InvalidInputError('The request body could not be decompressed', [{ field: 'Content-Encoding', reason }]));
    });
  };
}
