import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { parseTraceparent } from '@icjims/contracts';
import { createLogger, startTracing } from '@icjims/observability';
import { correlationMiddleware, requestLogMiddleware } from './http-pipeline';
import { tracingMiddleware } from './tracing';

// The real middleware, logger and express app; spans kept in memory instead of exported.
const spans = new InMemorySpanExporter();
const logLines: string[] = [];
const memory = { write: (line: string) => void logLines.push(line) };

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

describe('the server span of a request', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    startTracing({ env: {}, spanProcessors: [new SimpleSpanProcessor(spans)] });
    const logger = createLogger({ service: 'case-registry' }, memory);
    const app = express();
    app.use(tracingMiddleware('case-registry'));
    app.use(correlationMiddleware());
    app.use(requestLogMiddleware(logger));
    app.get('/api/v1/cases/:caseId', (_request, response) => {
      logger.info('reading a case');
      response.json({ ok: true });
    });
    app.get('/api/v1/failing', (_request, response) => {
      response.status(503).json({ ok: false });
    });
    app.get('/health', (_request, response) => {
      response.json({ status: 'ok' });
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    spans.reset();
    logLines.length = 0;
  });

  async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(`${base}${path}`, { headers });
    await response.text();
    // The span ends when the response closes, just after the client has it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    return response;
  }

  it('continues the caller’s trace, named by the route template', async () => {
    const response = await get('/api/v1/cases/7d0b8f4e-0000-4000-8000-000000000001?name=Asanova', {
      traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`,
      tracestate: 'rojo=00f067aa0ba902b7',
    });
    expect(response.status).toBe(200);
    const [span] = spans.getFinishedSpans();
    expect(spans.getFinishedSpans()).toHaveLength(1);
    expect(span.name).toBe('GET /api/v1/cases/:caseId');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(span.spanContext().traceState?.get('rojo')).toBe('00f067aa0ba902b7');
    expect(span.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.route': '/api/v1/cases/:caseId', 'http.response.status_code': 200 });
    expect(JSON.stringify(span.attributes)).not.toContain('Asanova');
    expect(span.resource.attributes['service.name']).toBe('case-registry');
  });

  it('answers with a traceresponse header naming the trace and the server span', async () => {
    const response = await get('/api/v1/cases/1', { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` });
    const [span] = spans.getFinishedSpans();
    expect(parseTraceparent(response.headers.get('traceresponse'))).toEqual({ version: '00', traceId: TRACE_ID, parentId: span.spanContext().spanId, flags: 1 });
  });

  it('starts a new trace when the caller sends none, or a malformed one', async () => {
    await get('/api/v1/cases/1');
    await get('/api/v1/cases/1', { traceparent: `00-${TRACE_ID.toUpperCase()}-${CALLER_SPAN}-01` });
    const [first, second] = spans.getFinishedSpans();
    for (const span of [first, second]) {
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanContext().traceId).not.toBe(TRACE_ID.toLowerCase());
    }
    expect(first.spanContext().traceId).not.toBe(second.spanContext().traceId);
  });

  it('puts the trace and span ids on every log line written inside the request, the request line too', async () => {
    await get('/api/v1/cases/1', { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`, 'x-correlation-id': 'trace-log-1' });
    const [span] = spans.getFinishedSpans();
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((entry) => entry.msg)).toEqual(['reading a case', 'request completed']);
    for (const entry of entries) {
      expect(entry).toMatchObject({ trace_id: TRACE_ID, span_id: span.spanContext().spanId, correlationId: 'trace-log-1' });
    }
  });

  it('marks a 5xx answer as an error', async () => {
    await get('/api/v1/failing');
    const [span] = spans.getFinishedSpans();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['http.response.status_code']).toBe(503);
  });

  it('does not trace health checks and metrics', async () => {
    const response = await get('/health', { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` });
    expect(response.status).toBe(200);
    expect(response.headers.get('traceresponse')).toBeNull();
    expect(spans.getFinishedSpans()).toEqual([]);
  });
});
