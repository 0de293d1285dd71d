// Checks deploy/grafana/icjims.json and deploy/prometheus/*.yml against what the services
// export: every metric a dashboard panel or an alert rule reads must be one a started service
// serves on GET /metrics (a renamed metric would otherwise leave a panel empty or an alert
// silent). Both files must parse, and between them cover what operators watch; promtool checks
// their PromQL and the alerts' behaviour (tests/deploy/prometheus-rules.spec.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { http, RunningServices, startServices } from '@icjims/testing';
import { auditService } from '../../apps/audit/src/audit.service';
import { alertRules, dashboard, panelExpressions, panels } from './support/observability-files';

const ROOT = resolve(__dirname, '..', '..');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Series Prometheus itself makes for every target. */
const PROMETHEUS_SERIES = new Set(['up']);

/** The metric names an expression reads: label values, label lists and durations left out. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '') // label lists
    .replace(/\[[^\]]*\]/g, ''); // ranges
  return [...new Set(bare.match(/\b(?:icjims|process|nodejs)_[a-z0-9_]+\b|\bup\b/g) ?? [])];
}

/** Every name a scrape can show for the metrics of `/metrics` text: a histogram's or summary's series names too. */
function exportedNames(text: string): Set<string> {
  const names = new Set(PROMETHEUS_SERIES);
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

const prometheus = parseYaml(readFileSync(resolve(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8')) as Json;
const ruleExpressions = alertRules.map((rule) => ({ where: rule.alert, expr: String(rule.expr) }));

describe('the Grafana dashboard and the Prometheus rules', () => {
  let services: RunningServices;
  let exported: Set<string>;

  beforeAll(async () => {
    // audit consumes topics, so its scrape shows the consumer-lag gauge as well.
    services = await startServices([auditService]);
    const scraped = await http('GET', `${services.urls.audit}/metrics`);
    expect(scraped.status).toBe(200);
    exported = exportedNames(scraped.body as string);
  }, 60_000);
  afterAll(() => services?.stop());

  it('read only metrics the services export', () => {
    const unknown = [...panelExpressions, ...ruleExpressions].flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('each read a metric (promtool parses them: tests/deploy/prometheus-rules.spec.ts)', () => {
    for (const { where, expr } of [...panelExpressions, ...ruleExpressions]) {
      expect([where, metricNames(expr).length > 0]).toEqual([where, true]);
    }
  });

  it('dashboard: request rate, latency and errors per service, consumer lag, outbox age, dead letters, rate-limit refusals, memory and CPU', () => {
    expect(dashboard).toMatchObject({ uid: 'icjims-services', title: expect.any(String), schemaVersion: expect.any(Number) });
    expect(new Set(panels.map((panel) => panel.id)).size).toBe(panels.length);
    const reads = (pattern: RegExp) => panelExpressions.some(({ expr }) => pattern.test(expr));
    expect(reads(/rate\(icjims_http_request_duration_seconds_count\{[^}]*\}\[/)).toBe(true);
    expect(reads(/histogram_quantile\(0\.95, .*icjims_http_request_duration_seconds_bucket/)).toBe(true);
    expect(reads(/icjims_http_request_duration_seconds_count\{[^}]*status=~"5\.\."/)).toBe(true);
    for (const metric of [
      'icjims_consumer_lag_messages',
      'icjims_outbox_oldest_age_seconds',
      'icjims_dead_letter_messages',
      'icjims_http_throttled_requests_total',
      'process_resident_memory_bytes',
      'process_cpu_seconds_total',
    ]) {
      expect([metric, reads(new RegExp(`\\b${metric}\\b`))]).toEqual([metric, true]);
    }
    expect(dashboard.templating.list.map((variable: Json) => variable.name)).toContain('service');
  });

  it('alerts: service down or not ready, outbox age, consumer lag growing, dead letters, high 5xx rate — each with a severity and a summary', () => {
    expect(new Set(alertRules.map((rule) => rule.alert)).size).toBe(alertRules.length);
    for (const rule of alertRules) {
      expect([rule.alert, ['critical', 'warning', 'info'].includes(rule.labels?.severity), typeof rule.annotations?.summary]).toEqual([rule.alert, true, 'string']);
      if (rule.for !== undefined) expect([rule.alert, rule.for]).toEqual([rule.alert, expect.stringMatching(/^\d+[smh]$/)]);
    }
    const expressionOf = (alert: string) => String(alertRules.find((rule) => rule.alert === alert)?.expr);
    expect(expressionOf('IcjimsServiceDown')).toMatch(/\bup\b.*== 0/);
    expect(expressionOf('IcjimsServiceNotReady')).toMatch(/icjims_ready == 0/);
    expect(expressionOf('IcjimsOutboxStuck')).toMatch(/icjims_outbox_oldest_age_seconds > \d+/);
    expect(expressionOf('IcjimsConsumerLagGrowing')).toMatch(/deriv\(icjims_consumer_lag_messages\[/);
    expect(expressionOf('IcjimsDeadLettersPresent')).toMatch(/icjims_dead_letter_messages > 0/);
    expect(expressionOf('IcjimsHigh5xxRate')).toMatch(/status=~"5\.\."/);
  });

  it('the example Prometheus configuration loads the rules and scrapes the annotated pods as job icjims', () => {
    expect(prometheus.rule_files).toEqual(['alerts.yml']);
    const job = prometheus.scrape_configs.find((config: Json) => config.job_name === 'icjims');
    expect(job.relabel_configs[0]).toMatchObject({ source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], action: 'keep' });
    const manifest = readFileSync(resolve(ROOT, 'deploy/k8s/audit.yaml'), 'utf8');
    expect(manifest).toMatch(/prometheus\.io\/scrape: "true"/);
  });
});
