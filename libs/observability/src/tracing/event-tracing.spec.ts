import { randomUUID } from 'node:crypto';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CloudEvent, parseTraceparent } from '@icjims/contracts';
import { createLogger } from '../logger';
import { currentTracing, withEventSpan } from './event-tracing';
import { startTracing, tracerFor } from './tracing';

const spans = new InMemorySpanExporter();
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const OTHER_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

function event(tracing: { traceparent?: string; tracestate?: string } = {}, type = 'icjims.case-registry.case.registered.v1'): CloudEvent<unknown> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/icjims/case-registry',
    type,
    subject: randomUUID(),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    correlationid: 'req-1',
    ...tracing,
    data: {},
  };
}

beforeAll(() => {
  startTracing({ env: {}, spanProcessors: [new SimpleSpanProcessor(spans)] });
});
beforeEach(() => spans.reset());

describe('currentTracing', () => {
  it('is empty outside any span', () => {
    expect(currentTracing()).toEqual({});
  });

  it('is the active span as a traceparent, with its tracestate', () => {
    const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true });
    const span = tracerFor('case-registry').startSpan('request', {}, parent);
    const tracing = context.with(trace.setSpan(parent, span), () => currentTracing());
    span.end();
    expect(parseTraceparent(tracing.traceparent)).toEqual({ version: '00', traceId: TRACE_ID, parentId: span.spanContext().spanId, flags: 1 });
    expect(tracing.tracestate).toBeUndefined();
  });
});

describe('withEventSpan', () => {
  it('makes the consumer span of one event a child of the span that recorded it, and what it records carries the consumer span', async () => {
    const traceparent = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
    const received = event({ traceparent, tracestate: 'rojo=1' });
    const onward = await withEventSpan('procedural-steps', [received], async () => currentTracing());
    const [span] = spans.getFinishedSpans();
    expect(span.name).toBe('process icjims.case-registry.case.registered.v1');
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext).toMatchObject({ spanId: '00f067aa0ba902b7', isRemote: true });
    expect(span.attributes).toMatchObject({ 'messaging.message.id': received.id, 'messaging.consumer.group.name': 'procedural-steps' });
    expect(span.resource.attributes['service.name']).toBe('procedural-steps');
    expect(onward).toEqual({ traceparent: `00-${TRACE_ID}-${span.spanContext().spanId}-01`, tracestate: 'rojo=1' });
  });

  it('starts a new trace for an event without tracing, never continuing what happens to be active', async () => {
    const publisher = tracerFor('case-registry').startSpan('publishing side');
    await context.with(trace.setSpan(ROOT_CONTEXT, publisher), () => withEventSpan('analytics', [event()], async () => undefined));
    publisher.end();
    const consumer = spans.getFinishedSpans().find((span) => span.name.startsWith('process'));
    expect(consumer?.parentSpanContext).toBeUndefined();
    expect(consumer?.spanContext().traceId).not.toBe(publisher.spanContext().traceId);
  });

  it('links a batch’s span to each event’s trace', async () => {
    const events = [event({ traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` }), event(), event({ traceparent: `00-${OTHER_TRACE_ID}-b7ad6b7169203331-01` })];
    await withEventSpan('analytics', events, async () => undefined);
    const [span] = spans.getFinishedSpans();
    expect(span.name).toBe('process icjims.case-registry.case.registered.v1');
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links.map((link) => link.context.traceId)).toEqual([TRACE_ID, OTHER_TRACE_ID]);
    expect(span.attributes['messaging.batch.message_count']).toBe(3);
  });

  it('marks the span as an error when the work throws, and throws on', async () => {
    await expect(withEventSpan('audit', [event()], async () => Promise.reject(new TypeError('no')))).rejects.toThrow('no');
    const [span] = spans.getFinishedSpans();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'TypeError' });
  });

  it('puts the consumer span’s ids on the log lines written inside it', async () => {
    const lines: string[] = [];
    const logger = createLogger({ service: 'procedural-steps' }, { write: (line: string) => void lines.push(line) });
    await withEventSpan('procedural-steps', [event({ traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` })], async () => logger.info('applied'));
    logger.info('outside');
    const [span] = spans.getFinishedSpans();
    const [inside, outside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({ msg: 'applied', trace_id: TRACE_ID, span_id: span.spanContext().spanId });
    expect(outside).not.toHaveProperty('trace_id');
  });
});
