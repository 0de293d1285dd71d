import { context, propagation, trace, Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OtlpExporterSettings, readTraceSettings, TraceSettings } from './trace-settings';

export interface TracingOptions {
  /** The variables to read (default: the process's environment). */
  env?: NodeJS.ProcessEnv;
  /** Processors that receive every span besides the configured exporter's (an in-memory exporter's, in tests). */
  spanProcessors?: SpanProcessor[];
}

interface Installed {
  settings: TraceSettings;
  processors: SpanProcessor[];
  /** One provider per service, so that each span names its service even when all five share a process. */
  tracers: Map<string, Tracer>;
}

let installed: Installed | undefined;

/**
 * Installs tracing for the process, once: W3C Trace Context propagation, the active span kept
 * across async calls, and — only when the environment configures one — an OTLP exporter,
 * loaded then and not before. Later calls return what the first one installed and ignore
 * their options, so a test can install an in-memory exporter before the services start.
 * Throws TracingConfigError (naming the variable) on a setting it cannot use.
 */
export function startTracing(options: TracingOptions = {}): TraceSettings {
  if (installed) return installed.settings;
  const settings = readTraceSettings(options.env ?? process.env);
  const processors = settings.enabled ? [...(options.spanProcessors ?? [])] : [];
  if (settings.exporter) processors.push(new BatchSpanProcessor(createExporter(settings.exporter)));
  if (settings.enabled) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  }
  installed = { settings, processors, tracers: new Map() };
  return settings;
}

/** Sends what is left to the exporter and stops it (at shutdown); tracing stays installed. */
export async function stopTracing(): Promise<void> {
  if (!installed) return;
  const { processors } = installed;
  installed.processors = [];
  installed.tracers.clear();
  await Promise.allSettled(processors.map((processor) => processor.shutdown()));
}

/**
 * The tracer of `service`: its spans carry `service.name` = the service. Before tracing is
 * started (or with OTEL_SDK_DISABLED=true) it makes no spans and carries no context.
 */
export function tracerFor(service: string): Tracer {
  if (!installed?.settings.enabled) return trace.getTracer(service);
  let tracer = installed.tracers.get(service);
  if (!tracer) {
    // OTEL_RESOURCE_ATTRIBUTES adds to the resource (deployment.environment …); the service's name is ours.
    const resource = defaultResource()
      .merge(detectResources({ detectors: [envDetector] }))
      .merge(resourceFromAttributes({ 'service.name': service, 'service.namespace': 'icjims' }));
    tracer = new BasicTracerProvider({ resource, spanProcessors: installed.processors }).getTracer('icjims');
    installed.tracers.set(service, tracer);
  }
  return tracer;
}

/** The OTLP/HTTP exporter of the configured protocol, required only now: a process that exports nothing never loads it. */
function createExporter({ protocol, url }: OtlpExporterSettings): SpanExporter {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, to keep it out of every start-up */
  const { OTLPTraceExporter } = (
    protocol === 'http/json' ? require('@opentelemetry/exporter-trace-otlp-http') : require('@opentelemetry/exporter-trace-otlp-proto')
  ) as typeof import('@opentelemetry/exporter-trace-otlp-proto');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return new OTLPTraceExporter({ url });
}
