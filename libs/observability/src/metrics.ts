import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One registry per service (several services may share a process), labelled with the
 * service name, holding the metrics every service exposes on GET /metrics.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Histogram<'method' | 'route' | 'status'>;
  readonly eventsPublished: Counter<'type'>;
  readonly eventsConsumed: Counter<'type' | 'result'>;
  /** Requests Node's HTTP parser refused before any route saw them (malformed, headers too large …). */
  readonly malformedRequests: Counter<'status'>;
  /** Requests the rate limiter turned away, by limit (address or user). */
  readonly throttledRequests: Counter<'limit'>;
  private outboxBacklogProbe: (() => Promise<number>) | undefined;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Histogram({
      name: 'icjims_http_request_duration_seconds',
      help: 'HTTP request duration by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.eventsPublished = new Counter({
      name: 'icjims_events_published_total',
      help: 'Events relayed from the outbox to the bus',
      labelNames: ['type'],
      registers: [this.registry],
    });
    this.eventsConsumed = new Counter({
      name: 'icjims_events_consumed_total',
      help: 'Events received by this service: processed, duplicate (already in the inbox), ignored or dead-lettered',
      labelNames: ['type', 'result'],
      registers: [this.registry],
    });
    this.malformedRequests = new Counter({
      name: 'icjims_http_malformed_requests_total',
      help: 'Requests refused by the HTTP parser before routing (no access entry: no method or path could be read), by status',
      labelNames: ['status'],
      registers: [this.registry],
    });
    this.throttledRequests = new Counter({
      name: 'icjims_http_throttled_requests_total',
      help: 'Requests the rate limiter turned away with 429, by limit (address or user)',
      labelNames: ['limit'],
      registers: [this.registry],
    });
    const backlog = () => this.outboxBacklogProbe?.();
    new Gauge({
      name: 'icjims_outbox_unpublished',
      help: 'Outbox rows not yet published, counted when scraped',
      registers: [this.registry],
      async collect() {
        const count = await backlog();
        if (count !== undefined) this.set(count);
      },
    });
  }

  /** How to count the unpublished outbox rows; read at each scrape. */
  measureOutboxBacklog(probe: () => Promise<number>): void {
    this.outboxBacklogProbe = probe;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
