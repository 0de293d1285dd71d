import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** What the deploy suites read of deploy/grafana/icjims.json and deploy/prometheus/: the dashboard, its panels' queries, the alert rules. */

const ROOT = resolve(__dirname, '..', '..', '..');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any


export const dashboard = JSON.parse(readFileSync(resolve(ROOT, 'deploy/grafana/icjims.json'), 'utf8')) as Json;

/** The dashboard's panels (rows left out). */
export const panels: Json[] = dashboard.panels.filter((panel: Json) => panel.type !== 'row');

/** Every panel's query, by the panel's title. */
export const panelExpressions: { where: string; expr: string }[] = panels.flatMap((panel) => panel.targets.map((target: Json) => ({ where: panel.title, expr: String(target.expr) })));

/** The alert rules of deploy/prometheus/alerts.yml. */
export const alertRules: Json[] = (parseYaml(readFileSync(resolve(ROOT, 'deploy/prometheus/alerts.yml'), 'utf8')) as Json).groups.flatMap((group: Json) => group.rules);
