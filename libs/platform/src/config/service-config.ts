import { resolve } from 'node:path';
import { Jurisdiction, loadJurisdiction } from '@icjims/jurisdiction';
import { RetentionSettings, retentionSettings } from '@icjims/messaging';
import { AccessPurpose, accessPurposesFor, DEFAULT_ACCESS_PURPOSES, PURPOSE_CODE } from '../access/access-purposes';
import { DEFAULT_OPERATIONS, OperationsSettings } from '../ops/operations-settings';

/** Configuration of one process, read from the environment once at start. */
export interface ServiceConfig {
  port: number;
  /** PostgreSQL URL of the services' runtime login (DATABASE_URL); with no URL at all, the embedded PostgreSQL. */
  databaseUrl?: string;
  /** PostgreSQL URL of the owner login, which migrates and grants at start (DATABASE_MIGRATION_URL). */
  databaseMigrationUrl?: string;
  /** DATABASE_ALLOW_PRIVILEGED_LOGIN=true: development only, run as a login that owns objects or is a superuser. */
  allowPrivilegedDatabaseLogin?: true;
  /** Kafka bootstrap servers; empty means the in-process bus. */
  kafkaBrokers: string[];
  /** Longest a Kafka fetch waits for data (KAFKA_FETCH_MAX_WAIT_MS); unset: the bus's default. */
  kafkaFetchMaxWaitMs?: number;
  logLevel: string;
  /** Holds the local signing key and the embedded database. */
  dataDir: string;
  /** All three OIDC settings, or none (local signing key). */
  oidc?: { issuer: string; audience: string; jwksUrl: string };
  /** How long an Idempotency-Key is remembered. */
  idempotencyRetentionSeconds: number;
  security: SecuritySettings;
  /** How long outbox, inbox and dead-letter rows are kept (libs/messaging). */
  retention: RetentionSettings;
  /** The country pack (ICJIMS_JURISDICTION, ICJIMS_JURISDICTION_FILE; libs/jurisdiction). */
  jurisdiction: Jurisdiction;
  /** Background gauge refresh and shutdown drain (METRICS_REFRESH_INTERVAL_SECONDS, SHUTDOWN_DRAIN_SECONDS). */
  operations: OperationsSettings;
}

/** What the request pipeline enforces beyond authentication. */
export interface SecuritySettings {
  /** The X-Purpose codes callers may state (ACCESS_PURPOSES). */
  accessPurposes: AccessPurpose[];
  rateLimits: RateLimitSettings;
}

/** Requests per client and window each service instance serves under /api/v1; 0 switches a limit off. */
export interface RateLimitSettings {
  /** Per client address, counted before the token is checked (RATE_LIMIT_PER_ADDRESS). */
  perAddress: number;
  /** Per token subject (RATE_LIMIT_PER_USER). */
  perUser: number;
  /** RATE_LIMIT_WINDOW_SECONDS. */
  windowSeconds: number;
}

/** Generous enough for the bench (16 clients on one loopback address, a few hundred requests a second). */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = { perAddress: 10_000, perUser: 5_000, windowSeconds: 10 };

export const DEFAULT_IDEMPOTENCY_RETENTION_SECONDS = 24 * 3600;
const MAX_IDEMPOTENCY_RETENTION_SECONDS = 30 * 24 * 3600;

/** A bad setting: the message is the one line an operator sees before the process exits. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const HOST_PORT = /^[A-Za-z0-9.-]+:(\d{1,5})$/;

type Env = Record<string, string | undefined>;

function fail(name: string, expectation: string, value: string): never {
  throw new ConfigError(`Invalid configuration: ${name} must be ${expectation} (got "${value.slice(0, 80)}")`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) fail(name, `an integer from ${min} to ${max}`, raw);
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return fail(name, `a ${protocols.join(' or ')} URL`, redactUrl(raw));
  }
  if (!protocols.includes(parsed.protocol)) fail(name, `a ${protocols.join(' or ')} URL`, redactUrl(raw));
  return raw;
}

/** Hides a password in a URL so that it never reaches a log or an error message. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return raw.replace(/\/\/([^:/@]*):.*@/, '//$1:***@');
  }
}

function accessPurposes(env: Env): AccessPurpose[] {
  const raw = env.ACCESS_PURPOSES;
  if (raw === undefined || raw.trim() === '') return [...DEFAULT_ACCESS_PURPOSES];
  const codes = raw.split(',').map((part) => part.trim()).filter(Boolean);
  if (codes.length === 0 || !codes.every((code) => PURPOSE_CODE.test(code))) {
    fail('ACCESS_PURPOSES', 'a comma-separated list of codes (lower-case letters, digits and _, up to 64 characters each)', raw);
  }
  return accessPurposesFor([...new Set(codes)]);
}

/** DATABASE_URL and DATABASE_MIGRATION_URL, which must name the same server and database. */
function databaseSettings(env: Env): Pick<ServiceConfig, 'databaseUrl' | 'databaseMigrationUrl' | 'allowPrivilegedDatabaseLogin'> {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseMigrationUrl = url(env, 'DATABASE_MIGRATION_URL', ['postgres:', 'postgresql:']);
  if (databaseUrl && databaseMigrationUrl) {
    const where = (raw: string) => ((parsed) => `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`)(new URL(raw));
    if (where(databaseUrl) !== where(databaseMigrationUrl)) fail('DATABASE_MIGRATION_URL', `the server and database of DATABASE_URL (${where(databaseUrl)})`, where(databaseMigrationUrl));
  }
  const allow = env.DATABASE_ALLOW_PRIVILEGED_LOGIN || 'false';
  if (allow !== 'true' && allow !== 'false') fail('DATABASE_ALLOW_PRIVILEGED_LOGIN', 'true or false', allow);
  return { databaseUrl, databaseMigrationUrl, allowPrivilegedDatabaseLogin: allow === 'true' || undefined };
}

/** The security settings from the environment; throws ConfigError naming a bad one. */
export function loadSecuritySettings(env: Env = process.env): SecuritySettings {
  return {
    accessPurposes: accessPurposes(env),
    rateLimits: {
      perAddress: integer(env, 'RATE_LIMIT_PER_ADDRESS', DEFAULT_RATE_LIMITS.perAddress, 0, 100_000_000),
      perUser: integer(env, 'RATE_LIMIT_PER_USER', DEFAULT_RATE_LIMITS.perUser, 0, 100_000_000),
      windowSeconds: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', DEFAULT_RATE_LIMITS.windowSeconds, 1, 3600),
    },
  };
}

/** The messaging tables' retention periods from the environment; throws ConfigError naming a bad one. */
export function loadRetentionSettings(env: Env = process.env): RetentionSettings {
  return retentionSettings((name, fallback, min, max) => integer(env, name, fallback, min, max));
}

/** Health and metrics settings from the environment; throws ConfigError naming a bad one. */
export function loadOperationsSettings(env: Env = process.env): OperationsSettings {
  return {
    metricsRefreshIntervalMs: 1000 * integer(env, 'METRICS_REFRESH_INTERVAL_SECONDS', DEFAULT_OPERATIONS.metricsRefreshIntervalMs / 1000, 1, 3600),
    drainDelayMs: 1000 * integer(env, 'SHUTDOWN_DRAIN_SECONDS', DEFAULT_OPERATIONS.drainDelayMs / 1000, 0, 120),
  };
}

/** Reads and validates the environment; throws ConfigError naming the first bad variable. */
export function loadServiceConfig(defaultPort: number, env: Env = process.env): ServiceConfig {
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  for (const broker of brokers) {
    const port = Number(HOST_PORT.exec(broker)?.[1] ?? 0);
    if (port < 1 || port > 65535) fail('KAFKA_BROKERS', 'a comma-separated list of host:port', env.KAFKA_BROKERS ?? '');
  }

  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) fail('LOG_LEVEL', `one of ${LOG_LEVELS.join(', ')}`, logLevel);

  const oidcValues = { issuer: env.OIDC_ISSUER, audience: env.OIDC_AUDIENCE, jwksUrl: url(env, 'OIDC_JWKS_URL', ['https:', 'http:']) };
  const oidcSet = Object.values(oidcValues).filter(Boolean).length;
  if (oidcSet > 0 && oidcSet < 3) {
    throw new ConfigError('Invalid configuration: OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL must be set together');
  }

  return {
    port: integer(env, 'PORT', defaultPort, 1, 65535),
    ...databaseSettings(env),
    kafkaBrokers: brokers,
    kafkaFetchMaxWaitMs: env.KAFKA_FETCH_MAX_WAIT_MS ? integer(env, 'KAFKA_FETCH_MAX_WAIT_MS', 5_000, 10, 60_000) : undefined,
    logLevel,
    dataDir: resolve(env.ICJIMS_DATA_DIR || '.data'),
    oidc: oidcSet === 3 ? (oidcValues as ServiceConfig['oidc']) : undefined,
    idempotencyRetentionSeconds: integer(env, 'IDEMPOTENCY_KEY_RETENTION_SECONDS', DEFAULT_IDEMPOTENCY_RETENTION_SECONDS, 60, MAX_IDEMPOTENCY_RETENTION_SECONDS),
    security: loadSecuritySettings(env),
    retention: loadRetentionSettings(env),
    jurisdiction: loadJurisdiction(env),
    operations: loadOperationsSettings(env),
  };
}
