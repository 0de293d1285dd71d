// Each service's environment in docker-compose.yml and deploy/k8s is one its own configuration
// schema accepts whole (the platform's variables and the service's own), with no ICJIMS_*
// variable it does not read: a typo in a deployment file fails here, not at a pod's start.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { parseEnvironment, platformEnvironment, ServiceDefinition, unknownIcjimsVariables } from '@icjims/platform';
import { analyticsService } from '../../apps/analytics/src/analytics.service';
import { auditService } from '../../apps/audit/src/audit.service';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { probationService } from '../../apps/probation/src/probation.service';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Env = Record<string, string | undefined>;

const ROOT = resolve(__dirname, '..', '..');
const services: ServiceDefinition[] = [caseRegistryService, proceduralStepsService, probationService, analyticsService, auditService];

/** Compose's `${NAME:-default}` as Compose fills it with nothing set. */
const interpolate = (value: unknown) => String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

function composeEnvironment(name: string): Env {
  const compose = parseYaml(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Json;
  return Object.fromEntries(Object.entries<unknown>(compose.services[name].environment).map(([key, value]) => [key, interpolate(value)]));
}

function kubernetesEnvironment(name: string): Env {
  const documents = ['configmap.yaml', `${name}.yaml`].flatMap((file) => parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'k8s', file), 'utf8')).map((doc) => doc.toJSON() as Json | null));
  const configMap = documents.find((doc) => doc?.kind === 'ConfigMap')!;
  const container = documents.find((doc) => doc?.kind === 'Deployment')!.spec.template.spec.containers[0];
  // Secrets' values are placeholders checked by deploy-files.spec.ts; here only the names matter.
  const own = Object.fromEntries((container.env as Json[]).map((variable) => [variable.name, variable.value ?? '']));
  return { ...configMap.data, ...own };
}

describe.each(services.map((service) => [service.name, service] as const))('%s', (_name, service) => {
  const schemas = [platformEnvironment, ...(service.environment ? [service.environment] : [])];

  it.each([
    ['docker-compose.yml', composeEnvironment],
    ['deploy/k8s', kubernetesEnvironment],
  ])('has an environment in %s that its schema accepts, with no ICJIMS_* variable it does not read', (_file, environmentOf) => {
    const env = environmentOf(service.name);
    expect(unknownIcjimsVariables(env, schemas)).toEqual([]);
    for (const schema of schemas) expect(() => parseEnvironment(schema, env)).not.toThrow();
  });
});
