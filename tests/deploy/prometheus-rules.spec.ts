// Checks deploy/prometheus/ and the dashboard's queries with Prometheus's own promtool (Debian's
// `prometheus` package, which .ci/run installs): the alert rules parse and pass their unit tests
// (alerts.test.yml: each alert fires after its `for` with the labels and texts an operator gets, and
// stays silent in the case beside it), every Grafana panel's query is PromQL that Prometheus
// parses, and the example configuration loads. tests/deploy/observability-files.int.ts checks
// that the metrics they read are ones the services export.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { alertRules, dashboard, panelExpressions } from './support/observability-files';
import { missingTooling } from './support/tooling';

const ROOT = resolve(__dirname, '..', '..');
const PROMETHEUS = join(ROOT, 'deploy', 'prometheus');

function promtool(...args: string[]) {
  return spawnSync('promtool', args, { cwd: PROMETHEUS, encoding: 'utf8', timeout: 60_000 });
}

const installed = !promtool('--version').error;

/** The alerts alerts.yml defines. */
const ALERTS: string[] = alertRules.map((rule) => rule.alert);

/** Each panel's query as Prometheus gets it with every service selected: Grafana puts the variable's allValue in `$service`. */
function panelQueries(): string[] {
  const allValue = (dashboard.templating.list as { name: string; allValue: string }[]).find((variable) => variable.name === 'service')?.allValue as string;
  return panelExpressions.map(({ expr }) => expr.replaceAll('$service', allValue));
}

describe('deploy/prometheus and the dashboard, checked by promtool', () => {
  if (!installed) {
    missingTooling('prometheus-rules', 'deploy/prometheus', 'promtool is not installed; on Debian: apt-get install prometheus');
    return;
  }

  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'icjims-promtool-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('parses the alert rules', () => {
    const checked = promtool('check', 'rules', 'alerts.yml');
    expect([checked.status, checked.stdout + checked.stderr]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });

  it('passes the alert rules’ unit tests (alerts.test.yml), one case for every alert', () => {
    const tested = promtool('test', 'rules', 'alerts.test.yml');
    expect([tested.status, tested.stdout + tested.stderr]).toEqual([0, expect.stringContaining('SUCCESS')]);
    const tests = readFileSync(join(PROMETHEUS, 'alerts.test.yml'), 'utf8');
    const untested = ALERTS.filter((alert) => !tests.includes(`alertname: ${alert}\n`));
    expect([ALERTS.length > 0, untested]).toEqual([true, []]);
  });

  it('parses every dashboard panel’s query as PromQL', () => {
    const queries = panelQueries();
    // As recording rules, so that promtool's rule check parses each query.
    const rules = queries.map((expr, index) => `      - record: icjims_dashboard_panel_${index}\n        expr: ${JSON.stringify(expr)}\n`).join('');
    writeFileSync(join(scratch, 'dashboard-queries.yml'), `groups:\n  - name: dashboard\n    rules:\n${rules}`);
    const checked = promtool('check', 'rules', join(scratch, 'dashboard-queries.yml'));
    expect([queries.length > 0, checked.status, checked.stdout + checked.stderr]).toEqual([true, 0, expect.stringContaining(`SUCCESS: ${queries.length} rules found`)]);
  });

  it('loads the example configuration and its rule file', () => {
    // Debian's promtool is built without Kubernetes discovery: the job's targets are listed statically instead, the rest of the file as it is.
    const config = readFileSync(join(PROMETHEUS, 'prometheus.yml'), 'utf8');
    const discovery = /^ {4}kubernetes_sd_configs:\n(?: {6}.*\n)+/m;
    expect(config).toMatch(discovery);
    writeFileSync(join(scratch, 'prometheus.yml'), config.replace(discovery, "    static_configs:\n      - targets: ['127.0.0.1:3001']\n"));
    copyFileSync(join(PROMETHEUS, 'alerts.yml'), join(scratch, 'alerts.yml'));
    const checked = promtool('check', 'config', join(scratch, 'prometheus.yml'));
    expect([checked.status, checked.stdout + checked.stderr]).toEqual([0, expect.stringMatching(new RegExp(`SUCCESS: 1 rule files found[\\s\\S]*SUCCESS: ${ALERTS.length} rules found`))]);
  });
});
