import { createServer, IncomingHttpHeaders, RequestListener } from 'node:http';
import { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { headersSetBy, securityHeadersMiddleware } from './security-headers';

/** The headers a real response leaves with, `middleware` run on its way (after an X-Powered-By set before it). */
async function headersAfter(middleware: RequestHandler): Promise<IncomingHttpHeaders> {
  const listener: RequestListener = (request, response) => {
    response.setHeader('X-Powered-By', 'Express');
    middleware(request as never, response as never, () => response.end('ok'));
  };
  const server = createServer(listener).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const headers: IncomingHttpHeaders = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return headers;
  } finally {
    server.close();
  }
}

const stripDateAndTransport = ({ date: _date, connection: _connection, 'keep-alive': _keepAlive, ...rest }: IncomingHttpHeaders) => rest;

describe('security headers, computed once', () => {
  it('are the headers helmet sets on a response of its own, and X-Powered-By is removed', async () => {
    const helmets = helmet({ contentSecurityPolicy: { directives: { 'frame-ancestors': ["'none'"] } }, xFrameOptions: { action: 'deny' } });
    const ours = stripDateAndTransport(await headersAfter(securityHeadersMiddleware()));
    expect(ours).toEqual(stripDateAndTransport(await headersAfter(helmets)));
    expect(ours['x-powered-by']).toBeUndefined();
    expect(ours['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(ours['x-frame-options']).toBe('DENY');
  });

  it('refuse a middleware that does more than set headers at once', () => {
    const later: RequestHandler = (_request, _response, next) => void setImmediate(next);
    expect(() => headersSetBy(later)).toThrow(/only sets headers/);
  });
});
