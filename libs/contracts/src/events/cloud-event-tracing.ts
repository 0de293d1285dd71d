/**
 * The CloudEvents distributed-tracing extension: `traceparent` and `tracestate`, in the
 * W3C Trace Context format (https://www.w3.org/TR/trace-context/), carry the trace of the
 * request or event that caused an event, so its consumers continue the same trace.
 */
export interface DistributedTracing {
  traceparent?: string;
  tracestate?: string;
}

/** The four fields of a `traceparent`: version, trace id, the caller's span id and the trace flags (bit 0: sampled). */
export interface Traceparent {
  version: string;
  traceId: string;
  parentId: string;
  flags: number;
}

// Version 00 is exactly these four fields; a later version may add fields after a dash.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ALL_ZEROS = /^0+$/;

/** A `traceparent` as its fields, or undefined when it is not one the W3C rules accept. */
export function parseTraceparent(value: unknown): Traceparent | undefined {
  if (typeof value !== 'string' || value.length > 512) return undefined;
  const match = TRACEPARENT.exec(value);
  if (!match) return undefined;
  const [, version, traceId, parentId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (ALL_ZEROS.test(traceId) || ALL_ZEROS.test(parentId)) return undefined;
  return { version, traceId, parentId, flags: parseInt(flags, 16) };
}

/** A version-00 `traceparent` of a trace id, a span id and the trace flags; throws if the ids are not valid ones. */
export function formatTraceparent({ traceId, parentId, flags }: Omit<Traceparent, 'version'>): string {
  const value = `00-${traceId}-${parentId}-${(flags & 0xff).toString(16).padStart(2, '0')}`;
  if (!parseTraceparent(value)) throw new Error('a traceparent needs a 32-hex trace id and a 16-hex span id, neither all zeros');
  return value;
}

// A member is key=value; a key is lower-case (optionally tenant@system), a value printable ASCII without , or =.
const TRACESTATE_MEMBER = /^(?:[a-z][a-z0-9_\-*/]{0,255}|[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13})=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
const TRACESTATE_MAX_MEMBERS = 32;
const TRACESTATE_MAX_LENGTH = 512;

/** Whether `value` is a `tracestate` the W3C rules accept (at most 32 members, 512 characters here). */
export function isValidTracestate(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > TRACESTATE_MAX_LENGTH) return false;
  const members = value
    .split(',')
    .map((member) => member.trim())
    .filter((member) => member !== '');
  if (members.length === 0 || members.length > TRACESTATE_MAX_MEMBERS) return false;
  const keys = new Set(members.map((member) => member.slice(0, member.indexOf('='))));
  return keys.size === members.length && members.every((member) => TRACESTATE_MEMBER.test(member));
}

/**
 * The tracing attributes of an envelope that are well formed; a malformed one is left out
 * (its event is still good — only the link to the trace is lost), and a `tracestate`
 * without a `traceparent` means nothing.
 */
export function validTracingOf(envelope: Record<string, unknown>): DistributedTracing {
  if (!parseTraceparent(envelope.traceparent)) return {};
  const traceparent = envelope.traceparent as string;
  return isValidTracestate(envelope.tracestate) ? { traceparent, tracestate: envelope.tracestate } : { traceparent };
}

/** The extension attributes as JSON Schema, for the envelope's schema in the AsyncAPI document. */
export const DISTRIBUTED_TRACING_SCHEMA = {
  traceparent: {
    type: 'string',
    pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?$',
    description: 'W3C Trace Context traceparent of the request or event that caused this event (CloudEvents distributed-tracing extension); optional',
  },
  tracestate: {
    type: 'string',
    maxLength: TRACESTATE_MAX_LENGTH,
    description: 'W3C Trace Context tracestate that goes with traceparent; optional',
  },
} as const;
