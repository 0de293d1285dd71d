import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's security headers on every response (API, /health, /metrics, /docs), with its
 * default Content-Security-Policy — under which Swagger UI at /docs runs, as it loads only
 * same-origin scripts and uses inline styles and data: images, which the defaults allow — made
 * stricter in one respect: no page of ours may be framed (clickjacking).
 * helmet also removes X-Powered-By.
 *
 * The headers depend on nothing of the request, so helmet is asked for them once, at start-up,
 * and each response is given that list: helmet itself rebuilds the policy string and runs a dozen
 * middlewares per response, a measurable share of a request's CPU.
 */
export function securityHeadersMiddleware(): RequestHandler {
  const { headers, removed } = headersSetBy(
    helmet({
      contentSecurityPolicy: { directives: { 'frame-ancestors': ["'none'"] } },
      xFrameOptions: { action: 'deny' },
    }),
  );
  return (_request, response, next) => {
    response.setHeaders(headers);
    for (const name of removed) response.removeHeader(name);
    next();
  };
}

/** What a middleware that only sets and removes headers does to a response, found by running it once on a stand-in. */
export function headersSetBy(middleware: RequestHandler): { headers: Map<string, string | string[]>; removed: string[] } {
  const headers = new Map<string, string | string[]>();
  const removed: string[] = [];
  const response = {
    setHeader(name: string, value: string | string[]) {
      headers.set(name, value);
      return response;
    },
    removeHeader(name: string) {
      headers.delete(name);
      removed.push(name);
    },
  };
  let passed = false;
  middleware({ method: 'GET', headers: {} } as never, response as never, (error?: unknown) => {
    if (error) throw error;
    passed = true;
  });
  if (!passed) throw new Error('the security headers middleware did not pass the request on at once: it is not one that only sets headers');
  return { headers, removed };
}
