import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '@icjims/auth';
import { ServiceName } from '@icjims/contracts';
import { EventBus } from '@icjims/messaging';
import { ServiceMetrics } from '@icjims/observability';
import { PROBLEM_CONTENT_TYPE, problemTypeUri } from '../errors/problem-details';
import { EVENT_BUS, SERVICE_NAME } from '../service/tokens';

const CHECK_TIMEOUT_MS = 2000;

async function check(probe: () => Promise<unknown>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS)));
  try {
    const result = await Promise.race([probe(), timeout]);
    return result === false ? 'down' : 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** Operational endpoints, outside /api/v1 and without authentication. */
@ApiExcludeController()
@Public()
@Controller()
export class OpsController {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly dataSource: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly metrics: ServiceMetrics,
  ) {}

  /** 200 when the database and the bus answer, 503 otherwise. */
  @Get('health')
  async health(@Res() response: Response): Promise<void> {
    const [database, bus] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(async () => (await this.bus.isHealthy()) || Promise.reject(new Error('bus unhealthy'))),
    ]);
    const ok = database === 'up' && bus === 'up';
    const checks = { database, bus: { status: bus, transport: this.bus.transport } };
    if (ok) {
      response.status(200).json({ status: 'ok', service: this.service, checks });
      return;
    }
    // Like every error answer, a 503 is problem+json; the checks say which dependency is down.
    response.status(503).type(PROBLEM_CONTENT_TYPE).send(
      JSON.stringify({
        type: problemTypeUri('unavailable'),
        title: 'Service unavailable',
        status: 503,
        detail: `${this.service} cannot serve: ${database === 'down' ? 'database' : 'event bus'} unreachable`,
        service: this.service,
        checks,
      }),
    );
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(): Promise<string> {
    return this.metrics.render();
  }
}
