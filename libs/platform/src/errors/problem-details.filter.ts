import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { Logger } from 'pino';
import { currentCorrelationId } from '@icjims/observability';
import { AccessTrail, TrailedRequest } from '../access/access-trail';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { toProblem } from './to-problem';

/** The one place errors become responses: problem+json, and an access event for /api/v1. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly trail: AccessTrail,
    private readonly logger: Logger,
  ) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<TrailedRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    const problem = { ...toProblem(error), instance: request.path, correlationId: currentCorrelationId() };
    if (problem.status >= 500) this.logger.error({ err: error, route: request.route?.path }, 'request failed');

    if (AccessTrail.applies(request)) {
      try {
        await this.trail.record(request, problem.status, { reason: problem.detail });
      } catch (trailError) {
        this.logger.error({ err: trailError }, 'could not record access event for a failed request');
      }
    }
    if (response.headersSent) return;
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
