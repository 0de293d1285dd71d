import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT } from '../openapi/api-problems.decorator';

const TOO_MANY: ResponseObject = {
  description: 'Over the rate limit of the client address or the user; retry after the number of seconds in Retry-After',
  content: PROBLEM_CONTENT,
  headers: { 'Retry-After': { description: 'Seconds until the current window ends', schema: { type: 'integer', minimum: 1 } } },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every operation under /api/v1 may answer 429 (the limits apply to all of them). */
export function documentRateLimits(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const method of METHODS) {
      const operation: OperationObject | undefined = item[method];
      if (operation) operation.responses['429'] ??= TOO_MANY;
    }
  }
}
