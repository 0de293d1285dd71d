import { randomUUID } from 'node:crypto';
import { Controller, Get, Module } from '@nestjs/common';
import { Client } from 'pg';
import { Roles } from '@icjims/auth';
import { AccessRecordedV1, CloudEvent, MAX_ACCESS_PERSON_IDS } from '@icjims/contracts';
import { currentPurpose, noteAccessFlag, noteConsultedPersons } from './access/access-notes';
import { AccessTo } from './access/access-spec';
import { loadSecuritySettings } from './config/service-config';
import { UuidParam } from './http/uuid-param';
import { ApiProblems } from './openapi/api-problems.decorator';
import { ServiceDefinition } from './service/service-definition';
import { expectProblem, http, RunningService, ServiceWithDatabase, startService, startServiceWithDatabase } from './platform.fixtures';

// A test-only service whose endpoints read "personal data": one that needs a purpose and
// names the person in its route, one that notes many persons and a flag.

const noted = Array.from({ length: MAX_ACCESS_PERSON_IDS + 50 }, (_, index) => `person-${index}`);

@Controller('witnesses')
class WitnessesController {
  @Get('crowd')
  @Roles('prosecutor')
  @AccessTo({ action: 'list', resourceType: 'person' })
  @ApiProblems(400)
  crowd() {
    noteConsultedPersons(noted);
    noteConsultedPersons(noted.slice(0, 10));
    return { count: noted.length, purpose: currentPurpose() ?? null };
  }

  @Get(':personId')
  @Roles('prosecutor')
  @AccessTo({ action: 'read', resourceType: 'person', resourceIdParam: 'personId', personIdParam: 'personId', purpose: 'required' })
  @ApiProblems(400)
  read(@UuidParam('personId') personId: string) {
    noteConsultedPersons([personId, 'co-defendant-1']);
    noteAccessFlag('restricted-record');
    return { id: personId, purpose: currentPurpose() };
  }
}

@Module({ controllers: [WitnessesController] })
class WitnessesModule {}

const purposeTestService: ServiceDefinition = {
  name: 'case-registry',
  title: 'Purpose test service',
  description: 'A test-only service with endpoints that read personal data',
  defaultPort: 0,
  schema: 'purpose_test',
  module: WitnessesModule,
  migrations: [],
};

describe('purposes of access and the persons consulted', () => {
  let service: RunningService;
  let api: string;
  let database: Client;
  let prosecutor: string;

  let started: ServiceWithDatabase | undefined;

  beforeAll(async () => {
    started = await startServiceWithDatabase(purposeTestService);
    ({ service, api, database, prosecutor } = started);
  });
  afterAll(() => started?.stop());

  async function accessEventOf(correlation: string): Promise<AccessRecordedV1> {
    const { rows } = await database.query<{ value: string }>(
      `SELECT value FROM purpose_test.outbox WHERE event_type LIKE '%access.recorded.v1' AND value::jsonb->>'correlationid' = $1`,
      [correlation],
    );
    expect(rows).toHaveLength(1);
    return (JSON.parse(rows[0].value) as CloudEvent<AccessRecordedV1>).data;
  }

  function get(path: string, options: { purpose?: string; token?: string | null } = {}) {
    const correlation = `test-${randomUUID()}`;
    const token = options.token === null ? undefined : (options.token ?? prosecutor);
    return http('GET', `${api}${path}`, { token, purpose: options.purpose, headers: { 'x-correlation-id': correlation } }).then((response) => ({
      response,
      correlation,
    }));
  }

  it('records the purpose, the person of the route and the persons and flags the handler noted', async () => {
    const personId = randomUUID();
    const { response, correlation } = await get(`/witnesses/${personId}`, { purpose: 'court_preparation' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: personId, purpose: 'court_preparation' });
    const event = await accessEventOf(correlation);
    expect(event).toMatchObject({ outcome: 'allowed', purpose: 'court_preparation', personIds: [personId, 'co-defendant-1'], flags: ['restricted-record'] });
    expect(event.personIdsTruncated).toBeUndefined();
  });

  it('refuses a read that needs a purpose without X-Purpose, naming the header, and records the refusal with the person', async () => {
    const personId = randomUUID();
    const { response, correlation } = await get(`/witnesses/${personId}`);
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([{ field: 'X-Purpose', reason: expect.stringMatching(/required/) }]);
    const event = await accessEventOf(correlation);
    expect(event).toMatchObject({ outcome: 'rejected', status: 400, personIds: [personId] });
    expect(event.purpose).toBeUndefined();
  });

  it.each([
    ['a code not on the list', 'curiosity'],
    ['a code in another letter case', 'Investigation'],
    ['two codes', 'investigation, audit'],
    ['an empty header', ''],
  ])('refuses %s in X-Purpose with 400 naming the header', async (_scenario, purpose) => {
    const { response, correlation } = await get(`/witnesses/${randomUUID()}`, { purpose });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([{ field: 'X-Purpose', reason: expect.stringMatching(/access-purposes/) }]);
    expect((await accessEventOf(correlation)).purpose).toBeUndefined();
  });

  it('refuses an unknown purpose on an endpoint that does not need one', async () => {
    const { response } = await get('/witnesses/crowd', { purpose: 'curiosity' });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'X-Purpose' })]);
  });

  it('records a purpose stated where none is needed, and serves without one', async () => {
    const stated = await get('/witnesses/crowd', { purpose: 'statistics' });
    expect(stated.response.status).toBe(200);
    expect((await accessEventOf(stated.correlation)).purpose).toBe('statistics');
    const without = await get('/witnesses/crowd');
    expect(without.response.status).toBe(200);
    expect((await accessEventOf(without.correlation)).purpose).toBeUndefined();
  });

  it(`lists at most ${MAX_ACCESS_PERSON_IDS} persons, each once, and says when there were more`, async () => {
    const { response, correlation } = await get('/witnesses/crowd');
    expect(response.status).toBe(200);
    const event = await accessEventOf(correlation);
    expect(event.personIds).toEqual(noted.slice(0, MAX_ACCESS_PERSON_IDS));
    expect(event.personIdsTruncated).toBe(true);
  });

  it('pays no attention to X-Purpose outside /api/v1', async () => {
    expect((await http('GET', `${service.url}/health`, { purpose: 'curiosity' })).status).toBe(200);
  });

  it('asks for a token before it asks for a purpose', async () => {
    const { response } = await get(`/witnesses/${randomUUID()}`, { token: null });
    expectProblem(response, 401);
  });

  it('serves the purpose list to any authenticated caller, documented in OpenAPI with the X-Purpose header', async () => {
    const auditor = await service.tokenFor('auditor');
    const response = await http('GET', `${api}/access-purposes`, { token: auditor });
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(12);
    expect(response.body).toContainEqual({ code: 'covert_investigation', description: expect.any(String) });
    expectProblem(await http('GET', `${api}/access-purposes`), 401);

    const document = (await http('GET', `${service.url}/docs-json`)).body;
    expect(document.paths['/api/v1/access-purposes'].get.responses['200']).toBeDefined();
    const purposeHeader = (operation: { parameters: { name: string; in: string; required?: boolean }[] }) =>
      operation.parameters.find((parameter) => parameter.name === 'X-Purpose' && parameter.in === 'header');
    expect(purposeHeader(document.paths['/api/v1/witnesses/{personId}'].get)).toMatchObject({ required: true });
    expect(purposeHeader(document.paths['/api/v1/witnesses/crowd'].get)).toMatchObject({ required: false });
  });
});

describe('a purpose list set by configuration', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService(purposeTestService, { security: loadSecuritySettings({ ACCESS_PURPOSES: 'audit,border_control' }) });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('accepts its codes only, and lists them', async () => {
    const prosecutor = await service.tokenFor('prosecutor', { region: 'KG-GB' });
    const api = `${service.url}/api/v1`;
    expect((await http('GET', `${api}/witnesses/${randomUUID()}`, { token: prosecutor, purpose: 'border_control' })).status).toBe(200);
    expectProblem(await http('GET', `${api}/witnesses/${randomUUID()}`, { token: prosecutor, purpose: 'investigation' }), 400);
    expect((await http('GET', `${api}/access-purposes`, { token: prosecutor })).body).toEqual([
      { code: 'audit', description: expect.any(String) },
      { code: 'border_control', description: 'border_control' },
    ]);
  });
});
