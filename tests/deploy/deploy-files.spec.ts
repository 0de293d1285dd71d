// Validates the deployment files without a Docker engine:
//  - docker-compose.yml through the Compose tooling itself (`docker compose config`, or the
//    standalone `docker-compose config` of Debian's docker-compose package), then checks the
//    normalised model: kafka, postgres, the one-shot migrate step and the five services with
//    their ports, wiring and database logins (the owner only migrates; each service runs as
//    its own login), Keycloak with the realm of deploy/keycloak/, and each service's environment
//    accepted by the services' own configuration schema (tokens from Keycloak, cluster mode);
//  - deploy/k8s/*.yaml: every manifest parses; each service has a Deployment with /health/live
//    and /health/ready probes on its port and a Service, and an environment the schema accepts;
//  - deploy/Dockerfile (Node 24 LTS, pinned; what it copies exists), .dockerignore and .ci/run.
// Under CI=true missing tooling fails the suite; locally it is skipped with a message.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { loadServiceConfig } from '@icjims/platform';
import { K8S_DIR, k8sDocuments, k8sFiles, k8sManifestFiles } from './support/k8s-manifests';
import { missingTooling } from './support/tooling';

const ROOT = resolve(__dirname, '..', '..');
const SERVICES: Record<string, number> = {
  'case-registry': 3001,
  'procedural-steps': 3002,
  probation: 3003,
  analytics: 3004,
  audit: 3005,
};
const SERVICE_NAMES = Object.keys(SERVICES);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function run(command: string, args: string[]) {
  return spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml
// ---------------------------------------------------------------------------------------------

interface ComposeTool {
  label: string;
  command: string;
  args: string[];
  output: 'json' | 'yaml';
}

function findComposeTool(): ComposeTool | undefined {
  const file = ['-f', 'docker-compose.yml'];
  if (run('docker', ['compose', 'version']).status === 0) {
    return { label: 'docker compose', command: 'docker', args: ['compose', ...file, 'config', '--format', 'json'], output: 'json' };
  }
  const standalone = run('docker-compose', ['version', '--short']);
  if (standalone.status === 0) {
    const major = Number.parseInt(standalone.stdout.trim().replace(/^v/, ''), 10);
    return major >= 2
      ? { label: 'docker-compose (v2)', command: 'docker-compose', args: [...file, 'config', '--format', 'json'], output: 'json' }
      : { label: 'docker-compose (v1)', command: 'docker-compose', args: [...file, 'config'], output: 'yaml' };
  }
  return undefined;
}

interface PortMapping {
  hostIp: string | undefined;
  published: number | undefined;
  target: number;
}

/** Port entries as `[ip:][published:]target[/proto]` strings (v1) or long-syntax objects (v2). */
function portMapping(entry: unknown): PortMapping {
  if (typeof entry === 'object' && entry !== null) {
    const p = entry as Json;
    return {
      hostIp: p.host_ip,
      published: p.published === undefined ? undefined : Number(p.published),
      target: Number(p.target),
    };
  }
  const parts = String(entry).split('/')[0].split(':');
  const target = Number(parts.pop());
  const published = parts.length ? Number(parts.pop()) : undefined;
  const hostIp = parts.length ? parts.join(':') : undefined;
  return { hostIp, published, target };
}

/** Volume entries as `source:target[:mode]` strings (v1) or long-syntax objects (v2). */
function volumeMount(entry: unknown): { source: string; target: string } {
  if (typeof entry === 'object' && entry !== null) {
    const v = entry as Json;
    return { source: String(v.source), target: String(v.target) };
  }
  const [source, target] = String(entry).split(':');
  return { source, target };
}

function env(service: Json): Record<string, string> {
  const e = service.environment ?? {};
  if (Array.isArray(e)) {
    return Object.fromEntries(e.map((kv: string) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));
}

function healthTest(service: Json): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : String(test ?? '');
}

describe('docker-compose.yml', () => {
  const tool = findComposeTool();
  if (!tool) {
    missingTooling(
      'deploy-files',
      'docker-compose.yml',
      'neither `docker compose` (v2 plugin) nor `docker-compose` is installed; on Debian: apt-get install docker-compose',
    );
    return;
  }

  let result: ReturnType<typeof run>;
  let model: Json;
  beforeAll(() => {
    result = run(tool.command, tool.args);
    if (result.status === 0) {
      model = (tool.output === 'json' ? JSON.parse(result.stdout) : parseYaml(result.stdout)) as Json;
    }
  }, 150_000);

  it(`is accepted by \`${tool.label} config\``, () => {
    if (result.error) throw result.error;
    expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(model).toBeDefined();
  });

  it('defines kafka, postgres and the five services', () => {
    expect(Object.keys(model.services)).toEqual(expect.arrayContaining(['kafka', 'postgres', ...SERVICE_NAMES]));
  });

  it('publishes every port on 127.0.0.1 only', () => {
    for (const [name, service] of Object.entries<Json>(model.services)) {
      for (const port of (service.ports ?? []).map(portMapping)) {
        expect({ name, hostIp: port.hostIp }).toEqual({ name, hostIp: '127.0.0.1' });
      }
    }
  });

  it('runs Kafka as a single KRaft broker+controller with a real broker healthcheck', () => {
    const kafka = model.services.kafka;
    expect(kafka.image).toMatch(/kafka/);
    const e = env(kafka);
    expect(e.KAFKA_PROCESS_ROLES?.split(',').sort()).toEqual(['broker', 'controller']);
    expect(e.CLUSTER_ID).toBeTruthy();
    expect(kafka.ports.map(portMapping)).toContainEqual({ hostIp: '127.0.0.1', published: 9092, target: 9092 });
    expect(healthTest(kafka)).toMatch(/kafka-broker-api-versions/);
  });

  it('runs PostgreSQL 17 with the icjims database, a pg_isready healthcheck and a named volume', () => {
    const pg = model.services.postgres;
    expect(pg.image).toBe('postgres:17');
    expect(env(pg)).toMatchObject({ POSTGRES_DB: 'icjims', POSTGRES_USER: 'icjims', POSTGRES_PASSWORD: 'icjims' });
    expect(healthTest(pg)).toMatch(/pg_isready/);
    const data = (pg.volumes ?? []).map(volumeMount).find((v: { target: string }) => v.target === '/var/lib/postgresql/data');
    expect(data).toBeDefined();
    expect(Object.keys(model.volumes ?? {})).toContain(data!.source);
  });

  it('migrates in a one-shot service, as the owner, once PostgreSQL is healthy', () => {
    const migrate = model.services.migrate;
    const command = Array.isArray(migrate.command) ? migrate.command.join(' ') : String(migrate.command);
    expect(command).toMatch(/dist\/apps\/embedded\/main\.js --migrate-only$/);
    expect(migrate.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(String(migrate.restart)).toBe('no');
    const owner = new URL(env(migrate).DATABASE_MIGRATION_URL);
    const pg = env(model.services.postgres);
    expect({ login: owner.username, password: decodeURIComponent(owner.password), host: owner.host }).toEqual({ login: pg.POSTGRES_USER, password: pg.POSTGRES_PASSWORD, host: 'postgres:5432' });
    expect(env(migrate).DATABASE_URL).toBeUndefined();
  });

  it('creates every service’s login when PostgreSQL initialises its volume', () => {
    const script = (model.services.postgres.volumes ?? []).map(volumeMount).find((v: { target: string }) => v.target.startsWith('/docker-entrypoint-initdb.d/'));
    expect(script).toBeDefined();
    const source = readFileSync(join(ROOT, 'deploy', 'compose', 'create-service-logins.sh'), 'utf8');
    expect(resolve(ROOT, script!.source)).toBe(join(ROOT, 'deploy', 'compose', 'create-service-logins.sh'));
    expect(statSync(join(ROOT, 'deploy', 'compose', 'create-service-logins.sh')).mode & 0o111).not.toBe(0);
    expect(source).toMatch(/set -euo pipefail/);
    expect(source).toContain(`for schema in ${SERVICE_NAMES.map((service) => service.replace(/-/g, '_')).join(' ')}; do`);
    expect(source).toMatch(/CREATE ROLE :"login" LOGIN PASSWORD :'password';/);
  });

  describe.each(SERVICE_NAMES)('%s', (name) => {
    const port = SERVICES[name];
    let service: Json;
    beforeAll(() => {
      service = model?.services?.[name];
    });

    it(`is built from deploy/Dockerfile with SERVICE=${name}`, () => {
      expect(service.build.dockerfile).toMatch(/(^|\/)deploy\/Dockerfile$/);
      expect(service.build.args).toMatchObject({ SERVICE: name });
    });

    it(`listens on ${port}, published on 127.0.0.1:${port}`, () => {
      expect(env(service).PORT).toBe(String(port));
      expect(service.ports.map(portMapping)).toEqual([{ hostIp: '127.0.0.1', published: port, target: port }]);
    });

    it('uses Kafka and PostgreSQL, starting once both are healthy and the schemas are migrated', () => {
      const e = env(service);
      expect(e.DATABASE_URL).toMatch(/^postgres(ql)?:\/\/[^@]+@postgres:5432\//);
      expect(e.KAFKA_BROKERS).toMatch(/^kafka:\d+$/);
      for (const dependency of ['kafka', 'postgres']) {
        expect(service.depends_on?.[dependency]?.condition).toBe('service_healthy');
      }
      expect(service.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(service.restart).toBe('unless-stopped');
    });

    it('runs as its own database login, created with the password it is given, and never sees the owner’s', () => {
      const schema = name.replace(/-/g, '_');
      const runtime = new URL(env(service).DATABASE_URL);
      expect(decodeURIComponent(runtime.username)).toBe(`icjims_${schema}`);
      expect(decodeURIComponent(runtime.password)).toBe(env(model.services.postgres)[`ICJIMS_${schema.toUpperCase()}_DB_PASSWORD`]);
      expect(env(service).DATABASE_MIGRATION_URL).toBeUndefined();
      expect(JSON.stringify(service)).not.toContain(env(model.services.migrate).DATABASE_MIGRATION_URL);
    });

    it('has a /health healthcheck', () => {
      expect(healthTest(service)).toMatch(/\/health/);
    });
  });

  it('runs Keycloak, pinned, in development mode importing the realm of deploy/keycloak/', () => {
    const keycloak = model.services.keycloak;
    expect(keycloak.image).toMatch(/^quay\.io\/keycloak\/keycloak:\d+\.\d+\.\d+$/);
    const command = Array.isArray(keycloak.command) ? keycloak.command : String(keycloak.command).split(' ');
    expect(command).toEqual(['start-dev', '--import-realm']);
    const realm = (keycloak.volumes ?? []).map(volumeMount).find((v: { target: string }) => v.target.startsWith('/opt/keycloak/data/import/'));
    expect(resolve(ROOT, realm!.source)).toBe(join(ROOT, 'deploy', 'keycloak', 'icjims-realm.json'));
    expect(keycloak.ports.map(portMapping)).toEqual([{ hostIp: '127.0.0.1', published: 8080, target: 8080 }]);
    expect(healthTest(keycloak)).toMatch(/health\/ready/);
  });

  it.each(SERVICE_NAMES)('gives %s an environment its configuration accepts: cluster mode, tokens from Keycloak', (name) => {
    const e = env(model.services[name]);
    const keycloak = env(model.services.keycloak);
    const realm = JSON.parse(readFileSync(join(ROOT, 'deploy', 'keycloak', 'icjims-realm.json'), 'utf8')) as Json;
    expect(e.ICJIMS_DEPLOYMENT).toBe('cluster');
    // The issuer is the one Keycloak writes into tokens (its fixed host name); the keys come over the compose network.
    expect(e.OIDC_ISSUER).toBe(`${keycloak.KC_HOSTNAME}/realms/${realm.realm}`);
    expect(e.OIDC_JWKS_URL).toBe(`http://keycloak:8080/realms/${realm.realm}/protocol/openid-connect/certs`);
    expect(e.OIDC_AUDIENCE).toBe('icjims-api');
    expect(model.services[name].depends_on?.keycloak?.condition).toBe('service_healthy');
    expect(loadServiceConfig(SERVICES[name], e)).toMatchObject({ deployment: 'cluster', oidc: { issuer: e.OIDC_ISSUER }, port: SERVICES[name] });
  });

  it('mounts one shared volume at ICJIMS_DATA_DIR in every service (tree-head keys and checkpoints)', () => {
    const sources = SERVICE_NAMES.map((name) => {
      const service = model.services[name];
      const dataDir = env(service).ICJIMS_DATA_DIR;
      expect(dataDir).toBeTruthy();
      const mount = (service.volumes ?? []).map(volumeMount).find((v: { target: string }) => v.target === dataDir);
      expect({ name, mounted: Boolean(mount) }).toEqual({ name, mounted: true });
      return mount!.source;
    });
    expect(new Set(sources).size).toBe(1);
    expect(Object.keys(model.volumes ?? {})).toContain(sources[0]);
  });
});

// ---------------------------------------------------------------------------------------------
// deploy/k8s
// ---------------------------------------------------------------------------------------------

describe('deploy/k8s manifests', () => {
  const documents = k8sDocuments;

  it.each(k8sFiles)('%s parses as YAML', (file) => {
    const parsed = parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8'));
    expect(parsed.flatMap((d) => d.errors.map(String))).toEqual([]);
  });

  it('every manifest has apiVersion, kind and metadata.name', () => {
    for (const { file, doc } of documents) {
      expect({ file, ok: Boolean(doc.apiVersion && doc.kind && doc.metadata?.name) }).toEqual({ file, ok: true });
    }
  });

  it('kustomization.yaml lists exactly the manifests in the directory', () => {
    const kustomization = parseYaml(readFileSync(join(K8S_DIR, 'kustomization.yaml'), 'utf8')) as Json;
    expect(kustomization.kind).toBe('Kustomization');
    expect([...kustomization.resources].sort()).toEqual(k8sManifestFiles);
  });

  const secret = (name: string) => documents.find(({ doc }) => doc.kind === 'Secret' && doc.metadata.name === name)?.doc;

  it('has a ConfigMap with the common environment, the owner’s Secret and one Secret per service login', () => {
    const configMap = documents.find(({ doc }) => doc.kind === 'ConfigMap')?.doc;
    expect(configMap?.data).toEqual(expect.objectContaining({ KAFKA_BROKERS: expect.any(String) }));
    expect(configMap?.data).not.toHaveProperty('DATABASE_URL');
    const owner = new URL(secret('icjims-database-migration')?.stringData?.DATABASE_MIGRATION_URL);
    const logins = SERVICE_NAMES.map((name) => new URL(secret(`icjims-database-${name}`)?.stringData?.DATABASE_URL).username);
    expect(logins).toEqual(SERVICE_NAMES.map((name) => `icjims_${name.replace(/-/g, '_')}`));
    expect(logins).not.toContain(owner.username);
  });

  it('keeps the signing keys and checkpoints of audit, procedural-steps and probation on a persistent claim, outside the database', () => {
    const claim = documents.find(({ doc }) => doc.kind === 'PersistentVolumeClaim' && doc.metadata.name === 'icjims-transparency')?.doc;
    expect(claim?.spec.accessModes).toEqual(['ReadWriteMany']);
    for (const name of ['audit', 'procedural-steps', 'probation']) {
      const pod = documents.find(({ doc }) => doc.kind === 'Deployment' && doc.metadata.name === name)?.doc.spec.template.spec;
      const container = pod.containers.find((candidate: Json) => candidate.name === name);
      const env = Object.fromEntries(container.env.map((variable: Json) => [variable.name, variable.value]));
      const mount = container.volumeMounts.find((candidate: Json) => candidate.mountPath === '/app/transparency');
      const volume = pod.volumes.find((candidate: Json) => candidate.name === mount?.name);
      expect({ name, keys: env.ICJIMS_TRANSPARENCY_KEY_DIR, checkpoints: env.ICJIMS_CHECKPOINT_DIR, claim: volume?.persistentVolumeClaim?.claimName }).toEqual({
        name,
        keys: '/app/transparency/keys',
        checkpoints: '/app/transparency/checkpoints',
        claim: 'icjims-transparency',
      });
    }
  });

  describe.each(SERVICE_NAMES)('%s', (name) => {
    const port = SERVICES[name];
    const find = (kind: string) => documents.find(({ doc }) => doc.kind === kind && doc.metadata.name === name)?.doc;

    it(`has a Deployment running SERVICE=${name} on ${port} with /health/live and /health/ready probes on that port`, () => {
      const deployment = find('Deployment');
      expect(deployment).toBeDefined();
      const spec = deployment!.spec;
      expect(Object.keys(spec.selector.matchLabels).length).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(spec.selector.matchLabels)) {
        expect(spec.template.metadata.labels[key]).toBe(value);
      }
      const [container] = spec.template.spec.containers;
      const envVars = Object.fromEntries((container.env ?? []).map((e: Json) => [e.name, e.value ?? e.valueFrom]));
      expect(envVars.SERVICE).toBe(name);
      expect(envVars.PORT).toBe(String(port));
      expect(envVars.DATABASE_URL?.secretKeyRef).toEqual({ name: `icjims-database-${name}`, key: 'DATABASE_URL' });
      expect(envVars.DATABASE_MIGRATION_URL).toBeUndefined();

      const ports: Json[] = container.ports;
      expect(ports.map((p) => p.containerPort)).toContain(port);
      const resolvePort = (p: string | number) =>
        typeof p === 'number' ? p : (ports.find((cp) => cp.name === p)?.containerPort as number | undefined);
      const paths = { startupProbe: '/health/live', readinessProbe: '/health/ready', livenessProbe: '/health/live' };
      for (const [probe, path] of Object.entries(paths)) {
        const httpGet = container[probe]?.httpGet;
        expect({ probe, path: httpGet?.path, port: httpGet && resolvePort(httpGet.port) }).toEqual({ probe, path, port });
      }
      expect(container.resources?.requests).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
    });

    it('runs in cluster mode with an environment its configuration accepts, the shared signing-key Secret mounted read-only', () => {
      const podSpec = find('Deployment')!.spec.template.spec;
      const container = podSpec.containers[0];
      const configMap = documents.find(({ doc }) => doc.kind === 'ConfigMap' && doc.metadata.name === 'icjims-common')?.doc;
      expect(container.envFrom).toContainEqual({ configMapRef: { name: 'icjims-common' } });
      const literal = Object.fromEntries((container.env ?? []).filter((e: Json) => e.value !== undefined).map((e: Json) => [e.name, String(e.value)]));
      const environment = { ...configMap!.data, ...literal, DATABASE_URL: secret(`icjims-database-${name}`)?.stringData?.DATABASE_URL };
      expect(literal.ICJIMS_DEPLOYMENT).toBe('cluster');
      expect(loadServiceConfig(port, environment)).toMatchObject({ deployment: 'cluster', oidc: { audience: 'icjims-api' }, port });

      const mount = container.volumeMounts.find((candidate: Json) => candidate.name === 'signing-key');
      expect(mount).toEqual({ name: 'signing-key', mountPath: `${configMap!.data.ICJIMS_DATA_DIR}/auth`, readOnly: true });
      const volume = podSpec.volumes.find((candidate: Json) => candidate.name === 'signing-key');
      expect(volume.secret).toMatchObject({ secretName: 'icjims-signing-key', optional: true, items: [{ key: 'signing-key.jwk.json', path: 'signing-key.jwk.json' }] });
    });

    it('migrates in an init container, the only one given the owner’s Secret', () => {
      const podSpec = find('Deployment')!.spec.template.spec;
      const [migrate, ...others] = podSpec.initContainers ?? [];
      expect(others).toEqual([]);
      expect(migrate.image).toBe(podSpec.containers[0].image);
      expect(migrate.command).toEqual(['node', `dist/apps/${name}/main.js`, '--migrate-only']);
      const envVars = Object.fromEntries((migrate.env ?? []).map((e: Json) => [e.name, e.value ?? e.valueFrom]));
      expect(envVars.DATABASE_MIGRATION_URL?.secretKeyRef).toEqual({ name: 'icjims-database-migration', key: 'DATABASE_MIGRATION_URL' });
      expect(envVars.DATABASE_URL?.secretKeyRef).toEqual({ name: `icjims-database-${name}`, key: 'DATABASE_URL' });
      expect(migrate.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      expect(JSON.stringify(podSpec.containers)).not.toContain('icjims-database-migration');
    });

    it(`has a Service exposing ${port}`, () => {
      const service = find('Service');
      expect(service).toBeDefined();
      const deployment = find('Deployment')!;
      expect(service!.spec.selector).toEqual(deployment.spec.selector.matchLabels);
      expect(service!.spec.ports.map((p: Json) => p.port)).toContain(port);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Dockerfile, .dockerignore, .ci/run (text checks)
// ---------------------------------------------------------------------------------------------

describe('deploy/Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'deploy', 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const from = instructions.filter((line) => /^FROM\s/i.test(line));

  it('is multi-stage on the official Node 24 LTS image, pinned to a release that package.json accepts', () => {
    expect(from.length).toBeGreaterThanOrEqual(2);
    const image = /^ARG NODE_IMAGE=node:(24\.\d+\.\d+)-bookworm-slim$/m.exec(dockerfile);
    expect(image).not.toBeNull();
    for (const line of from) expect(line).toMatch(/^FROM (\$\{NODE_IMAGE\}|base) AS \w+$/);
    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Json).engines.node as string;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- npm's own semver, present in node_modules
    const semver = require('semver') as { satisfies(version: string, range: string): boolean };
    expect({ engines, accepts: semver.satisfies(image![1], engines) }).toEqual({ engines, accepts: true });
  });

  it('copies files that exist, and the whole context only past .dockerignore', () => {
    const copies = instructions.filter((line) => /^COPY\s/i.test(line) && !/--from=/.test(line));
    for (const copy of copies) {
      const sources = copy.split(/\s+/).slice(1).filter((part) => !part.startsWith('--')).slice(0, -1);
      for (const source of sources.filter((source) => source !== '.')) expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({ source, exists: true });
    }
    expect(copies).toContain('COPY . .');
    const fromStages = instructions.filter((line) => /^COPY\s+--from=/i.test(line)).map((line) => line.split(/\s+/).slice(-2).join(' '));
    expect(fromStages).toEqual(expect.arrayContaining(['/app/node_modules ./node_modules', '/app/dist ./dist']));
  });

  it('builds once and ships production dependencies only', () => {
    expect(dockerfile).toMatch(/npm ci\b/);
    expect(dockerfile).toMatch(/npm run build\b/);
    expect(dockerfile).toMatch(/npm ci[^\n]*--omit=dev/);
  });

  it('runs as a non-root user in production mode, SERVICE choosing the entry point', () => {
    const users = instructions.filter((line) => /^USER\s/i.test(line));
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^USER\s+(root|0)(:|$)/i);
    expect(dockerfile).toMatch(/NODE_ENV=production/);
    expect(dockerfile).toMatch(/^ARG SERVICE\b/m);
    const cmd = instructions.filter((line) => /^CMD\s/i.test(line)).at(-1);
    expect(cmd).toContain('dist/apps/${SERVICE}/main.js');
  });

  it('has a HEALTHCHECK fetching /health on PORT', () => {
    const healthcheck = instructions.find((line) => /^HEALTHCHECK\s/i.test(line));
    expect(healthcheck).toMatch(/fetch\(/);
    expect(healthcheck).toMatch(/127\.0\.0\.1/);
    expect(healthcheck).toMatch(/\/health/);
    expect(healthcheck).toMatch(/process\.env\.PORT/);
  });

  it('.dockerignore keeps local state out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split(/\r?\n/).map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.data', '.git']));
  });
});

describe('.ci/run', () => {
  const path = join(ROOT, '.ci', 'run');

  it('is an executable bash script with strict mode', () => {
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).mode & 0o111).not.toBe(0);
    const script = readFileSync(path, 'utf8');
    expect(script).toMatch(/^#!.*\bbash\b/);
    expect(script).toMatch(/set -euo pipefail/);
    expect(script).toMatch(/npm ci\b/);
    expect(script).toMatch(/npm test\b/);
  });
});
