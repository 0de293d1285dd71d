import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's security headers on every response (API, /health, /metrics, /docs), with its
 * default Content-Security-Policy — under which Swagger UI at /docs runs, as it loads only
 * same-origin scripts and uses inline styles and data: images, which the defaults allow — made
 * stricter in one respect: no page of ours may be framed (clickjacking).
 * helmet also removes X-Powered-By.
 */
export function securityHeadersMiddleware(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { directives: { 'frame-ancestors': ["'none'"] } },
    xFrameOptions: { action: 'deny' },
  });
}
