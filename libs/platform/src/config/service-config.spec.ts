import { resolve } from 'node:path';
import { DEFAULT_RETENTION } from '@icjims/messaging';
import { DEFAULT_ACCESS_PURPOSES } from '../access/access-purposes';
import { DEFAULT_OPERATIONS } from '../ops/operations-settings';
import { ConfigError, loadSecuritySettings, loadServiceConfig, redactUrl } from './service-config';

type Env = Record<string, string | undefined>;

const DEFAULT_PORT = 3005;

/** The ConfigError that loading `env` fails with (fails the test if loading succeeds). */
function configErrorFor(env: Env): ConfigError {
  let caught: unknown;
  try {
    loadServiceConfig(DEFAULT_PORT, env);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  const error = caught as ConfigError;
  expect(error.message).not.toContain('\n');
  return error;
}

const oidc = {
  OIDC_ISSUER: 'https://idp.example/realms/icjims',
  OIDC_AUDIENCE: 'icjims-api',
  OIDC_JWKS_URL: 'https://idp.example/realms/icjims/protocol/openid-connect/certs',
};

describe('loadServiceConfig', () => {
  it('falls back to the embedded defaults when nothing is set', () => {
    expect(loadServiceConfig(DEFAULT_PORT, {})).toEqual({
      port: DEFAULT_PORT,
      deployment: 'local',
      databaseUrl: undefined,
      kafkaBrokers: [],
      logLevel: 'info',
      dataDir: resolve('.data'),
      oidc: undefined,
      idempotencyRetentionSeconds: 86_400,
      security: loadSecuritySettings({}),
      retention: DEFAULT_RETENTION,
      jurisdiction: expect.objectContaining({ code: 'KG', timeZone: 'Asia/Bishkek' }),
      operations: DEFAULT_OPERATIONS,
    });
  });

  it('loads the jurisdiction pack ICJIMS_JURISDICTION names, and refuses an unknown one naming the known ones', () => {
    expect(loadServiceConfig(DEFAULT_PORT, { ICJIMS_JURISDICTION: 'kz' }).jurisdiction).toMatchObject({ code: 'KZ', timeZone: 'Asia/Almaty' });
    expect(() => loadServiceConfig(DEFAULT_PORT, { ICJIMS_JURISDICTION: 'XX' })).toThrow(/ICJIMS_JURISDICTION=XX: .*built-in packs: .*KG/);
  });

  it('treats empty values as unset', () => {
    const config = loadServiceConfig(DEFAULT_PORT, { PORT: '', DATABASE_URL: '', KAFKA_BROKERS: '', LOG_LEVEL: '', ICJIMS_DATA_DIR: '' });
    expect(config).toMatchObject({ port: DEFAULT_PORT, databaseUrl: undefined, kafkaBrokers: [], logLevel: 'info', dataDir: resolve('.data') });
  });

  it('reads every setting that points at real infrastructure', () => {
    const config = loadServiceConfig(DEFAULT_PORT, {
      PORT: '8080',
      DATABASE_URL: 'postgresql://icjims:secret@db.internal:5432/icjims',
      KAFKA_BROKERS: ' kafka-1:9092, kafka-2.internal:9093 ,',
      LOG_LEVEL: 'debug',
      ICJIMS_DATA_DIR: '/var/lib/icjims',
      ICJIMS_JURISDICTION: 'EE',
      IDEMPOTENCY_KEY_RETENTION_SECONDS: '3600',
      ACCESS_PURPOSES: 'audit',
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_PER_USER: '50',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      METRICS_REFRESH_INTERVAL_SECONDS: '30',
      SHUTDOWN_DRAIN_SECONDS: '5',
      ...oidc,
    });
    expect(config).toEqual({
      port: 8080,
      deployment: 'local',
      databaseUrl: 'postgresql://icjims:secret@db.internal:5432/icjims',
      kafkaBrokers: ['kafka-1:9092', 'kafka-2.internal:9093'],
      logLevel: 'debug',
      dataDir: '/var/lib/icjims',
      oidc: { issuer: oidc.OIDC_ISSUER, audience: oidc.OIDC_AUDIENCE, jwksUrl: oidc.OIDC_JWKS_URL },
      idempotencyRetentionSeconds: 3600,
      security: {
        accessPurposes: [{ code: 'audit', description: expect.any(String) }],
        rateLimits: { perAddress: 0, perUser: 50, windowSeconds: 60 },
      },
      retention: DEFAULT_RETENTION,
      jurisdiction: expect.objectContaining({ code: 'EE' }),
      operations: { metricsRefreshIntervalMs: 30_000, drainDelayMs: 5_000 },
    });
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '0' }],
    ['PORT', { PORT: '-1' }],
    ['PORT', { PORT: '80.5' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@db/icjims' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['KAFKA_BROKERS', { KAFKA_BROKERS: 'nonsense' }],
    ['KAFKA_BROKERS', { KAFKA_BROKERS: 'kafka:9092,kafka-2' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['IDEMPOTENCY_KEY_RETENTION_SECONDS', { IDEMPOTENCY_KEY_RETENTION_SECONDS: '24h' }],
    ['IDEMPOTENCY_KEY_RETENTION_SECONDS', { IDEMPOTENCY_KEY_RETENTION_SECONDS: '59' }],
    ['IDEMPOTENCY_KEY_RETENTION_SECONDS', { IDEMPOTENCY_KEY_RETENTION_SECONDS: '2592001' }],
    ['OIDC_JWKS_URL', { ...oidc, OIDC_JWKS_URL: 'ftp://idp.example/certs' }],
    ['OUTBOX_RETENTION_DAYS', { OUTBOX_RETENTION_DAYS: '0' }],
    ['INBOX_RETENTION_DAYS', { INBOX_RETENTION_DAYS: '7' }],
    ['INBOX_RETENTION_DAYS', { INBOX_RETENTION_DAYS: '30d' }],
    ['DEAD_LETTER_RETENTION_DAYS', { DEAD_LETTER_RETENTION_DAYS: '-1' }],
    ['RETENTION_PRUNE_BATCH_SIZE', { RETENTION_PRUNE_BATCH_SIZE: '0' }],
    ['METRICS_REFRESH_INTERVAL_SECONDS', { METRICS_REFRESH_INTERVAL_SECONDS: '0' }],
    ['SHUTDOWN_DRAIN_SECONDS', { SHUTDOWN_DRAIN_SECONDS: '5s' }],
  ])('names %s when it is bad (%j)', (variable, env) => {
    expect(configErrorFor(env).message).toContain(variable);
  });

  it('names KAFKA_BROKERS when a broker port is out of range', () => {
    expect(configErrorFor({ KAFKA_BROKERS: 'kafka:90920' }).message).toContain('KAFKA_BROKERS');
  });

  it('takes how long a Kafka fetch may wait for data from KAFKA_FETCH_MAX_WAIT_MS, and leaves it to the bus when unset', () => {
    expect(loadServiceConfig(DEFAULT_PORT, { KAFKA_FETCH_MAX_WAIT_MS: '100' }).kafkaFetchMaxWaitMs).toBe(100);
    expect(loadServiceConfig(DEFAULT_PORT, {}).kafkaFetchMaxWaitMs).toBeUndefined();
  });

  it.each(['5', '60001', '1e3', '-100'])('refuses KAFKA_FETCH_MAX_WAIT_MS=%s, naming it', (value) => {
    expect(configErrorFor({ KAFKA_FETCH_MAX_WAIT_MS: value }).message).toContain('KAFKA_FETCH_MAX_WAIT_MS');
  });

  it.each([
    ['only the issuer', { OIDC_ISSUER: oidc.OIDC_ISSUER }],
    ['only the audience', { OIDC_AUDIENCE: oidc.OIDC_AUDIENCE }],
    ['only the JWKS URL', { OIDC_JWKS_URL: oidc.OIDC_JWKS_URL }],
    ['all but the JWKS URL', { OIDC_ISSUER: oidc.OIDC_ISSUER, OIDC_AUDIENCE: oidc.OIDC_AUDIENCE }],
  ])('refuses %s of the OIDC settings and names all three', (_scenario, env) => {
    const { message } = configErrorFor(env);
    expect(message).toContain('OIDC_ISSUER');
    expect(message).toContain('OIDC_AUDIENCE');
    expect(message).toContain('OIDC_JWKS_URL');
  });

  it('keeps the password of a refused DATABASE_URL out of the message', () => {
    const { message } = configErrorFor({ DATABASE_URL: 'mysql://icjims:Sup3rSecret@db.internal:3306/icjims' });
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('Sup3rSecret');
    expect(message).toContain('mysql://icjims:***@db.internal');
  });

  // Operators paste passwords unencoded: the user info ends at the last "@".
  it('keeps a password containing "@" out of the message', () => {
    const { message } = configErrorFor({ DATABASE_URL: 'mysql://icjims:p@ssw0rd@db.internal:3306/icjims' });
    expect(message).not.toContain('ssw0rd');
  });

  // A "/" in the password makes the URL unparseable: the message still hides it.
  it('keeps a password containing "/" out of the message', () => {
    const { message } = configErrorFor({ DATABASE_URL: 'postgres://icjims:pa/ss0rd@db.internal:5432/icjims' });
    expect(message).not.toContain('ss0rd');
  });
});

describe('redactUrl', () => {
  it('hides the password and keeps the user, host and database', () => {
    expect(redactUrl('postgres://icjims:secret@db.internal:5432/icjims')).toBe('postgres://icjims:***@db.internal:5432/icjims');
  });

  it('leaves a URL without credentials as it is', () => {
    expect(redactUrl('postgres://db.internal:5432/icjims')).toBe('postgres://db.internal:5432/icjims');
  });

  // This URL is valid (the last "@" ends the user info) and startInfrastructure logs it redacted.
  it('hides a password containing "@" completely', () => {
    expect(redactUrl('postgres://icjims:p@ssw0rd@db.internal:5432/icjims')).not.toContain('ssw0rd');
  });
});

describe('loadSecuritySettings', () => {
  it('limits each address to 10,000 and each user to 5,000 requests per 10 seconds unless told otherwise', () => {
    expect(loadSecuritySettings({}).rateLimits).toEqual({ perAddress: 10_000, perUser: 5_000, windowSeconds: 10 });
  });

  it.each([
    ['RATE_LIMIT_PER_ADDRESS', '-1'],
    ['RATE_LIMIT_PER_USER', 'lots'],
    ['RATE_LIMIT_WINDOW_SECONDS', '0'],
    ['RATE_LIMIT_WINDOW_SECONDS', '7200'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadSecuritySettings({ [name]: value })).toThrow(new RegExp(name));
  });

  it('accepts the default purposes, each described, when ACCESS_PURPOSES is not set', () => {
    const { accessPurposes } = loadSecuritySettings({});
    expect(accessPurposes.map((purpose) => purpose.code)).toEqual([
      'investigation', 'prosecution', 'court_preparation', 'court_proceedings', 'supervision', 'victim_support',
      'case_administration', 'data_quality', 'audit', 'data_subject_request', 'statistics', 'covert_investigation',
    ]);
    expect(accessPurposes).toEqual(DEFAULT_ACCESS_PURPOSES);
    for (const purpose of accessPurposes) expect(purpose.description.length).toBeGreaterThan(5);
  });

  it('takes the codes of ACCESS_PURPOSES, described from the default list where it knows them', () => {
    expect(loadSecuritySettings({ ACCESS_PURPOSES: ' audit, border_control ,audit' }).accessPurposes).toEqual([
      { code: 'audit', description: 'Auditing access and the integrity of the records' },
      { code: 'border_control', description: 'border_control' },
    ]);
  });

  it.each([
    ['a code with a capital', 'Audit'],
    ['a code with a space', 'court preparation'],
    ['a code with a control character', 'audit\u0000'],
    ['only commas', ',,'],
    ['a code over 64 characters', 'a'.repeat(65)],
  ])('refuses ACCESS_PURPOSES with %s', (_scenario, value) => {
    expect(() => loadSecuritySettings({ ACCESS_PURPOSES: value })).toThrow(ConfigError);
    expect(() => loadSecuritySettings({ ACCESS_PURPOSES: value })).toThrow(/ACCESS_PURPOSES/);
  });
});
