import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { EventBus, EventConsumer, readMessagingGauges } from '@icjims/messaging';
import { BackgroundRefresh, ServiceMetrics } from '@icjims/observability';
import { ServiceDefinition } from '../service/service-definition';
import { EVENT_BUS, OPERATIONS, SERVICE_DEFINITION, SERVICE_LOGGER } from '../service/tokens';
import { OperationsSettings } from './operations-settings';
import { Readiness } from './readiness';

/**
 * Keeps the gauges read from the database and the broker current in the background — outbox
 * depth and age, dead letters, consumer lag, readiness — so that GET /metrics serves them from
 * memory and answers while the database does not (libs/observability BackgroundRefresh).
 */
@Injectable()
export class OperationalGauges implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly refresh: BackgroundRefresh;

  constructor(
    @Inject(SERVICE_DEFINITION) private readonly definition: ServiceDefinition,
    private readonly dataSource: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly consumer: EventConsumer,
    private readonly metrics: ServiceMetrics,
    private readonly readiness: Readiness,
    @Inject(SERVICE_LOGGER) logger: Logger,
    @Inject(OPERATIONS) settings: OperationsSettings,
  ) {
    this.refresh = new BackgroundRefresh(metrics, () => this.readAll(), {
      intervalMs: settings.metricsRefreshIntervalMs,
      onFailure: (error) => logger.warn({ err: error }, 'gauges not refreshed (outbox, dead letters, consumer lag); /metrics serves the last values'),
    });
  }

  onApplicationBootstrap(): void {
    this.refresh.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.refresh.stop();
  }

  /** One refresh now; resolves whether it succeeded. */
  refreshNow(): Promise<boolean> {
    return this.refresh.refreshNow();
  }

  /** Every part is read even when another fails; the refresh fails with the first failure. */
  private async readAll(): Promise<void> {
    const { topics } = this.consumer;
    const [outbox, lag] = await Promise.allSettled([
      readMessagingGauges(this.dataSource),
      topics.length > 0 && this.bus.consumerLag ? this.bus.consumerLag(this.definition.name, topics) : Promise.resolve(new Map<string, number>()),
      this.readiness.check(),
    ]);
    if (outbox.status === 'fulfilled') {
      this.metrics.outboxUnpublished.set(outbox.value.unpublished);
      this.metrics.outboxOldestAge.set(outbox.value.oldestUnpublishedAgeSeconds);
      this.metrics.deadLetters.set(outbox.value.deadLetters);
    }
    if (lag.status === 'fulfilled') for (const [topic, behind] of lag.value) this.metrics.consumerLag.set({ topic }, behind);
    const failure = [outbox, lag].find((part) => part.status === 'rejected');
    if (failure) throw failure.reason;
  }
}
