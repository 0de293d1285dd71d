import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json } from 'express';
import type { AuthenticatedRequest } from '@icjims/auth';
import { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { correlationIdFrom, ServiceMetrics, withCorrelationId } from '@icjims/observability';
import { InvalidInputError } from '@icjims/contracts';
import { UnsupportedMediaTypeError } from '../errors/unsupported-media-type.error';

/** Takes the caller's X-Correlation-Id (or X-Request-Id) or makes one, and echoes it back. */
export function correlationMiddleware(): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const id = correlationIdFrom(request.headers['x-correlation-id'] ?? request.headers['x-request-id']);
    (request as Request & { id: string }).id = id;
    response.setHeader('X-Correlation-Id', id);
    withCorrelationId(id, next);
  };
}

/** One log line per request: method, route, status, time. Never bodies, never the Authorization header. */
export function requestLogMiddleware(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (request) => (request as Request & { id: string }).id,
    quietReqLogger: true,
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (request) => request.url === '/health' || request.url?.startsWith('/health/') || request.url === '/metrics' },
    serializers: {
      req: (request: { method: string; url: string; remoteAddress?: string }) => ({
        method: request.method,
        path: request.url.split('?')[0],
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
  });
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
