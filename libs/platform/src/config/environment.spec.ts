import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkedBy, ConfigError, documentedVariables, environmentSchema, integer, parseEnvironment, unknownIcjimsVariables, variable } from './environment';
import { launcherEnvironment, platformEnvironment } from './platform-environment';
import { transparencyVariables } from './transparency-environment';
import { loadServiceConfig } from './service-config';

const docs = { default: '`1`', description: 'a test setting' };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('the configuration was accepted');
}

describe('an environment schema', () => {
  const schema = environmentSchema(
    { SIZE: variable(docs, integer('SIZE', 1, 1, 10)), LIMIT: variable(docs, integer('LIMIT', 5, 1, 10)) },
    (_env, parsed) => {
      if (parsed.SIZE > parsed.LIMIT) throw new ConfigError('Invalid configuration: SIZE must not exceed LIMIT');
    },
  );

  it('parses each variable once, empty meaning unset, and leaves the rest of the environment alone', () => {
    expect(parseEnvironment(schema, { SIZE: '3', LIMIT: '', OTHER: 'x' })).toEqual({ SIZE: 3, LIMIT: 5 });
  });

  it('stops at the first bad value with one line naming it and the reason', () => {
    expect(refusal(() => parseEnvironment(schema, { SIZE: 'three', LIMIT: '0' }))).toBe('Invalid configuration: SIZE must be an integer from 1 to 10 (got "three")');
  });

  it('checks the variables together once each is valid', () => {
    expect(refusal(() => parseEnvironment(schema, { SIZE: '9', LIMIT: '4' }))).toBe('Invalid configuration: SIZE must not exceed LIMIT');
  });

  it('lets a reader of its own check a variable, given that variable alone', () => {
    const seen: Array<Record<string, string | undefined>> = [];
    const reader = (env: Record<string, string | undefined>) => {
      seen.push(env);
      if (env.MODE !== undefined && env.MODE !== 'on') throw new ConfigError(`Invalid configuration: MODE must be on (got "${env.MODE}")`);
    };
    const own = environmentSchema(checkedBy(reader, { MODE: docs }));
    expect(parseEnvironment(own, { MODE: 'on', SIZE: '1' })).toEqual({ MODE: 'on' });
    expect(seen).toEqual([{ MODE: 'on' }]);
    expect(refusal(() => parseEnvironment(own, { MODE: 'off' }))).toBe('Invalid configuration: MODE must be on (got "off")');
  });

  it('lets an error that is not a configuration problem through', () => {
    const broken = environmentSchema({
      X: variable(docs, () => {
        throw new TypeError('a bug');
      }),
    });
    expect(() => parseEnvironment(broken, { X: '1' })).toThrow(TypeError);
  });
});

describe('unknownIcjimsVariables', () => {
  it('names the ICJIMS_* variables none of the schemas reads, and only those', () => {
    const env = { ICJIMS_DATA_DIR: '/data', ICJIMS_DATADIR: '/typo', ICJIMS_PORT_OFFSET: '1', PATH: '/bin', ICJIMS_CHECKPOINT_DIR: '/c' };
    expect(unknownIcjimsVariables(env, [platformEnvironment])).toEqual(['ICJIMS_CHECKPOINT_DIR', 'ICJIMS_DATADIR', 'ICJIMS_PORT_OFFSET']);
    expect(unknownIcjimsVariables(env, [platformEnvironment, launcherEnvironment, environmentSchema(transparencyVariables)])).toEqual(['ICJIMS_DATADIR']);
  });
});

describe('the platform environment', () => {
  it('documents every variable with its default and a description', () => {
    for (const schema of [platformEnvironment, launcherEnvironment, environmentSchema(transparencyVariables)]) {
      for (const { name, default: fallback, description } of documentedVariables(schema)) {
        expect({ name, fallback: fallback.length > 0, description: description.length > 10, pipe: description.includes('|') }).toEqual({ name, fallback: true, description: true, pipe: false });
      }
    }
  });

  it('refuses a tracing setting that libs/observability refuses, naming it, only where it is used', () => {
    expect(refusal(() => loadServiceConfig(3001, { OTEL_TRACES_EXPORTER: 'zipkin' }))).toBe('Invalid configuration: OTEL_TRACES_EXPORTER must be otlp or none (got "zipkin")');
    expect(refusal(() => loadServiceConfig(3001, { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }))).toMatch(/^Invalid configuration: OTEL_EXPORTER_OTLP_PROTOCOL/);
    expect(() => loadServiceConfig(3001, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).not.toThrow();
  });

  it('refuses a transparency setting that libs/integrity refuses, naming it', () => {
    const transparency = environmentSchema(transparencyVariables);
    expect(refusal(() => parseEnvironment(transparency, { ICJIMS_CHECKPOINT_INTERVAL_SECONDS: '0' }))).toMatch(/^Invalid configuration: ICJIMS_CHECKPOINT_INTERVAL_SECONDS/);
  });
});

describe('ICJIMS_DEPLOYMENT', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'icjims-deployment-'));
  const oidc = { OIDC_ISSUER: 'https://idp.example/realms/icjims', OIDC_AUDIENCE: 'icjims-api', OIDC_JWKS_URL: 'https://idp.example/certs' };

  it('is local unless told otherwise, and only local or cluster', () => {
    expect(loadServiceConfig(3001, {}).deployment).toBe('local');
    expect(refusal(() => loadServiceConfig(3001, { ICJIMS_DEPLOYMENT: 'k8s' }))).toBe('Invalid configuration: ICJIMS_DEPLOYMENT must be one of local, cluster (got "k8s")');
  });

  it('refuses a cluster process that would make up its own signing key, saying what it needs', () => {
    const folder = dataDir();
    const message = refusal(() => loadServiceConfig(3001, { ICJIMS_DEPLOYMENT: 'cluster', ICJIMS_DATA_DIR: folder }));
    expect(message).toContain('ICJIMS_DEPLOYMENT=cluster needs OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL');
    expect(message).toContain(join(folder, 'auth', 'signing-key.jwk.json'));
    expect(message).not.toContain('\n');
  });

  it('starts a cluster process with an identity provider', () => {
    expect(loadServiceConfig(3001, { ICJIMS_DEPLOYMENT: 'cluster', ICJIMS_DATA_DIR: dataDir(), ...oidc })).toMatchObject({ deployment: 'cluster', oidc: { issuer: oidc.OIDC_ISSUER } });
  });

  it('starts a cluster process with a signing key it was given (a mounted Secret)', () => {
    const folder = dataDir();
    mkdirSync(join(folder, 'auth'));
    writeFileSync(join(folder, 'auth', 'signing-key.jwk.json'), '{}');
    expect(loadServiceConfig(3001, { ICJIMS_DEPLOYMENT: 'cluster', ICJIMS_DATA_DIR: folder })).toMatchObject({ deployment: 'cluster', oidc: undefined });
  });
});
