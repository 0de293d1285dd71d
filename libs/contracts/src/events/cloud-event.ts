import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { DISTRIBUTED_TRACING_SCHEMA, DistributedTracing, validTracingOf } from './cloud-event-tracing';
import { instanceAtOnce, validAtOnce } from '../validation/valid-at-once';
import { ServiceName } from './services';

export * from './cloud-event-tracing';

/**
 * A CloudEvents 1.0 envelope (structured JSON mode). `subject` is the case id (or the
 * probation case id) and is also the Kafka key, so one case's events stay in order.
 * `correlationid` is an extension attribute: the request that caused the event;
 * `traceparent` and `tracestate` (the distributed-tracing extension, optional) its trace.
 */
export interface CloudEvent<T = unknown> extends DistributedTracing {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  correlationid: string;
  data: T;
}

export type DataClass<T> = new () => T;

/** One versioned event type: `icjims.<service>.<name>.v<version>` and the class that validates its data. */
export interface EventDefinition<T extends object> {
  readonly service: ServiceName;
  readonly name: string;
  readonly version: number;
  readonly type: string;
  readonly dataClass: DataClass<T>;
}

export function defineEvent<T extends object>(
  service: ServiceName,
  name: string,
  version: number,
  dataClass: DataClass<T>,
): EventDefinition<T> {
  return { service, name, version, type: `icjims.${service}.${name}.v${version}`, dataClass };
}

/** A new event of `definition` about `subject`, as its producing service emits it (in the trace `tracing` names, if any). */
export function newCloudEvent<T extends object>(
  definition: EventDefinition<T>,
  subject: string,
  data: T,
  correlationid: string,
  tracing: DistributedTracing = {},
): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: `/icjims/${definition.service}`,
    type: definition.type,
    subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    correlationid,
    ...validTracingOf({ ...tracing }),
    data,
  };
}

export class EventSchemaError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}: ${problems.join('; ')}` : message);
    this.name = 'EventSchemaError';
  }
}

const ENVELOPE_STRINGS = ['id', 'source', 'type', 'subject', 'time', 'correlationid'] as const;

/**
 * The envelope as JSON Schema: what `parseCloudEvent` below requires of every message, for the
 * AsyncAPI document (each message narrows `type`, `source` and `data`).
 */
export const CLOUD_EVENT_SCHEMA = {
  type: 'object',
  required: ['specversion', ...ENVELOPE_STRINGS, 'data'],
  properties: {
    specversion: { const: '1.0' },
    ...Object.fromEntries(ENVELOPE_STRINGS.map((key) => [key, { type: 'string', minLength: 1 }])),
    datacontenttype: { const: 'application/json' },
    ...DISTRIBUTED_TRACING_SCHEMA,
    data: { type: 'object' },
  },
} as const;

/**
 * Parses a bus message value into an envelope; throws EventSchemaError on anything malformed.
 * A malformed `traceparent` or `tracestate` is dropped instead: the event stands without it.
 */
export function parseCloudEvent(value: string): CloudEvent<unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new EventSchemaError('message is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) throw new EventSchemaError('message is not a JSON object');
  const envelope = parsed as Record<string, unknown>;
  const problems: string[] = [];
  if (envelope.specversion !== '1.0') problems.push('specversion must be "1.0"');
  for (const key of ENVELOPE_STRINGS) {
    if (typeof envelope[key] !== 'string' || envelope[key] === '') problems.push(`${key} must be a non-empty string`);
  }
  if (typeof envelope.data !== 'object' || envelope.data === null) problems.push('data must be an object');
  if (problems.length) throw new EventSchemaError('invalid CloudEvent envelope', problems);
  const { traceparent: _traceparent, tracestate: _tracestate, ...rest } = envelope;
  return { ...rest, ...validTracingOf(envelope) } as unknown as CloudEvent<unknown>;
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => `${path}: ${reason}`);
    return [...own, ...describe(error.children ?? [], path)];
  });
}

/**
 * Validates an event's data against its definition; returns the typed event (its data an
 * instance of the data class) or throws EventSchemaError.
 */
export function validateEventData<T extends object>(definition: EventDefinition<T>, event: CloudEvent<unknown>): CloudEvent<T> {
  if (validAtOnce(definition.dataClass, event.data)) {
    return { ...event, data: instanceAtOnce(definition.dataClass, event.data) ?? plainToInstance(definition.dataClass, event.data as object) };
  }
  const data = plainToInstance(definition.dataClass, event.data as object);
  throwProblemsOf(definition, data);
  return { ...event, data };
}

/** Checks data an event of `definition` is about to carry, as `validateEventData` would; throws EventSchemaError. */
export function checkEventData<T extends object>(definition: EventDefinition<T>, data: unknown): void {
  if (!validAtOnce(definition.dataClass, data)) throwProblemsOf(definition, plainToInstance(definition.dataClass, data as object));
}

function throwProblemsOf(definition: EventDefinition<object>, data: object): void {
  const errors = validateSync(data, { whitelist: false, forbidUnknownValues: true });
  if (errors.length) throw new EventSchemaError(`invalid data for ${definition.type}`, describe(errors));
}
