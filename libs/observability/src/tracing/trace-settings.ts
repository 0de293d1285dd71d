/**
 * What the standard OpenTelemetry variables ask of tracing. Spans are always made (their ids
 * go into the logs and onto the bus); they leave the process only when an exporter is
 * configured: `OTEL_TRACES_EXPORTER=otlp`, or an OTLP endpoint set and the exporter not `none`.
 */
export interface TraceSettings {
  /** False with OTEL_SDK_DISABLED=true: no spans at all, no trace ids in logs or events. */
  enabled: boolean;
  /** Where finished spans are sent; absent when nothing is sent anywhere. */
  exporter?: OtlpExporterSettings;
}

export interface OtlpExporterSettings {
  protocol: OtlpProtocol;
  /** The full URL spans are POSTed to (…/v1/traces). */
  url: string;
}

const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** A tracing variable with a value it cannot take; the message names the variable. */
export class TracingConfigError extends Error {
  constructor(variable: string, expected: string, value: string) {
    super(`Invalid configuration: ${variable} must be ${expected} (got "${value.slice(0, 60)}")`);
    this.name = 'TracingConfigError';
  }
}

/** The default of the OTLP/HTTP specification, used only when the exporter is asked for without an endpoint. */
const DEFAULT_OTLP_BASE = 'http://localhost:4318';

function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function httpUrl(variable: string, value: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new TracingConfigError(variable, 'an http:// or https:// URL', value);
}

/** Signal-specific endpoints are used as they are; the general one gets the signal's path, as the OTLP specification says. */
function tracesUrl(env: NodeJS.ProcessEnv): string {
  const own = setting(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (own) return httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', own).href;
  const base = setting(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const url = base ? httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', base) : new URL(DEFAULT_OTLP_BASE);
  return `${url.href.replace(/\/$/, '')}/v1/traces`;
}

function protocol(env: NodeJS.ProcessEnv): OtlpProtocol {
  const variable = setting(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const value = setting(env, variable) ?? 'http/protobuf';
  if (!(OTLP_PROTOCOLS as readonly string[]).includes(value)) throw new TracingConfigError(variable, OTLP_PROTOCOLS.join(' or '), value);
  return value as OtlpProtocol;
}

/** Reads the tracing variables; throws TracingConfigError on a value it cannot use. */
export function readTraceSettings(env: NodeJS.ProcessEnv): TraceSettings {
  if (setting(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return { enabled: false };
  const exporters = (setting(env, 'OTEL_TRACES_EXPORTER') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of exporters) {
    if (name !== 'otlp' && name !== 'none') throw new TracingConfigError('OTEL_TRACES_EXPORTER', 'otlp or none', name);
  }
  const endpointSet = setting(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') !== undefined || setting(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') !== undefined;
  // Off unless configured: unlike the SDK's own default, no exporter is assumed without an endpoint.
  const wanted = exporters.includes('otlp') || (exporters.length === 0 && endpointSet);
  return wanted ? { enabled: true, exporter: { protocol: protocol(env), url: tracesUrl(env) } } : { enabled: true };
}
