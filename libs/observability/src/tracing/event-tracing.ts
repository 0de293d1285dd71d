import { Context, context, createTraceState, isSpanContextValid, Link, ROOT_CONTEXT, SpanContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { CloudEvent, DistributedTracing, formatTraceparent, parseTraceparent } from '@icjims/contracts';
import { tracerFor } from './tracing';

/**
 * The trace an event recorded now belongs to: the active span's context as the CloudEvents
 * distributed-tracing attributes, or nothing outside any span (or with tracing off).
 */
export function currentTracing(): DistributedTracing {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  const traceparent = formatTraceparent({ traceId: spanContext.traceId, parentId: spanContext.spanId, flags: spanContext.traceFlags });
  const tracestate = spanContext.traceState?.serialize();
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/** The remote span an event names (its producer's), if it carries a valid traceparent. */
function spanContextOf(event: DistributedTracing): SpanContext | undefined {
  const parsed = parseTraceparent(event.traceparent);
  if (!parsed) return undefined;
  return {
    traceId: parsed.traceId,
    spanId: parsed.parentId,
    traceFlags: parsed.flags & 0xff,
    isRemote: true,
    ...(event.tracestate ? { traceState: createTraceState(event.tracestate) } : {}),
  };
}

/**
 * Runs `work` (applying `events` in `service`) in a consumer span: for one event, a child of
 * the span that recorded it (a new trace for an event without one); for several, a span of its
 * own linked to each event's. Never a child of whatever happens to be active: an in-process
 * delivery may run inside the publishing side's context. Events recorded in `work` carry
 * this span onward. The span ends with `work`, marked as an error if it throws.
 */
export function withEventSpan<T>(service: string, events: readonly CloudEvent<unknown>[], work: () => Promise<T>): Promise<T> {
  const contexts = events.map(spanContextOf);
  const single = events.length === 1;
  const parent: Context = single && contexts[0] ? trace.setSpanContext(ROOT_CONTEXT, contexts[0]) : ROOT_CONTEXT;
  const links: Link[] = single ? [] : contexts.filter((found): found is SpanContext => found !== undefined).map((found) => ({ context: found }));
  const types = new Set(events.map((event) => event.type));
  const [type] = types;
  const span = tracerFor(service).startSpan(
    `process ${types.size === 1 ? type : 'events'}`,
    {
      kind: SpanKind.CONSUMER,
      links,
      attributes: {
        'messaging.operation.type': 'process',
        'messaging.consumer.group.name': service,
        ...(single ? { 'messaging.message.id': events[0].id } : { 'messaging.batch.message_count': events.length }),
        ...(types.size === 1 ? { 'cloudevents.event_type': type } : {}),
      },
    },
    parent,
  );
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}
