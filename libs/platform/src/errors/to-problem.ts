import { HttpException } from '@nestjs/common';
import { DomainError } from '@icjims/contracts';
import { ProblemDetails, problemTypeUri } from './problem-details';

const SLUG_BY_STATUS: Record<number, [slug: string, title: string]> = {
  400: ['invalid-input', 'Invalid input'],
  401: ['unauthenticated', 'Authentication required'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Request body too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['rule-violation', 'Not allowed by the rules'],
  429: ['too-many-requests', 'Too many requests'],
  431: ['headers-too-large', 'Request headers too large'],
  503: ['unavailable', 'Service unavailable'],
};

/** Errors raised by the body parser before any handler runs; their own messages may quote the body. */
const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON',
  'entity.too.large': 'The request body exceeds the size limit',
  'encoding.unsupported': 'The request body encoding is not supported',
  'charset.unsupported': 'The request body charset is not supported',
  'request.aborted': 'The request was aborted',
  'request.size.invalid': 'The request body length does not match Content-Length',
};

function generic(status: number, detail: string): ProblemDetails {
  const [slug, title] = SLUG_BY_STATUS[status] ?? (status >= 500 ? ['internal-error', 'Internal error'] : ['bad-request', 'Bad request']);
  return { type: problemTypeUri(slug), title, status, detail };
}

function bodyParserError(error: unknown): ProblemDetails | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || !(type in BODY_ERRORS)) return undefined;
  return generic(status, BODY_ERRORS[type]);
}

/** Node's codes for a connection refused, cut or timed out. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
/** pg's messages for a connection that went away (they carry no code). */
const CONNECTION_MESSAGES = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/**
 * True when the error says the database cannot be reached — refused, cut, shutting down or
 * starting (SQLSTATE class 08, 57P01-57P03): a moment's outage, not a fault of the request.
 * TypeORM wraps driver errors (`driverError`); a pool may give the cause.
 */
function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { name, code, message, driverError, cause } = error as { name?: unknown; code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  // TypeORM releases a transaction's runner when its connection breaks; what runs on it next throws these instead.
  if (name === 'QueryRunnerAlreadyReleasedError' || name === 'QueryRunnerProviderAlreadyReleasedError') return true;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08|^57P0[123]$/.test(code))) return true;
  if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}

/**
 * Maps anything thrown while serving a request to RFC 9457 problem details. Unexpected
 * errors become a bare 500: their messages are for the log, not the client. A database that
 * cannot be reached is a 503: the request changed nothing and may be sent again.
 */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof DomainError) {
    const problem: ProblemDetails = { type: problemTypeUri(error.problemType), title: error.title, status: error.status, detail: error.message };
    if (error.fields.length) problem.errors = error.fields;
    return problem;
  }
  const fromBody = bodyParserError(error);
  if (fromBody) return fromBody;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status >= 500) return generic(status, 'The service could not complete the request');
    // Express raises SyntaxError for malformed JSON; its message quotes the body.
    if (error.cause instanceof SyntaxError || /JSON/.test(error.message)) return generic(status, 'The request body is not valid JSON');
    // Nest's "Cannot GET /path?query" would put a raw URL (search terms included) in the trail.
    if (status === 404 && /^Cannot [A-Z]+ /.test(error.message)) return generic(status, 'No such endpoint');
    return generic(status, error.message);
  }
  if (isDatabaseUnavailable(error)) return generic(503, 'The database is unavailable for a moment; nothing was changed, send the request again');
  return generic(500, 'The service could not complete the request');
}
