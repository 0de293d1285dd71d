import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { formatTraceparent } from '@icjims/contracts';
import { tracerFor } from '@icjims/observability';

/** Probes are not traced: a span every few seconds per probe would bury the requests. */
function isProbe(path: string): boolean {
  return path === '/health' || path.startsWith('/health/') || path === '/metrics';
}

/**
 * A server span per request: a child of the caller's W3C `traceparent` (and `tracestate`)
 * when valid, a new trace otherwise. Everything the request does — its log lines, the events
 * it records — runs inside it. The response's `traceresponse` header (W3C Trace Context
 * Level 2) names the trace and this span, so a client can quote it, as it can the
 * correlation id. The span is named by the route template, never by ids or the query.
 */
export function tracingMiddleware(service: string): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const path = request.path;
    if (isProbe(path)) return next();
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracerFor(service).startSpan(
      request.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': path, 'url.scheme': request.protocol } },
      parent,
    );
    const { traceId, spanId, traceFlags } = span.spanContext();
    if (trace.isSpanContextValid(span.spanContext())) response.setHeader('traceresponse', formatTraceparent({ traceId, parentId: spanId, flags: traceFlags }));
    response.once('close', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      if (route) {
        span.updateName(`${request.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
