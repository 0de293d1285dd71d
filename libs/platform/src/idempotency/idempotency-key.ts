import { createHash } from 'node:crypto';
import { DomainError, InvalidInputError } from '@icjims/contracts';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** 1–128 visible ASCII characters (no spaces): a UUID fits, and nothing else can hide in a log. */
const KEY = /^[\x21-\x7E]{1,128}$/;

/** The request's Idempotency-Key, or undefined when it sent none; a malformed one is invalid input. */
export function idempotencyKeyFrom(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header === 'string' && KEY.test(header)) return header;
  throw new InvalidInputError(`The ${IDEMPOTENCY_KEY_HEADER} header is invalid`, [
    { field: IDEMPOTENCY_KEY_HEADER, reason: `${IDEMPOTENCY_KEY_HEADER} must be 1 to 128 visible ASCII characters` },
  ]);
}

/** JSON with object keys sorted at every depth, so that key order never tells two bodies apart. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes a repeat the same request: method, actual path (ids included) and body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method}\n${path}\n${canonicalJson(body)}`).digest('hex');
}

export class IdempotencyKeyReusedError extends DomainError {
  readonly status = 422;
  readonly problemType = 'idempotency-key-reused';
  readonly title = 'Idempotency-Key reused';
  constructor() {
    super(`This ${IDEMPOTENCY_KEY_HEADER} was used for a different request (method, path or body); send a new key with a new request`);
  }
}

/** The rare loser of a race whose winner cannot be read back (it expired meanwhile): a retry runs afresh. */
export class IdempotencyKeyUnsettledError extends DomainError {
  readonly status = 409;
  readonly problemType = 'idempotency-key-unsettled';
  readonly title = 'Idempotency-Key unsettled';
  constructor() {
    super(`The earlier request with this ${IDEMPOTENCY_KEY_HEADER} could not be read back; retry`);
  }
}
