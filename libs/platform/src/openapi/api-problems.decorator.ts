import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';

/** The `content` of a problem response: problem+json with the ProblemDetails schema. */
export const PROBLEM_CONTENT = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } };

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: the problem lists each offending field',
  401: 'No valid bearer token (missing, malformed, expired or not ours)',
  403: 'The token’s role or region may not do this',
  404: 'No such resource',
  409: 'Conflicts with the current state',
  413: 'Request body over the size limit',
  415: 'Request body is not JSON',
  422: 'Not allowed by the rules of procedure',
  503: 'The service could not do this now (a dependency down, or a time limit reached): try again later',
};

/**
 * Documents an authenticated endpoint's error responses as problem+json. 401 and 403 are
 * always possible; list the others the endpoint can return.
 */
export function ApiProblems(...statuses: number[]) {
  const all = [...new Set([401, 403, ...statuses])].sort();
  return applyDecorators(
    ApiBearerAuth(),
    ...all.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: PROBLEM_CONTENT,
      }),
    ),
  );
}
