import { z } from 'zod';

/**
 * The environment a process is configured by, as zod schemas: each variable a schema from its
 * raw string (or undefined) to its typed value, with what docs/operations.md shows of it.
 * Parsed once at start; the first bad value stops the start with one line naming it.
 */

type Env = Record<string, string | undefined>;

/** A bad setting: the message is the one line an operator sees before the process exits. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** What the operations guide says of a variable. */
export interface VariableDocs {
  /** The value when unset, as an operator reads it ("`60`", "unset: the embedded PostgreSQL"). */
  default: string;
  description: string;
}

export type Variable<T> = z.ZodType<T, string | undefined>;

/** Throws the ConfigError of a bad value (the message names the variable). */
export function fail(name: string, expectation: string, value: string): never {
  throw new ConfigError(`Invalid configuration: ${name} must be ${expectation} (got "${value.slice(0, 80)}")`);
}

/**
 * One variable: `read` turns its raw value (undefined when unset or empty) into the setting, or
 * throws a ConfigError naming it. The readers the services already have plug in unchanged.
 */
export function variable<T>(docs: VariableDocs, read: (raw: string | undefined) => T): Variable<T> {
  return z
    .string()
    .optional()
    .transform((raw, context) => {
      try {
        return read(raw === '' ? undefined : raw);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        context.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    })
    .meta({ ...docs });
}

/** The documentation of a variable of a schema. */
export function variableDocs(schema: Variable<unknown>): VariableDocs {
  const meta = z.globalRegistry.get(schema) as Partial<VariableDocs> | undefined;
  return { default: meta?.default ?? '', description: meta?.description ?? '' };
}

/** An integer from `min` to `max`, `fallback` when unset. */
export function integer(name: string, fallback: number, min: number, max: number) {
  return (raw: string | undefined): number => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) fail(name, `an integer from ${min} to ${max}`, raw);
    return value;
  };
}

/** `true` or `false`, false when unset. */
export function flag(name: string) {
  return (raw: string | undefined): boolean => {
    if (raw === undefined || raw === 'false') return false;
    if (raw !== 'true') fail(name, 'true or false', raw);
    return true;
  };
}

/** Hides a password in a URL so that it never reaches a log or an error message. */
export function redactUrl(raw: string): string {
  const at = raw.lastIndexOf('@');
  const scheme = raw.indexOf('://');
  // The user info runs from the scheme to the last "@" before the path; a password may hold "@" or "/".
  if (scheme < 0 || at < scheme) return raw;
  const userInfo = raw.slice(scheme + 3, at);
  const colon = userInfo.indexOf(':');
  if (colon < 0) return raw;
  return `${raw.slice(0, scheme + 3)}${userInfo.slice(0, colon)}:***${raw.slice(at)}`;
}

/** A URL of one of `protocols`; its password never appears in the message. */
export function url(name: string, protocols: string[]) {
  return (raw: string | undefined): string | undefined => {
    if (raw === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(raw);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !protocols.includes(parsed.protocol)) fail(name, `a ${protocols.join(' or ')} URL`, redactUrl(raw));
    return raw;
  };
}

/** One of `values`, `fallback` when unset. */
export function oneOf<T extends string>(name: string, values: readonly T[], fallback: T) {
  return (raw: string | undefined): T => {
    if (raw === undefined) return fallback;
    if (!values.includes(raw as T)) fail(name, `one of ${values.join(', ')}`, raw);
    return raw as T;
  };
}

/** Any text (a path, a name), undefined when unset. */
export function text(raw: string | undefined): string | undefined {
  return raw;
}

/**
 * Variables a service's own reader already checks: each is validated by calling `reader` with
 * that variable alone set (the reader throws a ConfigError naming it), so the bounds live once.
 */
export function checkedBy(reader: (env: Env) => unknown, docs: Record<string, VariableDocs>): Record<string, Variable<string | undefined>> {
  return Object.fromEntries(
    Object.entries(docs).map(([name, described]) => [
      name,
      variable(described, (raw) => {
        reader({ [name]: raw });
        return raw;
      }),
    ]),
  );
}

/** A set of variables and, when given, a check of them together. */
export interface EnvironmentSchema<Shape extends Record<string, Variable<unknown>> = Record<string, Variable<unknown>>> {
  variables: z.ZodObject<Shape>;
  /** Runs once every variable is valid (a reader of several at once, a rule between two); throws a ConfigError naming one. */
  check?(env: Env, parsed: z.output<z.ZodObject<Shape>>): void;
}

export function environmentSchema<Shape extends Record<string, Variable<unknown>>>(
  shape: Shape,
  check?: (env: Env, parsed: z.output<z.ZodObject<Shape>>) => void,
): EnvironmentSchema<Shape> {
  return { variables: z.object(shape), check };
}

/** Parses `env` by `schema`; throws a ConfigError with the first problem, naming its variable. */
export function parseEnvironment<Shape extends Record<string, Variable<unknown>>>(schema: EnvironmentSchema<Shape>, env: Env): z.output<z.ZodObject<Shape>> {
  const result = schema.variables.safeParse(env);
  if (!result.success) {
    const [first] = result.error.issues;
    throw new ConfigError(first.message.startsWith('Invalid configuration:') ? first.message : `Invalid configuration: ${first.path.map(String).join('.')} ${first.message}`);
  }
  schema.check?.(env, result.data);
  return result.data;
}

/** Every variable of a schema with its documentation, in the schema's order. */
export function documentedVariables(schema: EnvironmentSchema): Array<VariableDocs & { name: string }> {
  const shape: Record<string, Variable<unknown>> = schema.variables.shape;
  return Object.entries(shape).map(([name, variable]) => ({ name, ...variableDocs(variable) }));
}

/** The names an environment schema documents. */
export function variableNames(schema: EnvironmentSchema): string[] {
  return Object.keys(schema.variables.shape);
}

/** ICJIMS_* variables set in `env` that none of `schemas` reads: most likely a typo. */
export function unknownIcjimsVariables(env: Env, schemas: EnvironmentSchema[]): string[] {
  const known = new Set(schemas.flatMap(variableNames));
  return Object.keys(env)
    .filter((name) => name.startsWith('ICJIMS_') && !known.has(name))
    .sort();
}
