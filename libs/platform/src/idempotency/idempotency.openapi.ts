import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT } from '../openapi/api-problems.decorator';
import { IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from './idempotency-key';

const HEADER: ParameterObject = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: a repeat with the same key, path and body (same caller) returns the first success response again, with ' +
    `${REPLAYED_HEADER}: true, and changes nothing. Keys are kept 24 hours by default. Use a new key (e.g. a UUID) for every new request.`,
  schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7E]+$' },
};

/** The problems the header can cause, added to (or after) the operation's own. */
const PROBLEMS: Record<string, string> = {
  '400': `${IDEMPOTENCY_KEY_HEADER} not 1 to 128 visible ASCII characters`,
  '409': `the earlier request with this ${IDEMPOTENCY_KEY_HEADER} could not be read back; retry`,
  '422': `${IDEMPOTENCY_KEY_HEADER} already used for a different request (method, path or body)`,
};

/** Describes the Idempotency-Key header, its problems and the replay header on every POST and PUT under /api/v1. */
export function documentIdempotencyKey(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    if (path.startsWith('/api/v1/')) for (const operation of [item.post, item.put]) if (operation) documentOn(operation);
  }
}

/** The header, its problems and the replay header on one operation. */
function documentOn(operation: OperationObject): void {
  operation.parameters = [...(operation.parameters ?? []), HEADER];
  for (const [status, description] of Object.entries(PROBLEMS)) {
    const own = operation.responses[status] as ResponseObject | undefined;
    operation.responses[status] = own ? { ...own, description: `${own.description}; or: ${description}` } : { description, content: PROBLEM_CONTENT };
  }
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!status.startsWith('2')) continue;
    const success = response as ResponseObject;
    success.headers = { ...success.headers, [REPLAYED_HEADER]: { description: `"true" when this is the first response replayed for a repeated ${IDEMPOTENCY_KEY_HEADER}`, schema: { type: 'string', enum: ['true'] } } };
  }
}
