import { INestApplication } from '@nestjs/common';
import { createLogger } from '@icjims/observability';
import { ConfigError, loadServiceConfig, ServiceConfig } from '../config/service-config';
import { RunningInfrastructure, startInfrastructure } from './infrastructure';
import { createServiceApp, stopServiceApp } from './service-app';
import { ServiceDefinition } from './service-definition';

function readConfig(defaultPort: number): ServiceConfig {
  try {
    return loadServiceConfig(defaultPort);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Stops everything once on SIGINT/SIGTERM; a second signal exits at once. */
function onShutdownSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown after ${signal} failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

async function startAll(
  definitions: ServiceDefinition[],
  config: ServiceConfig,
  host: string,
  portOf: (definition: ServiceDefinition) => number,
  embeddedDatabaseFolder: string,
): Promise<void> {
  const logger = createLogger({ service: definitions.length === 1 ? definitions[0].name : 'icjims', level: config.logLevel });
  let infrastructure: RunningInfrastructure | undefined;
  const apps: INestApplication[] = [];
  const stop = async () => {
    logger.info('shutting down');
    for (const app of apps) await stopServiceApp(app);
    await infrastructure?.stop();
    logger.info('stopped');
  };
  try {
    infrastructure = await startInfrastructure(config, definitions.map((d) => d.name).join('+'), logger, embeddedDatabaseFolder);
    for (const definition of definitions) {
      const app = await createServiceApp(definition, infrastructure);
      apps.push(app);
      await app.listen(portOf(definition), host);
      logger.info({ url: `http://${host}:${portOf(definition)}` }, `${definition.name} listening`);
    }
  } catch (error) {
    logger.fatal({ err: error }, 'could not start');
    await stop().catch(() => undefined);
    process.exit(1);
  }
  onShutdownSignal(stop);
}

/** `node dist/apps/<service>/main.js`: one service, configured by the environment. */
export async function runStandalone(definition: ServiceDefinition): Promise<void> {
  const config = readConfig(definition.defaultPort);
  await startAll([definition], config, process.env.HOST || '0.0.0.0', () => config.port, `postgres-${definition.name}`);
}

/**
 * `npm start`: every service in one process on one embedded PostgreSQL and the
 * in-process bus (or DATABASE_URL / KAFKA_BROKERS when set), on the default ports.
 */
export async function runEmbedded(definitions: ServiceDefinition[]): Promise<void> {
  const config = readConfig(0);
  await startAll(definitions, config, process.env.HOST || '127.0.0.1', (d) => d.defaultPort, 'postgres');
  const table = definitions
    .map((d) => `  ${d.name.padEnd(18)} http://127.0.0.1:${d.defaultPort}/api/v1   docs: http://127.0.0.1:${d.defaultPort}/docs`)
    .join('\n');
  process.stdout.write(`\nICJIMS is running (Ctrl-C to stop):\n${table}\n\nMint a token: npm run token -- --role prosecutor --region EE-37\n\n`);
}
