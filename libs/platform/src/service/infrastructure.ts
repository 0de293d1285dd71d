import { join } from 'node:path';
import { Logger } from 'pino';
import { loadOrCreateSigningKey, TokenVerifier } from '@icjims/auth';
import { EventBus, InProcessBus, KafkaBus } from '@icjims/messaging';
import { DatabaseLogins, mayProvisionServiceLogins, startEmbeddedPostgres } from '@icjims/persistence';
import { redactUrl, ServiceConfig } from '../config/service-config';
import { SharedInfrastructure } from './service-app';

export interface RunningInfrastructure extends SharedInfrastructure {
  /** Call once every service of the process has subscribed: in-process delivery starts then. */
  servicesReady(): void;
  /** Closes the bus and stops the embedded database, if one was started. */
  stop(): Promise<void>;
}

/**
 * Connects to what the configuration names, or starts the embedded defaults: a
 * PostgreSQL under the data folder, the in-process bus, the local signing key.
 */
export async function startInfrastructure(
  config: ServiceConfig,
  clientId: string,
  logger: Logger,
  embeddedDatabaseFolder = 'postgres',
): Promise<RunningInfrastructure> {
  let database: DatabaseLogins;
  let stopDatabase = async () => undefined as void;
  if (!config.databaseUrl && !config.databaseMigrationUrl) {
    // The embedded superuser migrates; each service then runs as its own login (see DatabaseLogins).
    const dataDir = join(config.dataDir, embeddedDatabaseFolder);
    const embedded = await startEmbeddedPostgres({ dataDir });
    database = { migrationUrl: embedded.url };
    stopDatabase = embedded.stop;
    logger.info({ dataDir: embedded.dataDir, port: Number(new URL(embedded.url).port) }, 'embedded PostgreSQL started');
  } else if (config.databaseUrl && !config.databaseMigrationUrl && !config.allowPrivilegedDatabaseLogin && (await mayProvisionServiceLogins(config.databaseUrl))) {
    // DATABASE_URL alone points every service at an existing server (CONTRACT.md). A login
    // that may create roles is taken as the owner: it migrates, and never serves — each
    // service runs as its own login, as in the embedded mode.
    database = { migrationUrl: config.databaseUrl };
    logger.info({ database: redactUrl(config.databaseUrl) }, 'DATABASE_URL may create roles: it migrates, and each service runs as its own login icjims_<schema>');
  } else {
    // Development only: a privileged DATABASE_URL alone also migrates, as before separate logins.
    const migrationUrl = config.databaseMigrationUrl ?? (config.allowPrivilegedDatabaseLogin ? config.databaseUrl : undefined);
    database = { runtimeUrl: config.databaseUrl, migrationUrl, allowPrivilegedLogin: config.allowPrivilegedDatabaseLogin };
    logger.info(
      { database: config.databaseUrl && redactUrl(config.databaseUrl), migrations: migrationUrl ? redactUrl(migrationUrl) : 'applied by a separate step' },
      'using PostgreSQL from DATABASE_URL / DATABASE_MIGRATION_URL',
    );
    if (config.allowPrivilegedDatabaseLogin) logger.warn('DATABASE_ALLOW_PRIVILEGED_LOGIN=true: the services may run as a login that owns their tables (development only)');
  }

  const inProcess = config.kafkaBrokers.length ? undefined : new InProcessBus({ held: true });
  const bus: EventBus =
    inProcess ??
    new KafkaBus({
      brokers: config.kafkaBrokers,
      clientId,
      logger: (level, message, extra) => logger[level]({ ...extra }, message),
      ...(config.kafkaFetchMaxWaitMs !== undefined && { consumerTuning: { maxWaitTimeInMs: config.kafkaFetchMaxWaitMs } }),
    });
  logger.info({ transport: bus.transport, brokers: config.kafkaBrokers }, 'event bus ready');

  const verifier = config.oidc
    ? TokenVerifier.oidc(config.oidc)
    : TokenVerifier.local(loadOrCreateSigningKey(config.dataDir));
  logger.info({ tokens: config.oidc ? `OIDC issuer ${config.oidc.issuer}` : 'local signing key' }, 'token verification ready');

  return {
    database,
    bus,
    verifier,
    logLevel: config.logLevel,
    idempotencyRetentionSeconds: config.idempotencyRetentionSeconds,
    security: config.security,
    retention: config.retention,
    jurisdiction: config.jurisdiction,
    operations: config.operations,
    servicesReady: () => inProcess?.release(),
    async stop() {
      await bus.close();
      await stopDatabase();
    },
  };
}
