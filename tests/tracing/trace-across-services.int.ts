import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CaseRegistered, parseTraceparent, StepRecorded } from '@icjims/contracts';
import { startTracing } from '@icjims/observability';
import { eventually, http, outboxCloudEvents, RunningServices, startServices } from '@icjims/testing';
import { registration } from '../../apps/case-registry/src/case-registry.fixtures';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';

const TRACE_ID = '5c2f8d1e9a7b4c3d8e6f1a2b3c4d5e6f';
const CLIENT_SPAN = 'a1b2c3d4e5f60718';

/**
 * Issue 11, "Tracing", through the real stack: a client's traceparent on a registration is
 * continued by case-registry's server span, carried by case.registered in the outbox (the
 * CloudEvents distributed-tracing extension), continued by procedural-steps' consumer span,
 * and carried on by the step.recorded that the consumer records — one trace throughout.
 */
describe('one trace from a request across the bus', () => {
  const spans = new InMemorySpanExporter();
  let services: RunningServices;
  let registry: string;
  let prosecutor: string;

  beforeAll(async () => {
    // Installed before the services start (their own start finds it installed); no OTEL_* of the shell.
    startTracing({ env: {}, spanProcessors: [new SimpleSpanProcessor(spans)] });
    services = await startServices([caseRegistryService, proceduralStepsService]);
    registry = `${services.urls['case-registry']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  }, 60_000);
  afterAll(() => services?.stop());

  const finished = (predicate: (span: ReadableSpan) => boolean) => spans.getFinishedSpans().filter(predicate);
  const service = (span: ReadableSpan) => span.resource.attributes['service.name'];

  it('keeps the client’s trace id from the request to the event caused by its event', async () => {
    const response = await http('POST', `${registry}/cases`, {
      token: prosecutor,
      body: registration(),
      headers: { traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01`, tracestate: 'client=abc' },
    });
    expect(response.status).toBe(201);
    const caseId = (response.body as { id: string }).id;

    // The server span: a child of the client's, named by the route, and named in the response.
    const [server] = await eventually(async () => {
      const found = finished((span) => span.kind === SpanKind.SERVER && span.name === 'POST /api/v1/cases');
      return found.length ? found : undefined;
    }, 5_000, 'the server span');
    expect(service(server)).toBe('case-registry');
    expect(server.spanContext().traceId).toBe(TRACE_ID);
    expect(server.parentSpanContext?.spanId).toBe(CLIENT_SPAN);
    expect(parseTraceparent(response.headers.get('traceresponse'))).toMatchObject({ traceId: TRACE_ID, parentId: server.spanContext().spanId });

    // case.registered in the outbox carries the server span as its traceparent, the tracestate with it.
    const [registered] = await outboxCloudEvents(services.db, CaseRegistered, caseId);
    expect(parseTraceparent(registered.traceparent)).toEqual({ version: '00', traceId: TRACE_ID, parentId: server.spanContext().spanId, flags: 1 });
    expect(registered.tracestate).toBe('client=abc');

    // procedural-steps applies it in a consumer span, a child of the server span.
    const [consumer] = await eventually(async () => {
      const found = finished((span) => span.kind === SpanKind.CONSUMER && span.name === `process ${CaseRegistered.type}` && span.attributes['messaging.message.id'] === registered.id);
      return found.length ? found : undefined;
    }, 15_000, 'procedural-steps to apply case.registered');
    expect(service(consumer)).toBe('procedural-steps');
    expect(consumer.spanContext().traceId).toBe(TRACE_ID);
    expect(consumer.parentSpanContext?.spanId).toBe(server.spanContext().spanId);

    // …and the registration step it records carries the consumer span onward (the span ends before its batch commits).
    const [step] = await eventually(async () => {
      const steps = await outboxCloudEvents(services.db, StepRecorded, caseId);
      return steps.length ? steps : undefined;
    }, 5_000, 'the registration step in the outbox');
    expect(step.data.stepType).toBe('registration');
    expect(parseTraceparent(step.traceparent)).toEqual({ version: '00', traceId: TRACE_ID, parentId: consumer.spanContext().spanId, flags: 1 });
  }, 30_000);

  it('starts a new trace for a request without a traceparent, and its events carry it', async () => {
    const response = await http('POST', `${registry}/cases`, { token: prosecutor, body: registration() });
    expect(response.status).toBe(201);
    const traced = parseTraceparent(response.headers.get('traceresponse'));
    expect(traced?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traced?.traceId).not.toBe(TRACE_ID);
    const [registered] = await outboxCloudEvents(services.db, CaseRegistered, (response.body as { id: string }).id);
    expect(parseTraceparent(registered.traceparent)).toMatchObject({ traceId: traced?.traceId, parentId: traced?.parentId });
    expect(registered).not.toHaveProperty('tracestate');
  }, 30_000);
});
