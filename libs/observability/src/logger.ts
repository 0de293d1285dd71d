import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { Logger } from 'pino';
import { currentCorrelationId } from './correlation';

/**
 * Paths that must never reach a log: credentials and anything a client sends in a body.
 * Personal data lives in request bodies and responses, which are not logged at all.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'authorization',
  'token',
  '*.token',
  'password',
  '*.password',
];

/**
 * Errors are logged by name, message, code and stack only: a database error's own
 * properties carry the statement's parameters (case descriptions, names) and the row.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code } = error as Error & { code?: unknown };
  return { type: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}), stack: error.stack };
}

export interface LoggerOptions {
  service: string;
  level?: string;
}

/** The ids of the active span, to find a log line's trace (only ids: nothing of the request). */
function traceIds(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
}

/**
 * JSON logs on stdout (or `destination`), one line per entry, each with the service, the
 * current correlation id and, inside a span, its `trace_id` and `span_id`.
 */
export function createLogger({ service, level = 'info' }: LoggerOptions, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    serializers: { err: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin() {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId, ...traceIds() } : traceIds();
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
