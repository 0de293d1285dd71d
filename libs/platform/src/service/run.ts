import { resolve } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { createLogger, stopTracing, TracingConfigError } from '@icjims/observability';
import { JurisdictionPackError } from '@icjims/jurisdiction';
import { DatabaseRoleError } from '@icjims/persistence';
import { parseEnvironment, unknownIcjimsVariables } from '../config/environment';
import { launcherEnvironment, platformEnvironment } from '../config/platform-environment';
import { ConfigError, loadServiceConfig, ServiceConfig } from '../config/service-config';
import { RunningInfrastructure, startInfrastructure } from './infrastructure';
import { createServiceApp, stopServiceApps } from './service-app';
import { runMigrationStep } from './service-migration';
import { ServiceDefinition } from './service-definition';
import { parseServiceEnvironment, ServiceEnvironment } from './service-environment';

/** The process configuration: the platform's, the launcher's port offset and each service's own settings. */
interface ProcessConfig extends ServiceConfig {
  portOffset: number;
  environments: Map<ServiceDefinition, ServiceEnvironment>;
}

/**
 * The process configuration, parsed once, before anything starts: the platform's variables, the
 * launcher's (`npm start`) and every service's own (its app's SERVICE_ENVIRONMENT). A bad value:
 * one line on stderr naming it, and exit 1. An ICJIMS_* variable none of them reads is most
 * likely a typo: one warning line.
 */
function readConfig(defaultPort: number, definitions: ServiceDefinition[], launcher?: typeof launcherEnvironment): ProcessConfig {
  const own = definitions.flatMap((definition) => (definition.environment ? [definition.environment] : []));
  // First, so that it is seen beside a refusal the typo may have caused.
  const unknown = unknownIcjimsVariables(process.env, [platformEnvironment, ...(launcher ? [launcher] : []), ...own]);
  if (unknown.length) {
    const reader = definitions.length === 1 ? definitions[0].name : 'any service';
    process.stderr.write(`warning: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} set but not read by ${reader} (a typo?); docs/operations.md lists every variable\n`);
  }
  try {
    const config = loadServiceConfig(defaultPort);
    const environments = new Map(definitions.map((definition) => [definition, parseServiceEnvironment(definition, process.env)]));
    const portOffset = launcher ? parseEnvironment(launcher, process.env).ICJIMS_PORT_OFFSET : 0;
    return { ...config, portOffset, environments };
  } catch (error) {
    if (error instanceof ConfigError || error instanceof JurisdictionPackError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Stops everything once on SIGINT/SIGTERM; a second signal exits at once. One Ctrl-C in a terminal
 * reaches this process twice (from the terminal, and forwarded by npm), so a repeat within a second
 * counts as the same one.
 */
function onShutdownSignal(stop: () => Promise<void>): void {
  let stoppingSince: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince > 1000) process.exit(1);
      return;
    }
    stoppingSince = Date.now();
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
  config: ProcessConfig,
  host: string,
  portOf: (definition: ServiceDefinition) => number,
  embeddedDatabaseFolder: string,
): Promise<boolean> {
  const logger = createLogger({ service: definitions.length === 1 ? definitions[0].name : 'icjims', level: config.logLevel });
  let infrastructure: RunningInfrastructure | undefined;
  const apps: INestApplication[] = [];
  let stopping = false;
  let ready = false;
  // The start-up step in hand; stopping waits for it so nothing is cut off mid-migration.
  let step: Promise<unknown> = Promise.resolve();
  const next = <T>(work: Promise<T>): Promise<T> => ((step = work.catch(() => undefined)), work);
  // Stops what has started so far; services still to start are not started.
  const stop = async () => {
    stopping = true;
    logger.info('shutting down');
    await step;
    // Stopped before every service subscribed: close the bus first, so that relays waiting on
    // it fail and keep their events in the outbox for the next start instead of waiting forever.
    if (!ready) await infrastructure?.bus.close();
    await stopServiceApps(apps);
    await infrastructure?.stop();
    await stopTracing(); // the spans still queued go to the collector, if one is configured
    logger.info('stopped');
  };
  // Installed first: a Ctrl-C during start-up must still shut down in order.
  onShutdownSignal(stop);
  try {
    infrastructure = await next(startInfrastructure(config, definitions.map((d) => d.name).join('+'), logger, embeddedDatabaseFolder));
    for (const definition of definitions) {
      if (stopping) return false;
      const app = await next(createServiceApp(definition, infrastructure, config.environments.get(definition)));
      apps.push(app);
      await next(app.listen(portOf(definition), host));
      logger.info({ url: `http://${host}:${portOf(definition)}` }, `${definition.name} listening`);
    }
    if (stopping) return false;
    infrastructure.servicesReady();
    ready = true;
    return true;
  } catch (error) {
    if (stopping) return false;
    // Like a bad setting, a missing database role is the operator's to fix: one line saying how.
    if (error instanceof DatabaseRoleError || error instanceof JurisdictionPackError || error instanceof TracingConfigError) process.stderr.write(`${error.message}\n`);
    else logger.fatal({ err: error }, 'could not start');
    await stop().catch(() => undefined);
    process.exit(1);
  }
}

/** `node dist/apps/<service>/main.js`: one service, configured by the environment. */
export async function runStandalone(definition: ServiceDefinition): Promise<void> {
  const config = readConfig(definition.defaultPort, [definition]);
  if (process.argv.includes('--migrate-only')) return runMigrationStep([definition], config);
  if (config.kafkaBrokers.length === 0) {
    process.stderr.write(`${definition.name}: KAFKA_BROKERS is not set, so its events stay inside this process; set it to reach the other services\n`);
  }
  await startAll([definition], config, config.host ?? '0.0.0.0', () => config.port, `postgres-${definition.name}`);
}

/**
 * `npm start`: every service in one process on one embedded PostgreSQL and the
 * in-process bus (or DATABASE_URL / KAFKA_BROKERS when set), on the default ports.
 */
export async function runEmbedded(definitions: ServiceDefinition[]): Promise<void> {
  const config = readConfig(0, definitions, launcherEnvironment);
  if (process.argv.includes('--migrate-only')) return runMigrationStep(definitions, config);
  const portOf = (definition: ServiceDefinition) => definition.defaultPort + config.portOffset;
  const host = config.host ?? '127.0.0.1';
  const started = await startAll(definitions, config, host, portOf, 'postgres');
  if (!started) return;
  const table = definitions
    .map((d) => `  ${d.name.padEnd(18)} http://${host}:${portOf(d)}/api/v1   docs: http://${host}:${portOf(d)}/docs`)
    .join('\n');
  const token = `${tokenCommandPrefix(config.dataDir)}npm run token -- --role prosecutor --region ${config.jurisdiction.pack.regions[0].code}`;
  process.stdout.write(`\nICJIMS is running (Ctrl-C to stop):\n${table}\n\nJurisdiction pack ${config.jurisdiction.code}; mint a token: ${token}\n\n`);
}

/** What the token command needs to find this installation's key: its data folder unless the default, quoted for a shell. */
function tokenCommandPrefix(dataDir: string): string {
  if (dataDir === resolve('.data')) return '';
  const quoted = /^[\w./:@%+,=-]+$/.test(dataDir) ? dataDir : `'${dataDir.replace(/'/g, `'\\''`)}'`;
  return `ICJIMS_DATA_DIR=${quoted} `;
}
