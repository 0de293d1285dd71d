import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ServiceMetrics } from '@icjims/observability';
import { PROBLEM_CONTENT_TYPE, problemTypeUri } from '../errors/problem-details';

const ANSWERS: Record<string, [status: number, reason: string, slug: string, detail: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'headers-too-large', 'The request headers exceed the size limit'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request-timeout', 'The request was not received in time'],
};
const MALFORMED: [number, string, string, string] = [400, 'Bad Request', 'bad-request', 'The request is not well-formed HTTP'];

/**
 * Answers what Node's HTTP parser refuses (a control character in the request line, headers
 * over the limit …) as problem+json, like every other error, instead of Node's bare status
 * line. Such a request never reaches a route, so it has no method or path to record; it is
 * counted in icjims_http_malformed_requests_total.
 */
export function answerClientErrors(server: Server, metrics: ServiceMetrics): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset, or a response already under way on this connection: nothing sensible to write.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, reason, slug, detail] = ANSWERS[error.code ?? ''] ?? MALFORMED;
    metrics.malformedRequests.inc({ status: String(status) });
    const body = JSON.stringify({ type: problemTypeUri(slug), title: reason, status, detail });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'X-Content-Type-Options: nosniff\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
