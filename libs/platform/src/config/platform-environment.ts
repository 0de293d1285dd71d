import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { signingKeyPath } from '@icjims/auth';
import { RETENTION_VARIABLES } from '@icjims/messaging';
import { readTraceSettings, TracingConfigError } from '@icjims/observability';
import { AccessPurpose, accessPurposesFor, DEFAULT_ACCESS_PURPOSES, PURPOSE_CODE } from '../access/access-purposes';
import { DEFAULT_OPERATIONS } from '../ops/operations-settings';
import { ConfigError, environmentSchema, fail, flag, integer, oneOf, text, url, variable } from './environment';

/** Generous enough for the bench (16 clients on one loopback address, a few hundred requests a second). */
export const DEFAULT_RATE_LIMITS = { perAddress: 10_000, perUser: 5_000, windowSeconds: 10 };
export const DEFAULT_IDEMPOTENCY_RETENTION_SECONDS = 24 * 3600;
const MAX_IDEMPOTENCY_RETENTION_SECONDS = 30 * 24 * 3600;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const HOST_PORT = /^[A-Za-z0-9.-]+:(\d{1,5})$/;

/** How the process is deployed: `cluster` processes share nothing but what they are given, so none may make up its own signing key. */
export const DEPLOYMENTS = ['local', 'cluster'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];

function brokers(raw: string | undefined): string[] {
  const list = (raw ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  for (const broker of list) {
    const port = Number(HOST_PORT.exec(broker)?.[1] ?? 0);
    if (port < 1 || port > 65535) fail('KAFKA_BROKERS', 'a comma-separated list of host:port', raw ?? '');
  }
  return list;
}

function accessPurposes(raw: string | undefined): AccessPurpose[] {
  if (raw === undefined || raw.trim() === '') return [...DEFAULT_ACCESS_PURPOSES];
  const codes = raw.split(',').map((part) => part.trim()).filter(Boolean);
  if (codes.length === 0 || !codes.every((code) => PURPOSE_CODE.test(code))) {
    fail('ACCESS_PURPOSES', 'a comma-separated list of codes (lower-case letters, digits and _, up to 64 characters each)', raw);
  }
  return accessPurposesFor([...new Set(codes)]);
}

const where = (raw: string) => ((parsed) => `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`)(new URL(raw));

const retention = (key: keyof typeof RETENTION_VARIABLES, description: string) => {
  const { name, fallback, min, max } = RETENTION_VARIABLES[key];
  return variable({ default: `\`${fallback}\``, description: `${description} (${min} to ${max}).` }, integer(name, fallback, min, max));
};

/** The security settings: the X-Purpose codes and the rate limits. */
export const securityVariables = {
  ACCESS_PURPOSES: variable(
    {
      default: 'the twelve codes of `libs/platform/src/access/access-purposes.json`',
      description: 'comma-separated purpose codes (lower-case letters, digits, `_`) that callers may state in `X-Purpose`; see [security-and-privacy.md](security-and-privacy.md#purposes-of-access).',
    },
    accessPurposes,
  ),
  RATE_LIMIT_PER_ADDRESS: variable(
    {
      default: '`10000`',
      description: 'requests under `/api/v1` per client address and window, per service instance (0 to 100000000; `0` switches the limit off). Behind a proxy every client has the proxy\'s address: see [security-and-privacy.md](security-and-privacy.md#rate-limits).',
    },
    integer('RATE_LIMIT_PER_ADDRESS', DEFAULT_RATE_LIMITS.perAddress, 0, 100_000_000),
  ),
  RATE_LIMIT_PER_USER: variable(
    { default: '`5000`', description: 'requests per token `sub` and window, per service instance (0 to 100000000; `0` switches it off).' },
    integer('RATE_LIMIT_PER_USER', DEFAULT_RATE_LIMITS.perUser, 0, 100_000_000),
  ),
  RATE_LIMIT_WINDOW_SECONDS: variable(
    { default: '`10`', description: 'length of a rate-limit window (1 to 3600).' },
    integer('RATE_LIMIT_WINDOW_SECONDS', DEFAULT_RATE_LIMITS.windowSeconds, 1, 3600),
  ),
};

/** How long the messaging tables keep rows (libs/messaging's bounds and defaults). */
export const retentionVariables = {
  OUTBOX_RETENTION_DAYS: retention('outboxDays', 'days a **published** outbox row is kept after it was published; unpublished rows are never pruned. See *Retention of messaging rows*'),
  INBOX_RETENTION_DAYS: retention('inboxDays', 'days an inbox row (an event id the service has processed) is kept. **Must be longer than any redelivery horizon** — see *Retention of messaging rows*'),
  DEAD_LETTER_RETENTION_DAYS: retention('deadLetterDays', "days a published dead letter is kept in the consuming service's outbox"),
  RETENTION_PRUNE_INTERVAL_SECONDS: retention('intervalSeconds', 'pause between two pruning passes; the first pass runs one interval after the start'),
  RETENTION_PRUNE_BATCH_SIZE: retention('batchSize', 'rows deleted per statement'),
};

/** Background gauges and the shutdown drain. */
export const operationsVariables = {
  METRICS_REFRESH_INTERVAL_SECONDS: variable(
    {
      default: '`15`',
      description: 'pause between two background refreshes of the gauges read from the database and the broker (outbox, dead letters, consumer lag, readiness; 1 to 3600); see *Metrics*.',
    },
    integer('METRICS_REFRESH_INTERVAL_SECONDS', DEFAULT_OPERATIONS.metricsRefreshIntervalMs / 1000, 1, 3600),
  ),
  SHUTDOWN_DRAIN_SECONDS: variable(
    {
      default: '`0` (`5` in `deploy/k8s`)',
      description: 'on SIGTERM or Ctrl-C, how long `/health/ready` answers 503 while the service still serves, before it stops accepting connections (0 to 120); see *Health*.',
    },
    integer('SHUTDOWN_DRAIN_SECONDS', DEFAULT_OPERATIONS.drainDelayMs / 1000, 0, 120),
  ),
};

/** OpenTelemetry's standard variables, as libs/observability reads them; checked together (the check below). */
export const tracingVariables = {
  OTEL_SDK_DISABLED: variable({ default: '`false`', description: '`true`: no spans at all, and no trace ids in logs or events.' }, text),
  OTEL_TRACES_EXPORTER: variable(
    { default: 'unset: spans leave the process only when an OTLP endpoint is set', description: '`otlp` sends finished spans over OTLP/HTTP, `none` sends nothing (a comma-separated list of those two).' },
    text,
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: variable(
    { default: 'unset (`http://localhost:4318` when `OTEL_TRACES_EXPORTER=otlp`)', description: 'base URL of the OTLP/HTTP collector (http: or https:); spans go to its `/v1/traces`. Setting it switches the exporter on unless `OTEL_TRACES_EXPORTER=none`.' },
    text,
  ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: variable({ default: 'unset', description: 'the full URL spans are POSTed to, instead of the base URL above.' }, text),
  OTEL_EXPORTER_OTLP_PROTOCOL: variable({ default: '`http/protobuf`', description: '`http/protobuf` or `http/json`.' }, text),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: variable({ default: 'unset: `OTEL_EXPORTER_OTLP_PROTOCOL`', description: 'the same, for traces only.' }, text),
};

/**
 * What every service reads, whichever it is: the process, the database, the bus, tokens, the
 * country pack and the request pipeline. A service's own variables come on top of these
 * (`ServiceDefinition.environment`).
 */
export const platformEnvironment = environmentSchema(
  {
    PORT: variable(
      { default: "the service's port above", description: 'HTTP port of a service started alone (1 to 65535). `npm start` ignores it and uses the ports above plus `ICJIMS_PORT_OFFSET`.' },
      (raw) => (raw === undefined ? undefined : integer('PORT', 0, 1, 65535)(raw)),
    ),
    HOST: variable(
      { default: '`0.0.0.0` for a service started alone, `127.0.0.1` for `npm start`', description: 'address the HTTP servers bind to' },
      text,
    ),
    ICJIMS_DEPLOYMENT: variable(
      {
        default: '`local`',
        description:
          "`local` or `cluster`. `cluster` says that this process is one of several that share nothing but what they are given (Compose, Kubernetes): it refuses to start unless tokens are verified by an identity provider (`OIDC_*`) or by a signing key provided at `<ICJIMS_DATA_DIR>/auth/signing-key.jwk.json` (a Secret mounted in every replica), since a key it generated itself would reject every other replica's tokens. `deploy/` sets it; see *Identity in deployments*.",
      },
      oneOf('ICJIMS_DEPLOYMENT', DEPLOYMENTS, 'local'),
    ),
    DATABASE_URL: variable(
      {
        default: 'unset: embedded default',
        description:
          '`postgres://user:password@host:5432/db`: the PostgreSQL server and database of every service, and the **runtime login** a service connects as, which must own nothing (see *Database roles*). Each service has its own schema there; no service reads another\'s tables.',
      },
      url('DATABASE_URL', ['postgres:', 'postgresql:']),
    ),
    DATABASE_MIGRATION_URL: variable(
      {
        default: 'unset',
        description:
          'the same server and database as the **migration login**, which owns the schemas. When set, each service migrates its schema with it at start (and, without `DATABASE_URL`, runs as its own login `icjims_<schema>`, see *Database roles*); `node dist/apps/<service>/main.js --migrate-only` migrates and exits. Unset: the schema must already be migrated.',
      },
      url('DATABASE_MIGRATION_URL', ['postgres:', 'postgresql:']),
    ),
    DATABASE_ALLOW_PRIVILEGED_LOGIN: variable(
      { default: '`false`', description: '`true` lets a service run as a login that owns objects or is a superuser — development only. Otherwise such a login stops the service at start with one line.' },
      flag('DATABASE_ALLOW_PRIVILEGED_LOGIN'),
    ),
    KAFKA_BROKERS: variable(
      {
        default: 'unset: in-process bus',
        description:
          'comma-separated `host:port`. When set, the service uses Kafka: one consumer group per service, topics `icjims.<service>.events` and `icjims.<service>.dead-letter`, created automatically on first use.',
      },
      brokers,
    ),
    KAFKA_FETCH_MAX_WAIT_MS: variable(
      {
        default: '`5000`',
        description:
          "how long a consumer's fetch waits for data before answering empty (an integer from 10 to 60000). A real broker answers as soon as data arrives, so this only bounds idle polling; librdkafka's mock cluster holds every fetch for the full time, so the bench's Kafka freshness phase sets 100.",
      },
      (raw) => (raw === undefined ? undefined : integer('KAFKA_FETCH_MAX_WAIT_MS', 0, 10, 60_000)(raw)),
    ),
    LOG_LEVEL: variable(
      { default: '`info`', description: 'pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`. Logs are JSON lines on stdout and never contain personal data or tokens.' },
      oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    ),
    ICJIMS_DATA_DIR: variable(
      {
        default: '`.data` under the working directory',
        description:
          'holds the locally generated JWT signing key (`auth/signing-key.jwk.json`, also read by `npm run token`) and, without `DATABASE_URL` and `DATABASE_MIGRATION_URL`, the embedded PostgreSQL (`postgres/` for `npm start`, `postgres-<service>/` for a service started alone) with its superuser\'s password next to it (`postgres.password`, `postgres-<service>.password`). **All services of one installation must share it** (one shared volume), otherwise a token minted by one service is rejected by the others.',
      },
      (raw) => resolve(raw ?? '.data'),
    ),
    ICJIMS_JURISDICTION: variable(
      {
        default: '`KG`',
        description:
          'the jurisdiction pack: `KG` (the Kyrgyz Republic), `KZ` (Kazakhstan) or `EE` (Estonia, the sample data of installations from before packs); case does not matter. **Every service of an installation must run under the same pack**, and an installation keeps the pack it first started with (see *Jurisdiction pack*). Checked with the pack (libs/jurisdiction).',
      },
      text,
    ),
    ICJIMS_JURISDICTION_FILE: variable(
      {
        default: 'unset',
        description:
          'path of a pack file for a country not built in, used instead of a built-in pack; with `ICJIMS_JURISDICTION` also set, both must name the same country. See [jurisdictions.md](jurisdictions.md).',
      },
      text,
    ),
    OIDC_ISSUER: variable(
      { default: 'unset', description: "the identity provider's issuer (`iss`), e.g. `https://idp.example/realms/icjims`. `OIDC_ISSUER`, `OIDC_AUDIENCE` and `OIDC_JWKS_URL` together switch token verification to the provider; set all three or none. Required in deployments (see `ICJIMS_DEPLOYMENT`)." },
      text,
    ),
    OIDC_AUDIENCE: variable({ default: 'unset', description: 'the audience (`aud`) a token must carry, e.g. `icjims-api`.' }, text),
    OIDC_JWKS_URL: variable(
      { default: 'unset', description: "the provider's JSON Web Key Set (an http: or https: URL), e.g. `https://idp.example/realms/icjims/protocol/openid-connect/certs`." },
      url('OIDC_JWKS_URL', ['https:', 'http:']),
    ),
    IDEMPOTENCY_KEY_RETENTION_SECONDS: variable(
      { default: '`86400` (24 h)', description: 'how long a service remembers an `Idempotency-Key` (60 to 2592000); see *Idempotency keys*.' },
      integer('IDEMPOTENCY_KEY_RETENTION_SECONDS', DEFAULT_IDEMPOTENCY_RETENTION_SECONDS, 60, MAX_IDEMPOTENCY_RETENTION_SECONDS),
    ),
    ...securityVariables,
    ...retentionVariables,
    ...operationsVariables,
    ...tracingVariables,
  },
  (env, parsed) => {
    try {
      readTraceSettings(env);
    } catch (error) {
      if (error instanceof TracingConfigError) throw new ConfigError(error.message);
      throw error;
    }
    const oidcSet = [parsed.OIDC_ISSUER, parsed.OIDC_AUDIENCE, parsed.OIDC_JWKS_URL].filter(Boolean).length;
    if (oidcSet > 0 && oidcSet < 3) throw new ConfigError('Invalid configuration: OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL must be set together');
    if (parsed.DATABASE_URL && parsed.DATABASE_MIGRATION_URL && where(parsed.DATABASE_URL) !== where(parsed.DATABASE_MIGRATION_URL)) {
      fail('DATABASE_MIGRATION_URL', `the server and database of DATABASE_URL (${where(parsed.DATABASE_URL)})`, where(parsed.DATABASE_MIGRATION_URL));
    }
    if (parsed.ICJIMS_DEPLOYMENT === 'cluster' && oidcSet === 0 && !existsSync(signingKeyPath(parsed.ICJIMS_DATA_DIR))) {
      throw new ConfigError(
        `Invalid configuration: ICJIMS_DEPLOYMENT=cluster needs OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL, or a signing key shared by every replica at ${signingKeyPath(parsed.ICJIMS_DATA_DIR)} (a mounted Secret); a key made by this process would reject the others' tokens`,
      );
    }
  },
);

/** What only `npm start` (every service in one process) reads. */
export const launcherEnvironment = environmentSchema({
  ICJIMS_PORT_OFFSET: variable(
    { default: '`0`', description: '`npm start` only: added to every default port (an integer from 0 to 60000)' },
    integer('ICJIMS_PORT_OFFSET', 0, 0, 60_000),
  ),
});
