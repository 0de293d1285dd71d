import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CONTENT } from '@icjims/platform';

/** The caching headers of a 200 (and a 304) on the open-data interface. */
export const CACHE_HEADERS = {
  'Cache-Control': { description: '`public, max-age=<seconds>` (ANALYTICS_OPEN_DATA_MAX_AGE_SECONDS, default 300)', schema: { type: 'string', example: 'public, max-age=300' } },
  ETag: { description: 'A strong tag of this representation (its format, language and bytes): send it back in If-None-Match', schema: { type: 'string' } },
  Vary: { description: 'Accept, Accept-Language on tables: the format and the labels follow them', schema: { type: 'string', example: 'Accept, Accept-Language' } },
};

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: the problem lists each offending field',
  404: 'No such public indicator (or view of one)',
  406: 'None of the formats is acceptable: the problem lists them',
  503: 'The table took longer than the time limit to compute: try again later',
};

/**
 * Documents an open-data operation's other answers: 304 for a matching If-None-Match, and the
 * problem+json errors listed (429 is added to every /api/v1 operation with the rate limits).
 * No 401 or 403: these operations need no token (their `security: []` is in ApiOperation).
 */
export function OpenDataResponses(...statuses: number[]) {
  return applyDecorators(
    ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of an answer kept: the same one is then a 304 without a body' }),
    ApiResponse({ status: 304, description: 'Not modified: If-None-Match names this answer’s ETag; no body', headers: CACHE_HEADERS }),
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], content: PROBLEM_CONTENT })),
  );
}
