import { z } from 'zod';
import { Jurisdiction, loadJurisdiction } from '@icjims/jurisdiction';
import { RetentionSettings } from '@icjims/messaging';
import { AccessPurpose } from '../access/access-purposes';
import { OperationsSettings } from '../ops/operations-settings';
import { environmentSchema, parseEnvironment } from './environment';
import { Deployment, operationsVariables, platformEnvironment, retentionVariables, securityVariables } from './platform-environment';

export { ConfigError, redactUrl } from './environment';
export { DEFAULT_IDEMPOTENCY_RETENTION_SECONDS, DEFAULT_RATE_LIMITS } from './platform-environment';

/** Configuration of one process, read from the environment once at start. */
export interface ServiceConfig {
  port: number;
  /** ICJIMS_DEPLOYMENT: `cluster` refuses to start without a shared way to verify tokens. */
  deployment: Deployment;
  /** HOST, when set: the address the HTTP servers bind to. */
  host?: string;
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

type Env = Record<string, string | undefined>;

const securityEnvironment = environmentSchema(securityVariables);
const retentionEnvironment = environmentSchema(retentionVariables);
const operationsEnvironment = environmentSchema(operationsVariables);
type Parsed<Schema extends { variables: z.ZodType }> = z.output<Schema['variables']>;

function securityFrom(parsed: Parsed<typeof securityEnvironment>): SecuritySettings {
  return {
    accessPurposes: parsed.ACCESS_PURPOSES,
    rateLimits: { perAddress: parsed.RATE_LIMIT_PER_ADDRESS, perUser: parsed.RATE_LIMIT_PER_USER, windowSeconds: parsed.RATE_LIMIT_WINDOW_SECONDS },
  };
}

function retentionFrom(parsed: Parsed<typeof retentionEnvironment>): RetentionSettings {
  return {
    outboxDays: parsed.OUTBOX_RETENTION_DAYS,
    inboxDays: parsed.INBOX_RETENTION_DAYS,
    deadLetterDays: parsed.DEAD_LETTER_RETENTION_DAYS,
    intervalSeconds: parsed.RETENTION_PRUNE_INTERVAL_SECONDS,
    batchSize: parsed.RETENTION_PRUNE_BATCH_SIZE,
  };
}

function operationsFrom(parsed: Parsed<typeof operationsEnvironment>): OperationsSettings {
  return { metricsRefreshIntervalMs: 1000 * parsed.METRICS_REFRESH_INTERVAL_SECONDS, drainDelayMs: 1000 * parsed.SHUTDOWN_DRAIN_SECONDS };
}

/** The security settings from the environment; throws ConfigError naming a bad one. */
export function loadSecuritySettings(env: Env = process.env): SecuritySettings {
  return securityFrom(parseEnvironment(securityEnvironment, env));
}

/** The messaging tables' retention periods from the environment; throws ConfigError naming a bad one. */
export function loadRetentionSettings(env: Env = process.env): RetentionSettings {
  return retentionFrom(parseEnvironment(retentionEnvironment, env));
}

/** Health and metrics settings from the environment; throws ConfigError naming a bad one. */
export function loadOperationsSettings(env: Env = process.env): OperationsSettings {
  return operationsFrom(parseEnvironment(operationsEnvironment, env));
}

/** Reads and validates the platform's environment (platformEnvironment) once; throws ConfigError naming the first bad variable. */
export function loadServiceConfig(defaultPort: number, env: Env = process.env): ServiceConfig {
  const parsed = parseEnvironment(platformEnvironment, env);
  const { OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_JWKS_URL: jwksUrl } = parsed;
  return {
    port: parsed.PORT ?? defaultPort,
    deployment: parsed.ICJIMS_DEPLOYMENT,
    ...(parsed.HOST !== undefined && { host: parsed.HOST }),
    databaseUrl: parsed.DATABASE_URL,
    databaseMigrationUrl: parsed.DATABASE_MIGRATION_URL,
    allowPrivilegedDatabaseLogin: parsed.DATABASE_ALLOW_PRIVILEGED_LOGIN || undefined,
    kafkaBrokers: parsed.KAFKA_BROKERS,
    kafkaFetchMaxWaitMs: parsed.KAFKA_FETCH_MAX_WAIT_MS,
    logLevel: parsed.LOG_LEVEL,
    dataDir: parsed.ICJIMS_DATA_DIR,
    // The platform schema's check has made sure they come all three or none.
    oidc: issuer && audience && jwksUrl ? { issuer, audience, jwksUrl } : undefined,
    idempotencyRetentionSeconds: parsed.IDEMPOTENCY_KEY_RETENTION_SECONDS,
    security: securityFrom(parsed),
    retention: retentionFrom(parsed),
    // The pack's code and file are checked with the pack itself (a JurisdictionPackError names the variable).
    jurisdiction: loadJurisdiction(env),
    operations: operationsFrom(parsed),
  };
}
