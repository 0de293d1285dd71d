import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One registry per service (several services may share a process), labelled with the
 * service name, holding the metrics every service exposes on GET /metrics. Nothing here is
 * collected from the database when scraped: what is read from it (the outbox, dead letters)
 * or from the broker (consumer lag) is refreshed in the background (BackgroundRefresh) and
 * served from memory, so that /metrics answers while the database does not.
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
  /** Outbox rows not yet published (dead letters included), as of the last refresh. */
  readonly outboxUnpublished: Gauge;
  /** Age of the oldest unpublished outbox row, 0 when there is none. */
  readonly outboxOldestAge: Gauge;
  /** Dead-lettered messages kept (the outbox's dead-letter rows not yet pruned). */
  readonly deadLetters: Gauge;
  /** Messages on a consumed topic that this service's consumer group has not consumed yet. */
  readonly consumerLag: Gauge<'topic'>;
  /** 1 when the last readiness check passed, else 0. */
  readonly ready: Gauge;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpRequests = new Histogram({
      name: 'icjims_http_request_duration_seconds',
      help: 'HTTP request duration by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.eventsPublished = new Counter({
      name: 'icjims_events_published_total',
      help: 'Events relayed from the outbox to the bus',
      labelNames: ['type'],
      registers,
    });
    this.eventsConsumed = new Counter({
      name: 'icjims_events_consumed_total',
      help: 'Events received by this service: processed, duplicate (already in the inbox), ignored or dead-lettered',
      labelNames: ['type', 'result'],
      registers,
    });
    this.malformedRequests = new Counter({
      name: 'icjims_http_malformed_requests_total',
      help: 'Requests refused by the HTTP parser before routing (no access entry: no method or path could be read), by status',
      labelNames: ['status'],
      registers,
    });
    this.throttledRequests = new Counter({
      name: 'icjims_http_throttled_requests_total',
      help: 'Requests the rate limiter turned away with 429, by limit (address or user)',
      labelNames: ['limit'],
      registers,
    });
    this.outboxUnpublished = new Gauge({
      name: 'icjims_outbox_unpublished_messages',
      help: 'Outbox rows not yet published to the bus (dead letters included), as of the last background refresh',
      registers,
    });
    this.outboxOldestAge = new Gauge({
      name: 'icjims_outbox_oldest_age_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when none), as of the last background refresh',
      registers,
    });
    this.deadLetters = new Gauge({
      name: 'icjims_dead_letter_messages',
      help: 'Messages this service dead-lettered and has not replayed (npm run dead-letters), as of the last background refresh',
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'icjims_consumer_lag_messages',
      help: "Messages on a consumed topic not yet consumed by this service's group (Kafka: high watermark minus committed offset; in-process: queued or in hand)",
      labelNames: ['topic'],
      registers,
    });
    this.ready = new Gauge({
      name: 'icjims_ready',
      help: 'Whether the last readiness check passed (1) or not (0): database and bus reachable, not draining',
      registers,
    });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
