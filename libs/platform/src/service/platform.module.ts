import { BeforeApplicationShutdown, DynamicModule, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuthGuard } from '@icjims/auth';
import { DeadLetterReplayer, EventBus, EventConsumer, EventOutbox, OutboxRelay, RetentionPruner, RetentionSettings, UnitOfWork } from '@icjims/messaging';
import { Jurisdiction } from '@icjims/jurisdiction';
import { ServiceMetrics } from '@icjims/observability';
import { AccessPurposeList } from '../access/access-purposes';
import { AccessPurposesController } from '../access/access-purposes.controller';
import { AccessSpecGuard } from '../access/access-spec.guard';
import { AccessTrail } from '../access/access-trail';
import { AccessTrailInterceptor } from '../access/access-trail.interceptor';
import { PurposeGuard } from '../access/purpose.guard';
import { RateLimitSettings } from '../config/service-config';
import { InputTextGuard } from '../http/input-text.guard';
import { UndeclaredQueryGuard } from '../http/undeclared-query.guard';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { IdempotencyStore } from '../idempotency/idempotency-store';
import { OperationalGauges } from '../ops/operational-gauges';
import { OperationsSettings } from '../ops/operations-settings';
import { OpsController } from '../ops/ops.controller';
import { Readiness } from '../ops/readiness';
import { RateLimits } from '../rate-limit/rate-limits';
import { ServiceDefinition } from './service-definition';
import { SERVICE_ENVIRONMENT, ServiceEnvironment } from './service-environment';
import { ACCESS_PURPOSES, EVENT_BUS, IDEMPOTENCY_RETENTION_SECONDS, JURISDICTION, OPERATIONS, RATE_LIMITS, SERVICE_DEFINITION, SERVICE_LOGGER, SERVICE_NAME } from './tokens';

/** The shared pieces one service instance runs with. */
export interface ServiceParts {
  dataSource: DataSource;
  bus: EventBus;
  logger: Logger;
  metrics: ServiceMetrics;
  relay: OutboxRelay;
  outbox: EventOutbox;
  idempotencyRetentionSeconds: number;
  purposes: AccessPurposeList;
  rateLimits: RateLimitSettings;
  retention: RetentionSettings;
  jurisdiction: Jurisdiction;
  operations: OperationsSettings;
  environment: ServiceEnvironment;
}

/** Starts the relay, the retention pruner and the dead-letter replayer with the app (the consumer starts as the app's bus transport), and stops them and the consumer before the database closes. */
@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly consumer: EventConsumer,
    private readonly pruner: RetentionPruner,
    private readonly replayer: DeadLetterReplayer,
  ) {}

  onApplicationBootstrap(): void {
    this.pruner.start();
    this.replayer.start();
    void this.relay.start(); // with a held in-process bus, the first pass waits for every service
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.pruner.stop();
    await this.replayer.stop();
    await this.consumer.stop();
    await this.relay.stop();
  }
}

@Module({})
class PlatformModule {}

@Module({})
class ServiceRootModule {}

/** The root module of one service: the platform (global) and the service's own module. */
export function serviceRootModule(definition: ServiceDefinition, parts: ServiceParts): DynamicModule {
  const consumer = new EventConsumer(definition.name, parts.dataSource, parts.bus, parts.outbox, parts.logger, parts.metrics, {
    maxBatchSize: definition.consumes?.maxBatchSize,
    committed: (eventTypes) => parts.relay.nudge(eventTypes),
  });
  const platform: DynamicModule = {
    module: PlatformModule,
    global: true,
    imports: [
      TypeOrmModule.forRootAsync({
        useFactory: () => parts.dataSource.options,
        dataSourceFactory: async () => parts.dataSource,
      }),
    ],
    controllers: [OpsController, AccessPurposesController],
    providers: [
      { provide: SERVICE_DEFINITION, useValue: definition },
      { provide: SERVICE_NAME, useValue: definition.name },
      { provide: SERVICE_LOGGER, useValue: parts.logger },
      { provide: EVENT_BUS, useValue: parts.bus },
      { provide: ServiceMetrics, useValue: parts.metrics },
      { provide: EventOutbox, useValue: parts.outbox },
      { provide: OutboxRelay, useValue: parts.relay },
      { provide: UnitOfWork, useValue: new UnitOfWork(parts.dataSource, parts.relay) },
      { provide: EventConsumer, useValue: consumer },
      { provide: RetentionPruner, useValue: new RetentionPruner(parts.dataSource, parts.logger, parts.metrics, parts.retention) },
      { provide: DeadLetterReplayer, useValue: new DeadLetterReplayer(parts.dataSource, consumer, parts.logger) },
      { provide: IDEMPOTENCY_RETENTION_SECONDS, useValue: parts.idempotencyRetentionSeconds },
      { provide: ACCESS_PURPOSES, useValue: parts.purposes },
      { provide: RATE_LIMITS, useValue: parts.rateLimits },
      { provide: JURISDICTION, useValue: parts.jurisdiction },
      { provide: OPERATIONS, useValue: parts.operations },
      { provide: SERVICE_ENVIRONMENT, useValue: parts.environment },
      Readiness,
      OperationalGauges,
      RateLimits,
      AccessTrail,
      IdempotencyStore,
      MessagingLifecycle,
      // Order matters: the access spec is noted before authentication can refuse.
      { provide: APP_GUARD, useClass: AccessSpecGuard },
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_GUARD, useClass: InputTextGuard },
      { provide: APP_GUARD, useClass: PurposeGuard },
      { provide: APP_GUARD, useClass: UndeclaredQueryGuard },
      // Outermost first: the access trail records what the idempotency interceptor answers, replays included.
      { provide: APP_INTERCEPTOR, useClass: AccessTrailInterceptor },
      { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    ],
    exports: [SERVICE_NAME, SERVICE_LOGGER, SERVICE_ENVIRONMENT, EVENT_BUS, JURISDICTION, ServiceMetrics, EventOutbox, UnitOfWork, AccessTrail],
  };
  return { module: ServiceRootModule, imports: [platform, definition.module] };
}
