import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, NestMicroservice } from '@nestjs/microservices';
import type { Express } from 'express';
import type { Server } from 'node:http';
import { TokenVerifier } from '@icjims/auth';
import { AccessRecorded } from '@icjims/contracts';
import { Jurisdiction, loadJurisdiction } from '@icjims/jurisdiction';
import { BusTransport, EventBus, EventConsumer, EventOutbox, OutboxRelay, RethrowBusErrors, RetentionSettings } from '@icjims/messaging';
import { createLogger, ServiceMetrics, startTracing } from '@icjims/observability';
import { DatabaseLogins, migrateServiceDatabase } from '@icjims/persistence';
import { AccessTrail } from '../access/access-trail';
import { accessNotesMiddleware } from '../access/access-notes';
import { AccessPurposeList } from '../access/access-purposes';
import { DEFAULT_IDEMPOTENCY_RETENTION_SECONDS, loadRetentionSettings, loadSecuritySettings, SecuritySettings } from '../config/service-config';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { strictValidationPipe } from '../errors/validation';
import { correlationMiddleware, inSequence, jsonBodyMiddleware, requestLogMiddleware, requestMetricsMiddleware } from '../http/http-pipeline';
import { tracingMiddleware } from '../http/tracing';
import { authenticationMiddleware } from '../http/authentication.middleware';
import { answerClientErrors } from '../http/client-errors';
import { useAsyncResourceBindWithoutDeprecatedProperty } from '../http/async-resource-bind';
import { ExpressServerAdapter } from '../http/express-server';
import { securityHeadersMiddleware } from '../http/security-headers';
import { PinoNestLogger } from '../http/nest-logger';
import { DEFAULT_OPERATIONS, OperationsSettings } from '../ops/operations-settings';
import { Readiness } from '../ops/readiness';
import { setUpOpenApi } from '../openapi/swagger';
import { RateLimits } from '../rate-limit/rate-limits';
import { pinJurisdiction } from '../jurisdiction/installation';
import { requestLanguageMiddleware } from '../jurisdiction/request-language';
import { serviceRootModule } from './platform.module';
import { OPERATIONS } from './tokens';
import { serviceDatabaseOptions } from './service-migration';
import { ServiceDefinition } from './service-definition';
import { parseServiceEnvironment, ServiceEnvironment } from './service-environment';

/** Request bodies above this are refused with 413. */
export const BODY_LIMIT = '64kb';

/** Infrastructure shared by every service in a process. */
export interface SharedInfrastructure {
  /** Who migrates each service's schema and as which login it runs (libs/persistence). */
  database: DatabaseLogins;
  bus: EventBus;
  verifier: TokenVerifier;
  logLevel: string;
  /** How often relays look for unpublished events when not nudged. */
  relayPollIntervalMs?: number;
  /** How long an Idempotency-Key is remembered (default 24 hours). */
  idempotencyRetentionSeconds?: number;
  /** Purposes, limits …; read from the environment when not given. */
  security?: SecuritySettings;
  /** How long the messaging tables keep their rows; read from the environment when not given. */
  retention?: RetentionSettings;
  /** The country pack (ICJIMS_JURISDICTION); read from the environment when not given. */
  jurisdiction?: Jurisdiction;
  /** Background gauge refresh and shutdown drain; the defaults when not given. */
  operations?: Partial<OperationsSettings>;
}

/**
 * Builds one service, migrated and ready to listen: its schema, outbox relay and
 * consumer, the strict HTTP pipeline, OpenAPI at /docs, and everything under /api/v1.
 * `environment`: the service's own settings (SERVICE_ENVIRONMENT), parsed from the process
 * environment as the app is created when not given.
 */
export async function createServiceApp(
  definition: ServiceDefinition,
  shared: SharedInfrastructure,
  environment: ServiceEnvironment = parseServiceEnvironment(definition, process.env),
): Promise<INestApplication> {
  startTracing(); // once per process, from the OTEL_* variables; exports nothing unless they say where
  useAsyncResourceBindWithoutDeprecatedProperty(); // once per process: Nest binds a function per interceptor per request
  const logger = createLogger({ service: definition.name, level: shared.logLevel });
  const metrics = new ServiceMetrics(definition.name);
  const jurisdiction = shared.jurisdiction ?? loadJurisdiction(process.env);
  const dataSource = await migrateServiceDatabase(serviceDatabaseOptions(definition, shared.database));
  try {
    await pinJurisdiction(dataSource, jurisdiction, logger, definition.adoptJurisdiction);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  const relay = new OutboxRelay(dataSource, shared.bus, logger, metrics, {
    pollIntervalMs: shared.relayPollIntervalMs,
    // Access events only go to the audit log: they need not wait behind the domain events' consumers.
    lanes: [{ name: 'access', eventTypes: [AccessRecorded[definition.name].type] }, { name: 'events' }],
  });
  const outbox = new EventOutbox(definition.name);
  const security = shared.security ?? loadSecuritySettings(process.env);
  const purposes = new AccessPurposeList(security.accessPurposes);
  const root = serviceRootModule(definition, {
    dataSource,
    bus: shared.bus,
    logger,
    metrics,
    relay,
    outbox,
    idempotencyRetentionSeconds: shared.idempotencyRetentionSeconds ?? DEFAULT_IDEMPOTENCY_RETENTION_SECONDS,
    purposes,
    rateLimits: security.rateLimits,
    retention: shared.retention ?? loadRetentionSettings(process.env),
    jurisdiction,
    operations: { ...DEFAULT_OPERATIONS, ...shared.operations },
    environment,
  });

  const app = await NestFactory.create(root, new ExpressServerAdapter(), { bodyParser: false, logger: new PinoNestLogger(logger), abortOnError: false });
  const server = app.getHttpServer() as Server;
  answerClientErrors(server, metrics);
  // An idle keep-alive connection is left to the client (or the ingress) to close: when the server
  // closes it first, a request already on its way is reset (ECONNRESET, a 502 at a proxy). Longer
  // than nginx's 60 s and undici's few seconds; headers still have to arrive within a minute.
  server.keepAliveTimeout = 65_000;
  const rateLimits = app.get(RateLimits);
  (app.getHttpAdapter().getInstance() as Express).disable('x-powered-by');
  app.use(
    inSequence(
      securityHeadersMiddleware(),
      // First, so that everything the request does (its log lines, its events) is inside its span.
      tracingMiddleware(definition.name),
      correlationMiddleware(),
      requestLanguageMiddleware(jurisdiction),
      // Before anything costs work: a flood is turned away before its token is verified.
      rateLimits.perAddress(),
      accessNotesMiddleware(purposes),
      requestLogMiddleware(logger),
      requestMetricsMiddleware(metrics),
      authenticationMiddleware(shared.verifier),
      rateLimits.perUser(),
      jsonBodyMiddleware(BODY_LIMIT),
    ),
  );
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/live', 'health/ready', 'metrics'] });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(app.get(AccessTrail), logger));
  setUpOpenApi(app, { title: definition.title, description: definition.description, version: '1.0' });
  await app.init();
  await consumeEvents(app);
  return app;
}

/**
 * The service's event handlers — its controllers' `@EventPattern` methods, found by Nest —
 * start consuming through the bus, as a custom transport strategy of @nestjs/microservices.
 * The microservice keeps its own configuration: the HTTP guards, pipes and filters do not
 * apply to events, and a handler's error reaches the consumer as thrown.
 */
async function consumeEvents(app: INestApplication): Promise<void> {
  // Deferred, so the filter is in place before Nest wraps the handlers.
  const microservice = app.connectMicroservice<MicroserviceOptions>({ strategy: new BusTransport(app.get(EventConsumer)) }, { deferInitialization: true });
  microservice.useGlobalFilters(new RethrowBusErrors());
  // The container's lifecycle hooks ran with app.init(); a deferred microservice would run them all
  // again as it starts (every relay, sealer and scheduler twice, the first of each never stopped).
  (microservice as NestMicroservice).setIsInitHookCalled(true);
  await app.startAllMicroservices();
}

/** Stops accepting connections; in-flight requests finish (up to `graceMs`). */
async function closeHttp(app: INestApplication, graceMs: number): Promise<void> {
  const server = app.getHttpServer() as Server;
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections become idle as their last response goes out; close them then.
  const sweep = setInterval(() => server.closeIdleConnections(), 25);
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearInterval(sweep);
  clearTimeout(timer);
}

/**
 * Stops services the graceful way, all together: readiness turns 503 first (and stays so for
 * the longest drain delay of the services, so that load balancers stop sending); then no new
 * requests; in-flight requests finish; every relay publishes what is committed while every consumer still listens (so
 * an in-process delivery never goes to a service that already left); then the consumers
 * stop after the message in hand, and only then the databases close.
 */
export async function stopServiceApps(apps: INestApplication[], graceMs = 10_000): Promise<void> {
  for (const app of apps) app.get(Readiness).drain();
  const drainDelayMs = Math.max(0, ...apps.map((app) => app.get<OperationsSettings>(OPERATIONS).drainDelayMs));
  if (drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
  await Promise.all(apps.map((app) => closeHttp(app, graceMs)));
  // What the rate limits turned away in the current window, while the relays still run.
  await Promise.all(apps.map((app) => app.get(RateLimits).flush(true)));
  for (const app of apps) await app.get(OutboxRelay).stop();
  for (const app of apps) await app.get(EventConsumer).stop();
  await Promise.all(apps.map((app) => app.close()));
}
