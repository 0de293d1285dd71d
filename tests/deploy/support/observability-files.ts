import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** What the deploy suites read of deploy/grafana/icjims.json and deploy/prometheus/: the dashboard, its panels' queries, the alert rules. */

const ROOT = resolve(__dirname, '..', '..', '..');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The `yaml` package is present in node_modules (a transitive dependency), as tests/deploy/deploy-files.spec.ts uses it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const YAML = require('yaml') as { parse(source: string): unknown };

export const dashboard = JSON.parse(readFileSync(resolve(ROOT, 'deploy/grafana/icjims.json'), 'utf8')) as Json;

/** The dashboard's panels (rows left out). */
export const panels: Json[] = dashboard.panels.filter((panel: Json) => panel.type !== 'row');

/** Every panel's query, by the panel's title. */
export const panelExpressions: { where: string; expr: string }[] = panels.flatMap((panel) => panel.targets.map((target: Json) => ({ where: panel.title, expr: String(target.expr) })));

/** The alert rules of deploy/prometheus/alerts.yml. */
export const alertRules: Json[] = (YAML.parse(readFileSync(resolve(ROOT, 'deploy/prometheus/alerts.yml'), 'utf8')) as Json).groups.flatMap((group: Json) => group.rules);
