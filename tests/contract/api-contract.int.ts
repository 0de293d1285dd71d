import { http, RunningServices, startServices } from '@icjims/testing';
import { analyticsService } from '../../apps/analytics/src/analytics.service';
import { auditService } from '../../apps/audit/src/audit.service';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { probationService } from '../../apps/probation/src/probation.service';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';

interface Operation {
  method: string;
  path: string;
  summary?: string;
  security?: Record<string, unknown>[];
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

const DEFINITIONS = [caseRegistryService, proceduralStepsService, probationService, analyticsService, auditService];

/** Everything under /api/v1 needs a token, except analytics' open-data routes, declared with `security: []`. */
const isPublic = (operation: Operation) => operation.security?.length === 0;

/** CONTRACT.md, checked for every service and every operation its OpenAPI document lists. */
describe('the public contract of every service', () => {
  let services: RunningServices;
  const operations: Record<string, Operation[]> = {};

  beforeAll(async () => {
    services = await startServices(DEFINITIONS);
    for (const { name } of DEFINITIONS) {
      const document = await http('GET', `${services.urls[name]}/docs-json`);
      // The API's operations; the operational ones outside it (/health/live, /health/ready) are checked in libs/platform/src/ops/health.int.ts.
      const api = Object.entries(document.body.paths as Record<string, Record<string, Operation>>).filter(([path]) => !path.startsWith('/health/'));
      operations[name] = api.flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ ...operation, method: method.toUpperCase(), path })));
    }
  }, 60_000);
  afterAll(() => services.stop());

  /** A concrete URL for an OpenAPI path: every {param} gets a well-formed but unknown id. */
  const urlOf = (service: string, path: string) => `${services.urls[service]}${path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000')}`;

  describe.each(DEFINITIONS.map((definition) => definition.name))('%s', (name) => {
    it('serves /health, /metrics, /docs and an OpenAPI 3 document without a token', async () => {
      const health = await http('GET', `${services.urls[name]}/health`);
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', service: name });
      const metrics = await http('GET', `${services.urls[name]}/metrics`);
      expect(metrics.contentType).toContain('text/plain');
      expect(metrics.body).toContain('icjims_http_request_duration_seconds');
      expect((await http('GET', `${services.urls[name]}/docs`)).status).toBe(200);
      const document = await http('GET', `${services.urls[name]}/docs-json`);
      expect(document.body.openapi).toMatch(/^3\./);
      expect(document.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(document.body.components.schemas.ProblemDetails).toBeDefined();
    });

    it('describes every operation: summary, bearer security, a success and problem+json errors; on a POST or PUT, the Idempotency-Key header', () => {
      expect(operations[name].length).toBeGreaterThan(0);
      for (const operation of operations[name]) {
        const where = `${operation.method} ${operation.path}`;
        expect([where, operation.path.startsWith('/api/v1/')]).toEqual([where, true]);
        expect([where, operation.summary]).toEqual([where, expect.any(String)]);
        if (isPublic(operation)) expect([where, name, operation.path.startsWith('/api/v1/open-data/')]).toEqual([where, 'analytics', true]);
        else expect([where, operation.security]).toEqual([where, [{ bearer: [] }]]);
        expect([where, Object.keys(operation.responses).some((status) => status.startsWith('2'))]).toEqual([where, true]);
        const problems = isPublic(operation) ? ['429'] : operation.method === 'POST' ? ['401', '403', '409', '422'] : ['401', '403'];
        for (const status of problems) {
          const schema = operation.responses[status]?.content?.['application/problem+json']?.schema;
          expect([where, status, schema]).toEqual([where, status, { $ref: '#/components/schemas/ProblemDetails' }]);
        }
        const idempotencyKey = operation.parameters?.some((parameter) => parameter.name === 'Idempotency-Key' && parameter.in === 'header');
        expect([where, 'Idempotency-Key', idempotencyKey ?? false]).toEqual([where, 'Idempotency-Key', operation.method === 'POST' || operation.method === 'PUT']);
      }
    });

    it('refuses every operation without a token, and with an expired one, with 401 problem+json — but the open-data ones, which ignore a token', async () => {
      const expired = await services.tokenFor('admin', { ttlSeconds: -120 });
      for (const operation of operations[name]) {
        if (isPublic(operation)) {
          const response = await http(operation.method, urlOf(name, operation.path), { token: expired });
          expect([operation.path, response.status]).not.toEqual([operation.path, 401]);
          continue;
        }
        for (const token of [undefined, expired]) {
          const response = await http(operation.method, urlOf(name, operation.path), { token, body: operation.method === 'POST' ? {} : undefined });
          expect([operation.method, operation.path, response.status, response.contentType]).toEqual([operation.method, operation.path, 401, expect.stringContaining('application/problem+json')]);
          expect(response.body).toMatchObject({ type: 'urn:icjims:problem:unauthenticated', title: expect.any(String), status: 401, detail: expect.any(String) });
        }
      }
    });

    it('refuses every operation to a token without roles with 403 problem+json', async () => {
      const roleless = await services.tokenFor([], { region: 'KG-GB' });
      for (const operation of operations[name].filter((candidate) => !isPublic(candidate))) {
        const response = await http(operation.method, urlOf(name, operation.path), { token: roleless, body: operation.method === 'POST' ? {} : undefined });
        expect([operation.method, operation.path, response.status]).toEqual([operation.method, operation.path, 403]);
        expect(response.contentType).toContain('application/problem+json');
      }
    });

    it('refuses query parameters an operation does not declare with 400 naming them', async () => {
      const admin = await services.tokenFor(['admin', 'analyst', 'auditor', 'data_protection_officer']);
      // A prosecutor's own lists (my deadlines) are for a regional prosecutor only.
      const prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
      for (const operation of operations[name].filter((candidate) => candidate.method === 'GET')) {
        const token = operation.path.endsWith('/mine') ? prosecutor : admin;
        const response = await http('GET', `${urlOf(name, operation.path)}?surname=Tamm`, { token, purpose: 'audit' }); // stated, for the operations that need a purpose
        expect([operation.path, response.status]).toEqual([operation.path, 400]);
        expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'surname' })]));
      }
    });
  });
});
