import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@icjims/auth';
import { ServiceName } from '@icjims/contracts';
import { ServiceMetrics } from '@icjims/observability';
import { PROBLEM_CONTENT_TYPE, problemTypeUri } from '../errors/problem-details';
import { PROBLEM_CONTENT } from '../openapi/api-problems.decorator';
import { SERVICE_NAME } from '../service/tokens';
import { Readiness } from './readiness';

class LivenessDto {
  @ApiProperty({ example: 'ok' }) status: string;
  @ApiProperty({ example: 'case-registry' }) service: string;
  @ApiProperty({ description: 'Seconds since the process started', example: 3600 }) uptimeSeconds: number;
}

class ReadinessChecksDto {
  @ApiProperty({ enum: ['up', 'down'], description: 'PostgreSQL answered `SELECT 1` within 2 s' }) database: string;
  @ApiProperty({ description: "The event bus: `status` up or down, `transport` kafka or in-process", example: { status: 'up', transport: 'kafka' } })
  bus: { status: string; transport: string };
  @ApiProperty({ enum: ['done'], description: 'The service answers only once its schema is migrated (or verified migrated)' }) migrations: string;
  @ApiProperty({ description: 'A graceful shutdown began' }) draining: boolean;
}

class ReadinessDto {
  @ApiProperty({ example: 'ready' }) status: string;
  @ApiProperty({ example: 'case-registry' }) service: string;
  @ApiProperty({ type: ReadinessChecksDto }) checks: ReadinessChecksDto;
}

/** Operational endpoints, outside /api/v1 and without authentication. */
@ApiTags('operations')
@Public()
@Controller()
export class OpsController {
  private readonly started = Date.now();

  constructor(
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly readiness: Readiness,
    private readonly metrics: ServiceMetrics,
  ) {}

  /** CONTRACT.md: 200 when the database and the bus answer, 503 otherwise (draining or not). */
  @Get('health')
  @ApiExcludeEndpoint()
  async health(@Res() response: Response): Promise<void> {
    const checks = await this.readiness.dependencies();
    if (checks.database === 'up' && checks.bus.status === 'up') {
      response.status(200).json({ status: 'ok', service: this.service, checks });
      return;
    }
    // Like every error answer, a 503 is problem+json; the checks say which dependency is down.
    const down = checks.database === 'down' ? 'database' : 'event bus';
    this.unavailable(response, `${this.service} cannot serve: ${down} unreachable`, checks);
  }

  @Get('health/live')
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'Liveness: the process runs and its event loop answers',
    description: 'Always 200 while the process runs, 503 once a graceful shutdown began. Depends on nothing else: restart the process only when this fails.',
    security: [],
  })
  @ApiOkResponse({ type: LivenessDto })
  @ApiResponse({ status: 503, description: 'Shutting down', content: PROBLEM_CONTENT })
  live(@Res() response: Response): void {
    if (this.readiness.isDraining) {
      this.unavailable(response, `${this.service} is shutting down`, { draining: true });
      return;
    }
    response.status(200).json({ status: 'ok', service: this.service, uptimeSeconds: Math.round((Date.now() - this.started) / 1000) });
  }

  @Get('health/ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: the service can serve requests now',
    description:
      'The database and the event bus answer (each within 2 s), the schema is migrated and no graceful shutdown began. ' +
      'A 503 names what is not ready; send traffic only to instances that answer 200.',
    security: [],
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiResponse({ status: 503, description: 'Not ready: the problem names what (database, event bus, draining) and carries the checks', content: PROBLEM_CONTENT })
  async ready(@Res() response: Response): Promise<void> {
    const report = await this.readiness.check();
    if (report.ready) {
      response.status(200).json({ status: 'ready', service: this.service, checks: report.checks });
      return;
    }
    this.unavailable(response, `${this.service} is not ready: ${report.notReady.join(', ')}`, report.checks);
  }

  @Get('metrics')
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(): Promise<string> {
    return this.metrics.render();
  }

  private unavailable(response: Response, detail: string, checks: object): void {
    response.status(503).type(PROBLEM_CONTENT_TYPE).send(
      JSON.stringify({ type: problemTypeUri('unavailable'), title: 'Service unavailable', status: 503, detail, service: this.service, checks }),
    );
  }
}
