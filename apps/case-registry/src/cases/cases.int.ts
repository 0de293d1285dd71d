import { Client } from 'pg';
import { http, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../case-registry.service';

describe('case registry over HTTP', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;
  let db: Client;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    base = `${services.urls['case-registry']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'EE-37' });
    db = services.db;
  });
  afterAll(() => services.stop());

  const validCase = { region: 'EE-37', offenceArticle: '199-1', registeredAt: '2026-11-20T10:00:00Z', description: 'Bicycle stolen' };
  const caseCount = async () => Number((await db.query('SELECT count(*) FROM case_registry.cases')).rows[0].count);
  const lastAccessEvent = async () =>
    (await db.query(`SELECT value FROM case_registry.outbox WHERE event_type LIKE '%access.recorded.v1' ORDER BY position DESC LIMIT 1`)).rows[0]
      ?.value as string;

  it('registers a case and returns its national case number', async () => {
    const response = await http('POST', `${base}/cases`, { token: prosecutor, body: validCase });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ region: 'EE-37', caseNumber: expect.stringMatching(/^EE-37-2026-\d{6}$/), offence: { iccsCode: '0502' } });
    const read = await http('GET', `${base}/cases/${response.body.id}`, { token: prosecutor });
    expect(read.body.caseNumber).toBe(response.body.caseNumber);
  });

  it('records the registration with its case id in the access trail and announces it as an event', async () => {
    const response = await http('POST', `${base}/cases`, { token: prosecutor, body: validCase });
    const access = JSON.parse(await lastAccessEvent());
    expect(access.data).toMatchObject({ action: 'register', resourceType: 'case', caseId: response.body.id, outcome: 'allowed', status: 201 });
    const registered = await db.query(`SELECT value FROM case_registry.outbox WHERE event_type = 'icjims.case-registry.case.registered.v1' AND message_key = $1`, [response.body.id]);
    const event = JSON.parse(registered.rows[0].value);
    expect(event.data).toMatchObject({ caseId: response.body.id, caseNumber: response.body.caseNumber, offence: { article: '199-1', iccsCode: '0502' } });
    expect(JSON.stringify(event)).not.toContain('Bicycle stolen'); // the description stays in case-registry
  });

  it('gives fifty concurrent registrations fifty distinct, gapless numbers', async () => {
    const year = 2025;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => http('POST', `${base}/cases`, { token: prosecutor, body: { ...validCase, registeredAt: `${year}-06-01T10:00:00Z` } })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
    const sequences = responses.map((response) => Number(response.body.caseNumber.split('-').pop())).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
  });

  const tooLong = (length: number) => 'x'.repeat(length);

  it.each([
    ['a missing region', { ...validCase, region: undefined }, 'region'],
    ['a missing description', { ...validCase, description: undefined }, 'description'],
    ['a wrongly typed region', { ...validCase, region: 37 }, 'region'],
    ['a date that is not ISO 8601', { ...validCase, registeredAt: '20/11/2026' }, 'registeredAt'],
    ['a registration in the future', { ...validCase, registeredAt: '2999-01-01T00:00:00Z' }, 'registeredAt'],
    ['a report received after its registration', { ...validCase, receivedAt: '2026-11-21T10:00:00Z' }, 'receivedAt'],
    ['an unknown article', { ...validCase, offenceArticle: '999-9' }, 'offenceArticle'],
    ['a description over 2000 characters', { ...validCase, description: tooLong(2001) }, 'description'],
    ['an extra field', { ...validCase, suspectName: 'Jaan Tamm' }, 'suspectName'],
  ])('refuses %s with 400 naming the field, writes nothing and logs the refusal', async (_label, body, field) => {
    const before = await caseCount();
    const response = await http('POST', `${base}/cases`, { token: prosecutor, body });
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await caseCount()).toBe(before);
    expect(JSON.parse(await lastAccessEvent()).data).toMatchObject({ action: 'register', outcome: 'rejected', status: 400, actor: { sub: 'test-prosecutor' } });
  });

  it('refuses a region code that is not in the reference data with 400', async () => {
    const unknownRegion = await services.tokenFor('prosecutor', { region: 'XX-99' });
    const response = await http('POST', `${base}/cases`, { token: unknownRegion, body: { ...validCase, region: 'XX-99' } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'region', reason: 'region must be a code from GET /api/v1/reference/regions' }]);
  });

  it.each([
    ['malformed JSON', { rawBody: '{"region": "EE-37",' }, 400],
    ['a body over 64 kB', { body: { ...validCase, description: tooLong(70_000) } }, 413],
    ['a body that is not JSON', { rawBody: 'region=EE-37', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415],
  ])('refuses %s as problem+json without echoing the body', async (_label, request, status) => {
    const before = await caseCount();
    const response = await http('POST', `${base}/cases`, { token: prosecutor, ...request });
    expect(response.status).toBe(status);
    expect(response.contentType).toContain('application/problem+json');
    expect(JSON.stringify(response.body)).not.toContain('EE-37');
    expect(await caseCount()).toBe(before);
  });

  it.each([
    ['no token', async () => undefined, 401],
    ['an expired token', async () => services.tokenFor('prosecutor', { region: 'EE-37', ttlSeconds: -120 }), 401],
    ['a role that may not register', async () => services.tokenFor('probation_officer', { region: 'EE-37' }), 403],
    ['another region', async () => services.tokenFor('prosecutor', { region: 'EE-78' }), 403],
    ['a national token for a regional role', async () => services.tokenFor('prosecutor'), 403],
  ])('refuses %s, writes nothing, and still logs the denied access', async (_label, token, status) => {
    const before = await caseCount();
    const response = await http('POST', `${base}/cases`, { token: await token(), body: validCase });
    expect(response.status).toBe(status);
    expect(response.contentType).toContain('application/problem+json');
    expect(await caseCount()).toBe(before);
    expect(JSON.parse(await lastAccessEvent()).data).toMatchObject({ action: 'register', resourceType: 'case', outcome: 'denied', status });
  });

  it('refuses reading another region’s case with 403 and logs it with the case id', async () => {
    const registered = await http('POST', `${base}/cases`, { token: prosecutor, body: validCase });
    const tartu = await services.tokenFor('prosecutor', { region: 'EE-78' });
    const response = await http('GET', `${base}/cases/${registered.body.id}`, { token: tartu });
    expect(response.status).toBe(403);
    expect(JSON.parse(await lastAccessEvent()).data).toMatchObject({ action: 'read', caseId: registered.body.id, outcome: 'denied', actor: { region: 'EE-78' } });
  });

  it('answers an unknown case with 404 and a malformed id with 400 naming the parameter', async () => {
    expect((await http('GET', `${base}/cases/7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01`, { token: prosecutor })).status).toBe(404);
    const malformed = await http('GET', `${base}/cases/not-a-uuid`, { token: prosecutor });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'caseId', reason: 'caseId must be a UUID' }]);
  });
});
