import { http, RunningServices, startServices } from '@icjims/testing';
import { analyticsService } from '../analytics.service';

describe('the analyst dashboard’s files', () => {
  let services: RunningServices;
  let base: string;

  beforeAll(async () => {
    services = await startServices([analyticsService]);
    base = services.urls.analytics;
  });
  afterAll(() => services?.stop());

  it('serves the page without authentication, under a CSP that allows only this origin’s scripts (no inline script, no eval)', async () => {
    const response = await http('GET', `${base}/dashboard`);
    expect(response.status).toBe(200);
    expect(response.contentType).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<script defer src="/dashboard/assets/dashboard.js"></script>');
    expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves its script, styles and the chart library from the service itself', async () => {
    for (const [file, type] of [['dashboard.js', 'text/javascript'], ['table-view.js', 'text/javascript'], ['dashboard.css', 'text/css'], ['chart.umd.min.js', 'text/javascript']]) {
      const response = await http('GET', `${base}/dashboard/assets/${file}`);
      expect([file, response.status, response.contentType]).toEqual([file, 200, `${type}; charset=utf-8`]);
    }
    const chart = await http('GET', `${base}/dashboard/assets/chart.umd.min.js`);
    expect(chart.body).toContain('Chart.js');
  });

  it('answers an unknown asset with a 404 problem, and leaves the API’s own CSP as it was', async () => {
    const missing = await http('GET', `${base}/dashboard/assets/..%2fdashboard-files.ts`);
    expect(missing.status).toBe(404);
    expect(missing.contentType).toContain('application/problem+json');
    const api = await http('GET', `${base}/api/v1/indicators`);
    expect(api.status).toBe(401);
    expect(api.headers.get('content-security-policy')).not.toContain("default-src 'none'");
  });
});
