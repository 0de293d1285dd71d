import { join } from 'node:path';
import { Logger } from 'pino';
import { loadOrCreateSigningKey, TokenVerifier } from '@icjims/auth';
import { EventBus, InProcessBus, KafkaBus } from '@icjims/messaging';
import { startEmbeddedPostgres } from '@icjims/persistence';
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
  let databaseUrl = config.databaseUrl;
  let stopDatabase = async () => undefined as void;
  if (!databaseUrl) {
    const dataDir = join(config.dataDir, embeddedDatabaseFolder);
    const embedded = await startEmbeddedPostgres({ dataDir });
    databaseUrl = embedded.url;
    stopDatabase = embedded.stop;
    logger.info({ dataDir }, 'embedded PostgreSQL started');
  } else {
    logger.info({ database: redactUrl(databaseUrl) }, 'using PostgreSQL from DATABASE_URL');
  }

  const inProcess = config.kafkaBrokers.length ? undefined : new InProcessBus({ held: true });
  const bus: EventBus =
    inProcess ?? new KafkaBus({ brokers: config.kafkaBrokers, clientId, logger: (level, message, extra) => logger[level]({ ...extra }, message) });
  logger.info({ transport: bus.transport, brokers: config.kafkaBrokers }, 'event bus ready');

  const verifier = config.oidc
    ? TokenVerifier.oidc(config.oidc)
    : TokenVerifier.local(await loadOrCreateSigningKey(config.dataDir));
  logger.info({ tokens: config.oidc ? `OIDC issuer ${config.oidc.issuer}` : 'local signing key' }, 'token verification ready');

  return {
    databaseUrl,
    bus,
    verifier,
    logLevel: config.logLevel,
    idempotencyRetentionSeconds: config.idempotencyRetentionSeconds,
    servicesReady: () => inProcess?.release(),
    async stop() {
      await bus.close();
      await stopDatabase();
    },
  };
}
