import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Client } from 'pg';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessRecordedV1, CloudEvent } from '@icjims/contracts';
import { AccessTo } from './access/access-spec';
import { ApiProblems } from './openapi/api-problems.decorator';
import { UuidParam } from './http/uuid-param';
import { stopServiceApps } from './service/service-app';
import { ServiceDefinition } from './service/service-definition';
import { expectProblem, http, RunningService, startService } from './platform.fixtures';

// ---------------------------------------------------------------------------------------
// A test-only service: one controller that exercises the platform's pipeline.

class CreateExhibitDto {
  @ApiProperty() @IsString() @MaxLength(64) label: string;
  @ApiProperty() @IsInt() @Min(1) @Max(1000) count: number;
  /** Lets a test send a large but acceptable body. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60_000) notes?: string;
}

/** A promise and the function that resolves it. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Lets a test know that a request has reached the slow handler. */
const slowHandler = { entered: signal() };

@Controller('exhibits')
class ExhibitsController {
  @Post()
  @Roles('prosecutor')
  @AccessTo({ action: 'register', resourceType: 'exhibit' })
  @ApiProblems(400, 413, 415)
  create(@Body() body: CreateExhibitDto, @CurrentPrincipal() principal: Principal) {
    return { id: randomUUID(), label: body.label, count: body.count, registeredBy: principal.sub };
  }

  @Get(':exhibitId')
  @Roles('prosecutor', 'analyst')
  @AccessTo({ action: 'read', resourceType: 'exhibit', resourceIdParam: 'exhibitId' })
  @ApiProblems(400)
  read(@UuidParam('exhibitId') exhibitId: string) {
    return { id: exhibitId };
  }

  @Post('slow')
  @HttpCode(200)
  @Roles('prosecutor')
  @AccessTo({ action: 'process', resourceType: 'exhibit' })
  @ApiProblems()
  async slow() {
    slowHandler.entered.resolve();
    await sleep(300);
    return { done: true };
  }
}

@Module({ controllers: [ExhibitsController] })
class ExhibitsModule {}

const platformTestService: ServiceDefinition = {
  name: 'audit',
  title: 'Platform test service',
  description: 'A test-only service exercising the shared HTTP pipeline',
  defaultPort: 0,
  schema: 'platform_test',
  module: ExhibitsModule,
  migrations: [],
};

// ---------------------------------------------------------------------------------------

const validExhibit = { label: 'knife, kitchen, 20 cm', count: 1 };

function correlationId(): string {
  return `test-${randomUUID()}`;
}

describe('the platform over HTTP', () => {
  let service: RunningService;
  let base: string;
  let api: string;
  let database: Client;
  let prosecutor: string;

  beforeAll(async () => {
    service = await startService(platformTestService);
    base = service.url;
    api = `${base}/api/v1`;
    database = new Client({ connectionString: service.databaseUrl });
    await database.connect();
    prosecutor = await service.tokenFor('prosecutor', { region: 'KG-GB', sub: 'prosecutor-gb' });
  });
  afterAll(async () => {
    await database?.end();
    await service?.stop();
  });

  /** The access event a request left in the outbox, found by the correlation id it was sent with. */
  async function accessEventOf(correlation: string): Promise<CloudEvent<AccessRecordedV1>> {
    const { rows } = await database.query<{ value: string }>(
      `SELECT value FROM platform_test.outbox WHERE event_type LIKE '%access.recorded.v1' AND value::jsonb->>'correlationid' = $1`,
      [correlation],
    );
    expect(rows).toHaveLength(1);
    return JSON.parse(rows[0].value) as CloudEvent<AccessRecordedV1>;
  }

  describe('operational endpoints', () => {
    it('answers GET /health with 200 {status: ok} without a token', async () => {
      const response = await http('GET', `${base}/health`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'ok', service: 'audit', checks: { database: 'up', bus: { status: 'up', transport: 'in-process' } } });
    });

    it('serves an OpenAPI 3 document with the bearer scheme, the problem schema and the endpoints', async () => {
      const response = await http('GET', `${base}/docs-json`);
      expect(response.status).toBe(200);
      const document = response.body;
      expect(document.openapi).toMatch(/^3\./);
      expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
      expect(document.components.schemas.ProblemDetails.properties).toEqual(
        expect.objectContaining({ type: expect.anything(), title: expect.anything(), status: expect.anything(), detail: expect.anything(), errors: expect.anything() }),
      );
      const register = document.paths['/api/v1/exhibits'].post;
      expect(register.security).toEqual([{ bearer: [] }]);
      expect(register.responses['415'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/ProblemDetails' });
      expect(document.paths['/health']).toBeUndefined();
      const headerNames = (operation: { parameters?: { name: string }[] }) => (operation.parameters ?? []).map((parameter) => parameter.name);
      expect(headerNames(register)).toContain('Idempotency-Key');
      expect(headerNames(document.paths['/api/v1/exhibits/{exhibitId}'].get)).not.toContain('Idempotency-Key');
    });

    it('serves Prometheus metrics including request durations', async () => {
      await http('GET', `${api}/exhibits/${randomUUID()}`, { token: prosecutor });
      const response = await http('GET', `${base}/metrics`);
      expect(response.status).toBe(200);
      expect(response.contentType).toMatch(/^text\/plain/);
      expect(response.body).toContain('# TYPE icjims_http_request_duration_seconds histogram');
      expect(response.body).toMatch(/icjims_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/exhibits\/:exhibitId"[^}]*\} \d+/);
    });
  });

  describe('authentication and roles', () => {
    it('serves an allowed request and records it as allowed, with the actor', async () => {
      const correlation = correlationId();
      const response = await http('POST', `${api}/exhibits`, { token: prosecutor, body: validExhibit, headers: { 'x-correlation-id': correlation } });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ id: expect.any(String), registeredBy: 'prosecutor-gb' });

      const event = await accessEventOf(correlation);
      expect(event.type).toBe('icjims.audit.access.recorded.v1');
      expect(event.data).toMatchObject({
        service: 'audit',
        actor: { sub: 'prosecutor-gb', roles: ['prosecutor'], region: 'KG-GB' },
        action: 'register',
        resourceType: 'exhibit',
        resourceId: response.body.id,
        outcome: 'allowed',
        status: 201,
        method: 'POST',
        route: '/api/v1/exhibits',
      });
    });

    it('refuses a request without a token with 401 and records it as denied without an actor', async () => {
      const correlation = correlationId();
      const response = await http('POST', `${api}/exhibits`, { body: validExhibit, headers: { 'x-correlation-id': correlation } });
      expectProblem(response, 401);
      expect(response.body.type).toBe('urn:icjims:problem:unauthenticated');

      const event = await accessEventOf(correlation);
      expect(event.data).toMatchObject({ outcome: 'denied', status: 401, action: 'register', resourceType: 'exhibit', actor: { roles: [] } });
      expect(event.data.actor.sub).toBeUndefined();
    });

    it('refuses an expired token with 401 saying so', async () => {
      const expired = await service.tokenFor('prosecutor', { region: 'KG-GB', ttlSeconds: -3600 });
      const response = await http('POST', `${api}/exhibits`, { token: expired, body: validExhibit });
      expectProblem(response, 401);
      expect(response.body.detail).toMatch(/expired/);
    });

    it('refuses a role the endpoint does not allow with 403 and records who was denied', async () => {
      const correlation = correlationId();
      const investigator = await service.tokenFor('investigator', { region: 'KG-GB', sub: 'investigator-gb' });
      const response = await http('POST', `${api}/exhibits`, { token: investigator, body: validExhibit, headers: { 'x-correlation-id': correlation } });
      expectProblem(response, 403);
      expect(response.body.detail).toContain('prosecutor');

      const event = await accessEventOf(correlation);
      expect(event.data).toMatchObject({
        outcome: 'denied',
        status: 403,
        action: 'register',
        actor: { sub: 'investigator-gb', roles: ['investigator'], region: 'KG-GB' },
      });
    });

    it.each([
      ['without a region', undefined],
      ['with region "national"', 'national'],
    ])('refuses a national token %s for a role that only works regionally', async (_scenario, region) => {
      const national = await service.tokenFor('prosecutor', { region });
      const response = await http('POST', `${api}/exhibits`, { token: national, body: validExhibit });
      expectProblem(response, 403);
      expect(response.body.detail).toMatch(/without a region/);
    });

    it('lets a regional token of a role that may also work nationally through', async () => {
      const analyst = await service.tokenFor('analyst', { region: 'KG-GB' });
      const response = await http('GET', `${api}/exhibits/${randomUUID()}`, { token: analyst });
      expect(response.status).toBe(200);
    });

    it('lets a national token through for a role that may work nationally', async () => {
      const analyst = await service.tokenFor('analyst');
      const response = await http('GET', `${api}/exhibits/${randomUUID()}`, { token: analyst });
      expect(response.status).toBe(200);
    });
  });

  describe('bad input', () => {
    it('refuses a missing field with 400 naming it', async () => {
      const response = await http('POST', `${api}/exhibits`, { token: prosecutor, body: { label: 'knife' } });
      expectProblem(response, 400);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'count' })]));
    });

    it('refuses an unknown field with 400 naming it', async () => {
      const response = await http('POST', `${api}/exhibits`, { token: prosecutor, body: { ...validExhibit, ownerName: 'Aigul Asanova' } });
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'ownerName' })]);
    });

    it('refuses a field of the wrong type with 400 naming it', async () => {
      const response = await http('POST', `${api}/exhibits`, { token: prosecutor, body: { ...validExhibit, count: '3' } });
      expectProblem(response, 400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['count', 'count', 'count']);
    });

    it('refuses malformed JSON with 400 without echoing the body', async () => {
      const response = await http('POST', `${api}/exhibits`, { token: prosecutor, rawBody: '{"label": "ID 21503199012345", "count": 1' });
      expectProblem(response, 400);
      expect(response.body.detail).toBe('The request body is not valid JSON');
      expect(JSON.stringify(response.body)).not.toContain('21503199012345');
    });

    it('refuses a JSON body that is not an object with 400', async () => {
      const response = await http('POST', `${api}/exhibits`, { token: prosecutor, rawBody: '"just a string"' });
      expectProblem(response, 400);
    });

    it('refuses a body over 64 kB with 413', async () => {
      const response = await http('POST', `${api}/exhibits`, { token: prosecutor, body: { ...validExhibit, notes: 'x'.repeat(70 * 1024) } });
      expectProblem(response, 413);
      expect(response.body.type).toBe('urn:icjims:problem:payload-too-large');
    });

    it('refuses a text/plain body with 415', async () => {
      const response = await http('POST', `${api}/exhibits`, {
        token: prosecutor,
        rawBody: 'label=knife&count=1',
        headers: { 'content-type': 'text/plain' },
      });
      expectProblem(response, 415);
      expect(response.body.type).toBe('urn:icjims:problem:unsupported-media-type');
    });

    it('answers an unknown route under /api/v1 with a 404 problem', async () => {
      const response = await http('GET', `${api}/no-such-thing`, { token: prosecutor });
      expectProblem(response, 404);
      expect(response.body.type).toBe('urn:icjims:problem:not-found');
    });

    it('refuses a route parameter that is not a UUID with 400 naming the parameter', async () => {
      const correlation = correlationId();
      const response = await http('GET', `${api}/exhibits/not-a-uuid`, { token: prosecutor, headers: { 'x-correlation-id': correlation } });
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([{ field: 'exhibitId', reason: 'exhibitId must be a UUID' }]);

      const event = await accessEventOf(correlation);
      expect(event.data).toMatchObject({ outcome: 'rejected', status: 400, action: 'read', actor: { sub: 'prosecutor-gb' } });
    });
  });

  describe('access trail', () => {
    it('records a read as allowed, with the resource id from the route', async () => {
      const correlation = correlationId();
      const exhibitId = randomUUID();
      const response = await http('GET', `${api}/exhibits/${exhibitId}`, { token: prosecutor, headers: { 'x-correlation-id': correlation } });
      expect(response.status).toBe(200);
      const event = await accessEventOf(correlation);
      expect(event.data).toMatchObject({ outcome: 'allowed', status: 200, action: 'read', resourceId: exhibitId, route: '/api/v1/exhibits/:exhibitId' });
      expect(event.subject).toBe(exhibitId);
    });

    // BUG (audit bypass): Express matches routes case-insensitively, so /API/V1/exhibits/:id
    // reaches the handler (guards and all) and answers 200, but AccessTrail.applies()
    // compares the path case-sensitively with "/api/v1/", so neither the interceptor nor
    // the problem filter records it: any caller can read without leaving an access event.
    it('records a read whose path differs from /api/v1 only in letter case', async () => {
      const correlation = correlationId();
      const response = await http('GET', `${base}/API/V1/exhibits/${randomUUID()}`, { token: prosecutor, headers: { 'x-correlation-id': correlation } });
      expect(response.status).toBe(200);
      const event = await accessEventOf(correlation);
      expect(event.data).toMatchObject({ outcome: 'allowed', action: 'read', actor: { sub: 'prosecutor-gb' } });
    });
  });

  describe('access trail of requests refused before authentication', () => {
    it('records a malformed body as rejected', async () => {
      const correlation = correlationId();
      const response = await http('POST', `${api}/exhibits`, { token: prosecutor, rawBody: '{"label":', headers: { 'x-correlation-id': correlation } });
      expectProblem(response, 400);
      const event = await accessEventOf(correlation);
      expect(event.data).toMatchObject({ outcome: 'rejected', status: 400, method: 'POST', route: '/api/v1/exhibits' });
    });

    // GAP: the body parser and the media-type check run before the guards, so for a
    // 400/413/415 raised there the request has no principal yet and the access event
    // records an anonymous actor although a valid token was presented: the auditor cannot
    // see who sent it.
    it('records who sent a body that could not be parsed', async () => {
      const correlation = correlationId();
      await http('POST', `${api}/exhibits`, { token: prosecutor, rawBody: '{"label":', headers: { 'x-correlation-id': correlation } });
      const event = await accessEventOf(correlation);
      expect(event.data.actor).toMatchObject({ sub: 'prosecutor-gb', roles: ['prosecutor'], region: 'KG-GB' });
    });
  });

  describe('correlation ids', () => {
    it('echoes a supplied X-Correlation-Id and quotes it in a problem', async () => {
      const correlation = correlationId();
      const response = await http('GET', `${api}/exhibits/not-a-uuid`, { token: prosecutor, headers: { 'x-correlation-id': correlation } });
      expect(response.headers.get('x-correlation-id')).toBe(correlation);
      expect(response.body.correlationId).toBe(correlation);
    });

    it('replaces an unsafe X-Correlation-Id with a fresh one', async () => {
      const response = await http('GET', `${base}/health`, { headers: { 'x-correlation-id': 'a b<script>' } });
      expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('gives the access event of a request with a small body the request’s correlation id', async () => {
      const correlation = correlationId();
      const response = await http('POST', `${api}/exhibits`, { token: prosecutor, body: validExhibit, headers: { 'x-correlation-id': correlation } });
      expect(response.status).toBe(201);
      await expect(accessEventOf(correlation)).resolves.toMatchObject({ correlationid: correlation });
    });

    it('gives the access event of a request whose body arrives in delayed chunks the request’s correlation id', async () => {
      const correlation = correlationId();
      const json = JSON.stringify({ ...validExhibit, notes: 'x'.repeat(30_000) });
      const encoder = new TextEncoder();
      const chunks = [json.slice(0, 10_000), json.slice(10_000, 20_000), json.slice(20_000)];
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const chunk = chunks.shift();
          if (chunk === undefined) return controller.close();
          await sleep(20);
          controller.enqueue(encoder.encode(chunk));
        },
      });
      const response = await fetch(`${api}/exhibits`, {
        method: 'POST',
        headers: { authorization: `Bearer ${prosecutor}`, 'content-type': 'application/json', 'x-correlation-id': correlation },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(201);
      const created = (await response.json()) as { id: string };
      const { rows } = await database.query<{ value: string }>(
        `SELECT value FROM platform_test.outbox WHERE event_type LIKE '%access.recorded.v1' AND value::jsonb->'data'->>'resourceId' = $1`,
        [created.id],
      );
      expect(rows).toHaveLength(1);
      expect(JSON.parse(rows[0].value).correlationid).toBe(correlation);
    });
  });
});

/** A POST on a connection of its own (no keep-alive), so only the request itself keeps it open. */
function postWithoutKeepAlive(url: string, token: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', agent: false, headers: { authorization: `Bearer ${token}` } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('stopping a service', () => {
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.bus.close();
    service = undefined;
  });

  async function startWithRequestInSlowHandler(send: (url: string, token: string) => Promise<{ status: number; body: unknown }>) {
    const started = await startService(platformTestService);
    service = started;
    const token = await started.tokenFor('prosecutor', { region: 'KG-GB' });
    slowHandler.entered = signal();
    const inFlight = send(`${started.url}/api/v1/exhibits/slow`, token);
    await slowHandler.entered.promise;
    return { app: started.app, url: started.url, inFlight };
  }

  it('lets a request that is in flight finish, then stops listening', async () => {
    const { app, url, inFlight } = await startWithRequestInSlowHandler(postWithoutKeepAlive);

    const stopped = stopServiceApps([app], 5_000);
    const response = await inFlight;
    await stopped;

    expect(response).toEqual({ status: 200, body: { done: true } });
    await expect(http('GET', `${url}/health`)).rejects.toThrow();
  });

  // BUG: server.close() only closes the connections that are idle at that moment. The
  // in-flight request's keep-alive connection becomes idle when its response is sent and
  // then stays open until the client drops it (undici: ~4 s) or graceMs passes, so every
  // service waits that long to stop — one after another in runEmbedded's stop().
  it('stops promptly once the in-flight request is answered, even on a keep-alive connection', async () => {
    const { app, inFlight } = await startWithRequestInSlowHandler((url, token) => http('POST', url, { token }));

    const stopped = stopServiceApps([app], 1_500);
    const response = await inFlight;
    const answeredAt = Date.now();
    await stopped;

    expect(response.status).toBe(200);
    expect(Date.now() - answeredAt).toBeLessThan(1_000);
  });
});
