import { ServiceMetrics } from './metrics';

/** The value of the one sample of `name` that carries every given label (label order is not fixed). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const matching = text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .filter((line) => Object.entries(labels).every(([label, value]) => line.includes(`${label}="${value}"`)));
  return matching.length === 1 ? Number(matching[0].split(' ').pop()) : undefined;
}

describe('ServiceMetrics', () => {
  it('renders Prometheus text with the service label on every sample', async () => {
    const metrics = new ServiceMetrics('case-registry');
    metrics.httpRequests.observe({ method: 'GET', route: '/api/v1/cases/:caseId', status: '200' }, 0.012);
    metrics.eventsPublished.inc({ type: 'icjims.case-registry.case.registered.v1' });

    const text = await metrics.render();

    expect(text).toContain('# TYPE icjims_http_request_duration_seconds histogram');
    expect(sample(text, 'icjims_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/cases/:caseId', status: '200', service: 'case-registry' })).toBe(1);
    expect(sample(text, 'icjims_events_published_total', { type: 'icjims.case-registry.case.registered.v1', service: 'case-registry' })).toBe(1);
    for (const gauge of ['icjims_outbox_unpublished_messages', 'icjims_outbox_oldest_age_seconds', 'icjims_dead_letter_messages', 'icjims_consumer_lag_messages', 'icjims_ready']) {
      expect(text).toContain(`# TYPE ${gauge} gauge`);
    }
    expect(text).toContain('# TYPE icjims_http_throttled_requests_total counter');
    expect(text).toContain('# TYPE icjims_events_consumed_total counter');
  });

  it('counts rate-limit refusals per service, labelled by limit', async () => {
    const metrics = new ServiceMetrics('probation');
    metrics.throttledRequests.inc({ limit: 'address' });
    metrics.throttledRequests.inc({ limit: 'address' });
    metrics.throttledRequests.inc({ limit: 'user' });
    const text = await metrics.render();
    expect(sample(text, 'icjims_http_throttled_requests_total', { limit: 'address', service: 'probation' })).toBe(2);
    expect(sample(text, 'icjims_http_throttled_requests_total', { limit: 'user', service: 'probation' })).toBe(1);
  });

  it('keeps the metrics of two services in one process apart', async () => {
    const registry = new ServiceMetrics('case-registry');
    const audit = new ServiceMetrics('audit');
    registry.eventsConsumed.inc({ type: 'x', result: 'processed' });

    const auditText = await audit.render();

    expect(sample(auditText, 'icjims_events_consumed_total', { type: 'x' })).toBeUndefined();
    expect(sample(await registry.render(), 'icjims_events_consumed_total', { type: 'x', service: 'case-registry' })).toBe(1);
    expect(auditText).toContain('service="audit"');
    expect(auditText).not.toContain('service="case-registry"');
  });
});
