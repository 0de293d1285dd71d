import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_DEFINITIONS } from '@icjims/contracts';
import { ASYNCAPI_PATH } from '@icjims/platform';
import { http, RunningServices, startServices } from '@icjims/testing';
import { asyncApiSchemaValidator, validateOpenApiDocuments } from '../../libs/contracts/src/testing/spec-validators';
import { SYSTEM_ASYNCAPI_FILE, systemAsyncApi, systemAsyncApiText } from '../../tools/contracts/system-asyncapi';
import { analyticsService } from '../../apps/analytics/src/analytics.service';
import { auditService } from '../../apps/audit/src/audit.service';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { probationService } from '../../apps/probation/src/probation.service';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';

interface Operation {
  method: string;
  operationId?: string;
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
  const documents: Record<string, { paths: Record<string, Record<string, Operation>> }> = {};

  beforeAll(async () => {
    services = await startServices(DEFINITIONS);
    for (const { name } of DEFINITIONS) {
      const document = await http('GET', `${services.urls[name]}/docs-json`);
      documents[name] = document.body;
      // The API's operations; the operational ones outside it (/health/live, /health/ready) are checked in libs/platform/src/ops/health.int.ts,
      // the AsyncAPI document (/docs/asyncapi.json) below.
      const api = Object.entries(document.body.paths as Record<string, Record<string, Operation>>).filter(([path]) => !path.startsWith('/health/') && !path.startsWith('/docs/'));
      operations[name] = api.flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ ...operation, method: method.toUpperCase(), path })));
    }
  }, 60_000);
  afterAll(() => services.stop());

  /** A concrete URL for an OpenAPI path: every {param} gets a well-formed but unknown id. */
  const urlOf = (service: string, path: string) => `${services.urls[service]}${path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000')}`;

  it('each service’s OpenAPI document passes a real OpenAPI 3 validator', async () => {
    const verdicts = await validateOpenApiDocuments(documents);
    for (const { name } of DEFINITIONS) expect([name, verdicts[name]]).toEqual([name, { valid: true }]);
    // The validator does fail a broken document.
    const broken = structuredClone(documents['case-registry']);
    broken.paths['/api/v1/cases'].post.responses = {};
    expect((await validateOpenApiDocuments({ broken })).broken.valid).toBe(false);
  }, 30_000);

  it('names every operation with a readable operationId, unique in its document', () => {
    for (const { name } of DEFINITIONS) {
      const ids = Object.values(documents[name].paths).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId));
      for (const id of ids) expect([name, id]).toEqual([name, expect.stringMatching(/^[a-z][a-zA-Z]+$/)]);
      expect([name, ids.length]).toEqual([name, new Set(ids).size]);
    }
    const ids = (name: string) => operations[name].map((operation) => operation.operationId);
    expect(ids('case-registry')).toEqual(expect.arrayContaining(['registerCase', 'getCase', 'searchCases', 'transferCase']));
    expect(ids('procedural-steps')).toEqual(expect.arrayContaining(['recordStep', 'listSteps', 'listStepTypes']));
    expect(ids('probation')).toEqual(expect.arrayContaining(['listProbationCases', 'allocateProbationCase', 'recordContact']));
  });

  it('serves each service’s AsyncAPI 3.0 document without a token: what it produces and consumes, as in the system document of npm run contracts', async () => {
    const validate = asyncApiSchemaValidator();
    const system = systemAsyncApi() as unknown as { operations: Record<string, unknown>; components: { messages: Record<string, unknown>; schemas: Record<string, unknown> } };
    for (const { name } of DEFINITIONS) {
      const response = await http('GET', `${services.urls[name]}${ASYNCAPI_PATH}`);
      expect([name, response.status, response.contentType]).toEqual([name, 200, expect.stringContaining('application/json')]);
      const document = response.body as typeof system & { asyncapi: string };
      expect([name, validate(document), validate.errors ?? []]).toEqual([name, true, []]);
      // Its operations are the system document's of this service, their messages and schemas the same.
      const prefix = name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
      const own = Object.keys(system.operations).filter((id) => id === `${prefix}Sends` || id.startsWith(`${prefix}ReceivesFrom`));
      expect([name, Object.keys(document.operations).sort()]).toEqual([name, own.sort()]);
      for (const id of own) expect([name, id, document.operations[id]]).toEqual([name, id, system.operations[id]]);
      for (const [type, message] of Object.entries(document.components.messages)) expect([type, message]).toEqual([type, system.components.messages[type]]);
      const produced = EVENT_DEFINITIONS.filter((definition) => definition.service === name).map((definition) => definition.type);
      expect(Object.keys(document.components.messages)).toEqual(expect.arrayContaining(produced));
      // Described in the OpenAPI document, without security.
      expect(documents[name].paths[ASYNCAPI_PATH].get).toMatchObject({ operationId: 'getAsyncApiDocument', security: [] });
    }
  });

  it(`keeps ${SYSTEM_ASYNCAPI_FILE} as libs/contracts generates it (npm run contracts)`, () => {
    expect(readFileSync(join(__dirname, '../..', SYSTEM_ASYNCAPI_FILE), 'utf8')).toBe(systemAsyncApiText());
  });

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
