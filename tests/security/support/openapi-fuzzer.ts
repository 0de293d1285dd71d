/**
 * Requests generated from an OpenAPI 3 document, well-formed and hostile in turn: every
 * operation, every parameter and body field, with values drawn from the schema and from a
 * list of what attackers send (control characters, bidi overrides, lone surrogates, huge
 * and deeply nested values, wrong types, unknown enum values, nulls). Deterministic for a seed.
 */

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface OperationObject {
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  nullable?: boolean;
  additionalProperties?: boolean | Schema;
}

export interface FuzzOperation {
  method: string;
  path: string;
  operation: OperationObject;
}

export interface FuzzRequest {
  method: string;
  /** Path and query, already encoded. */
  url: string;
  headers: Record<string, string>;
  /** Raw body text (JSON or deliberately not). */
  body?: string;
}

/** mulberry32: small, fast, good enough to make a run reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings attackers try in any text field. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  'line\nbreak',
  'tab\tand\rreturn',
  '\u0007\u001b[31mred',
  '\u0085\u009b',
  '\u202eevil\u202c',
  '\ud800',
  'x\udfffy',
  '\uffff\ufffe',
  '😀👨‍👩‍👧',
  "'; DROP TABLE cases; --",
  '%00',
  '%0a%0d',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://127.0.0.1")',
  '${jndi:ldap://127.0.0.1/a}',
  '{"$where":"1"}',
  '\\u0000',
  'a'.repeat(300),
  'b'.repeat(5000),
  'Ωмир中文',
  '0',
  '-1',
  'null',
  'true',
  '2026-02-30T25:61:00Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '00000000-0000-0000-0000-000000000000',
];

const HOSTILE_NUMBERS: unknown[] = [0, -1, 1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1.5, 1e308, '1', 'NaN', null, true, [], {}];

export class OpenApiFuzzer {
  private readonly random: () => number;

  constructor(
    private readonly document: OpenApiDocument,
    seed: number,
    /** Valid ids the fuzzer may use for path parameters and id fields, besides random ones. */
    private readonly knownIds: string[] = [],
  ) {
    this.random = seededRandom(seed);
  }

  operations(): FuzzOperation[] {
    return Object.entries(this.document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );
  }

  /** One request for `op`; `hostility` from 0 (as valid as the schema allows) to 1 (everything wrong). */
  request(op: FuzzOperation, hostility: number): FuzzRequest {
    const headers: Record<string, string> = {};
    let path = op.path;
    const query: string[] = [];
    for (const parameter of op.operation.parameters ?? []) {
      const value = this.value(parameter.schema ?? { type: 'string' }, hostility, 0, parameter.name);
      if (parameter.in === 'path') {
        path = path.replace(`{${parameter.name}}`, encodeComponent(String(this.scalar(value))));
      } else if (parameter.in === 'query') {
        if (!parameter.required && this.chance(0.5)) continue;
        if (value === undefined) continue;
        query.push(`${encodeComponent(parameter.name)}=${encodeComponent(String(this.scalar(value)))}`);
      } else if (parameter.in === 'header') {
        const text = String(this.scalar(value));
        // fetch refuses header values with control characters; the raw-socket attacks cover those.
        if (/^[\t\x20-\x7e]*$/.test(text) && text.length < 4000) headers[parameter.name] = text;
      }
    }
    if (this.chance(hostility * 0.2)) query.push(`${encodeComponent(this.pick(HOSTILE_STRINGS))}=${encodeComponent(this.pick(HOSTILE_STRINGS))}`);
    const url = `${path}${query.length ? `?${query.join('&')}` : ''}`;

    const schema = op.operation.requestBody?.content?.['application/json']?.schema;
    let body: string | undefined;
    if (schema || ['POST', 'PUT', 'PATCH'].includes(op.method)) {
      if (this.chance(hostility * 0.08)) body = this.pick(['{', '[1,2', 'not json', '"\u0000"', '{"a":1,"a":2}', '[]', 'null', '1e999', deepJson(this.int(50, 5000))]);
      else body = JSON.stringify(this.value(schema ?? { type: 'object' }, hostility, 0, 'body') ?? null);
    }
    return { method: op.method, url, headers, body };
  }

  private value(schema: Schema, hostility: number, depth: number, name: string): unknown {
    const resolved = this.resolve(schema);
    if (this.chance(hostility * 0.25)) return this.hostile(resolved);
    if (resolved.enum?.length) return this.chance(hostility * 0.3) ? 'not_a_listed_value' : this.pick(resolved.enum);
    if (resolved.oneOf || resolved.anyOf) return this.value(this.pick((resolved.oneOf ?? resolved.anyOf)!), hostility, depth, name);
    switch (resolved.type) {
      case 'string':
        return this.string(resolved, name);
      case 'integer':
        return this.int(resolved.minimum ?? 0, Math.min(resolved.maximum ?? 1000, 1000));
      case 'number':
        return this.random() * 100;
      case 'boolean':
        return this.chance(0.5);
      case 'array': {
        if (depth > 4) return [];
        const length = this.int(0, 3);
        return Array.from({ length }, () => this.value(resolved.items ?? { type: 'string' }, hostility, depth + 1, name));
      }
      default: {
        if (depth > 4) return {};
        const result: Record<string, unknown> = {};
        const required = new Set(resolved.required ?? []);
        for (const [key, property] of Object.entries(resolved.properties ?? {})) {
          if (!required.has(key) && this.chance(0.4)) continue;
          if (required.has(key) && this.chance(hostility * 0.1)) continue;
          result[key] = this.value(property, hostility, depth + 1, key);
        }
        if (this.chance(hostility * 0.1)) result[this.pick(['__proto__', 'constructor', 'extra', 'a\u0000b', '$where'])] = this.pick(HOSTILE_STRINGS);
        return result;
      }
    }
  }

  private string(schema: Schema, name: string): string {
    if (schema.format === 'uuid' || /id$/i.test(name)) {
      return this.knownIds.length && this.chance(0.5) ? this.pick(this.knownIds) : randomUuid(this.random);
    }
    if (schema.format === 'date-time') return new Date(Date.UTC(2026, 0, 1) + this.int(0, 300) * 86_400_000).toISOString();
    if (schema.format === 'date') return `2026-0${this.int(1, 9)}-1${this.int(0, 9)}`;
    const length = Math.min(schema.maxLength ?? 20, 20);
    return Array.from({ length: Math.max(1, this.int(1, length)) }, () => String.fromCharCode(97 + this.int(0, 25))).join('');
  }

  private hostile(schema: Schema): unknown {
    if (schema.type === 'integer' || schema.type === 'number') return this.pick(HOSTILE_NUMBERS);
    if (schema.type === 'array') return this.pick([null, 'x', {}, Array.from({ length: 2000 }, () => 'x'), [[[[]]]], [null]]);
    if (schema.type === 'object' || schema.properties) return this.pick([null, [], 'x', 1, {}]);
    return this.pick([...HOSTILE_STRINGS, null, 1, true, [], {}, ['x']]);
  }

  private resolve(schema: Schema): Schema {
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      return this.resolve(this.document.components?.schemas?.[name] ?? {});
    }
    if (schema.allOf?.length) return schema.allOf.map((part) => this.resolve(part)).reduce((merged, part) => ({ ...merged, ...part, properties: { ...merged.properties, ...part.properties } }), {} as Schema);
    return schema;
  }

  private scalar(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value ?? '';
    return JSON.stringify(value);
  }

  chance(probability: number): boolean {
    return this.random() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
}

/**
 * encodeURIComponent, except that a lone surrogate is sent as the (invalid) UTF-8 bytes of
 * its code unit instead of throwing — what a hostile client would put on the wire.
 */
export function encodeComponent(text: string): string {
  let encoded = '';
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else encoded += encodeURIComponent(char);
  }
  return encoded;
}

/** `depth` nested arrays: what a naive recursive parser or validator chokes on. */
export function deepJson(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function randomUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
