// A process of its own for otlp-export.int.ts (the OTLP exporter loads node:http with a dynamic
// import, which Jest's module sandbox cannot do): installs tracing from its environment as a
// service does, ends one span, flushes, and prints its trace id and whether an OTLP exporter was loaded.
import { startTracing, stopTracing, tracerFor } from '../tracing/tracing';

async function main(): Promise<void> {
  const settings = startTracing();
  const span = tracerFor('audit').startSpan('verify the log');
  span.end();
  await stopTracing();
  const exporterLoaded = Object.keys(require.cache).some((file) => file.includes('exporter-trace-otlp'));
  process.stdout.write(`${JSON.stringify({ traceId: span.spanContext().traceId, exporter: settings.exporter ?? null, exporterLoaded })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
