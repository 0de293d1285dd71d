import { randomUUID } from 'node:crypto';
import { Controller, Get, Module } from '@nestjs/common';
import { Roles } from '@icjims/auth';
import { AccessTo } from './access/access-spec';
import { loadSecuritySettings } from './config/service-config';
import { ApiProblems } from './openapi/api-problems.decorator';
import { ServiceDefinition } from './service/service-definition';
import { http, HttpResult, RunningService, startService } from './platform.fixtures';

@Controller('items')
class ItemsController {
  @Get()
  @Roles('prosecutor')
  @AccessTo({ action: 'list', resourceType: 'item' })
  @ApiProblems()
  list() {
    return { items: [] };
  }
}

@Module({ controllers: [ItemsController] })
class ItemsModule {}

const headersTestService: ServiceDefinition = {
  name: 'probation',
  title: 'Security headers test service',
  description: 'A test-only service',
  defaultPort: 0,
  schema: 'headers_test',
  module: ItemsModule,
  migrations: [],
};

/** The Content-Security-Policy as directive → values. */
function policyOf(response: HttpResult): Record<string, string[]> {
  const header = response.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(
    header
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('security headers', () => {
  let service: RunningService;
  let prosecutor: string;

  beforeAll(async () => {
    service = await startService(headersTestService, { security: loadSecuritySettings({ RATE_LIMIT_PER_ADDRESS: '3', RATE_LIMIT_WINDOW_SECONDS: '3600' }) });
    prosecutor = await service.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('go with every kind of response, and X-Powered-By with none', async () => {
    const responses = {
      served: await http('GET', `${service.url}/api/v1/items`, { token: prosecutor }),
      refused: await http('GET', `${service.url}/api/v1/items`),
      unknown: await http('GET', `${service.url}/api/v1/nowhere/${randomUUID()}`, { token: prosecutor }),
      health: await http('GET', `${service.url}/health`),
      metrics: await http('GET', `${service.url}/metrics`),
      docs: await http('GET', `${service.url}/docs`),
      // the fourth /api/v1 request of this address: over the limit of 3
      throttled: await http('GET', `${service.url}/api/v1/items`, { token: prosecutor }),
    };
    expect(responses.throttled.status).toBe(429);
    for (const [name, response] of Object.entries(responses)) {
      const headers = Object.fromEntries(response.headers);
      expect([name, headers]).toEqual([
        name,
        expect.objectContaining({
          'content-security-policy': expect.stringContaining("default-src 'self'"),
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin',
        }),
      ]);
      expect([name, headers['x-powered-by']]).toEqual([name, undefined]);
    }
  });

  it('leave Swagger UI working: its page loads only same-origin scripts, which the policy allows, and styles and images it permits', async () => {
    const page = await http('GET', `${service.url}/docs`);
    expect(page.status).toBe(200);
    const policy = policyOf(page);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    const html = String(page.body);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline.trim()).toBe(''); // no inline script, which script-src 'self' would block
      const source = /src=["']([^"']+)["']/.exec(attributes)?.[1];
      expect(source).toBeDefined();
      const url = new URL(source!, `${service.url}/docs`); // as a browser resolves it against the page
      expect(url.origin).toBe(service.url);
      expect((await fetch(url)).status).toBe(200);
    }
    // Swagger UI's inline <style> and its data: icons need these two.
    expect(policy['style-src']).toContain("'unsafe-inline'");
    expect(policy['img-src']).toContain('data:');
    // And it reads the document from the same origin (connect-src falls back to default-src 'self').
    expect(policy['connect-src']).toBeUndefined();
    expect((await http('GET', `${service.url}/docs-json`)).status).toBe(200);
  });
});
