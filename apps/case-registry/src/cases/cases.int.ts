import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { http, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../case-registry.service';
import { Body, domainEvents, lastAccessEvent, registerCase, registration, rowCount } from '../case-registry.fixtures';

describe('case registration over HTTP', () => {
  let services: RunningServices;
  let api: string;
  let prosecutor: string;
  let db: Client;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    api = `${services.urls['case-registry']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB', sub: 'prosecutor-37' });
    db = services.db;
  });
  afterAll(() => services.stop());

  const register = (body: unknown, token = prosecutor) => http('POST', `${api}/cases`, { token, body });

  it('registers a case with its classification, jurisdiction and initial status', async () => {
    const response = await register(registration({ source: 'police_report', offenceCommittedAt: '2026-11-19T22:30:00Z' }));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      caseNumber: expect.stringMatching(/^KG-GB-2026-\d{6}$/),
      region: 'KG-GB',
      district: 'leninsky',
      agency: 'GUVD-GB',
      source: 'police_report',
      offence: { article: '209-1', title: 'Fraud (part 1)', severity: 'minor', iccsCode: '0701', iccsSection: '07 Acts involving fraud, deception or corruption' },
      offenceCommittedAt: '2026-11-19T22:30:00.000Z',
      receivedAt: '2026-11-20T08:00:00.000Z',
      registeredAt: '2026-11-20T10:00:00.000Z',
      registeredLate: false,
      registeredBy: 'prosecutor-37',
      status: 'registered',
      statusChangedAt: '2026-11-20T10:00:00.000Z',
      responsible: { prosecutor: null, investigator: null },
      description: 'Money taken by deception',
    });
    const read = await http('GET', `${api}/cases/${response.body.id}`, { token: prosecutor, purpose: 'investigation' });
    expect(read.body).toEqual({ ...response.body, persons: [] });
  });

  it('shows a case with its persons and the roles they hold now', async () => {
    const registered = await registerCase(api, prosecutor);
    const add = (body: Body) => http('POST', `${api}/cases/${registered.id}/persons`, { token: prosecutor, body, purpose: 'investigation' });
    const suspect = await add({ role: 'suspect', person: { givenName: 'Oleksandr', familyName: 'Kovalenko', dateOfBirth: '1985-09-30', sex: 'male', citizenship: 'UA' } });
    await add({ role: 'witness', personId: suspect.body.id });
    const victim = await add({ role: 'victim', person: { givenName: 'Mari', familyName: 'Tamm', dateOfBirth: '2010-01-15', sex: 'female' } });
    await http('POST', `${api}/cases/${registered.id}/persons/${suspect.body.id}/removals`, { token: prosecutor, body: { role: 'witness', reason: 'Added by mistake' } });

    const read = await http('GET', `${api}/cases/${registered.id}`, { token: prosecutor, purpose: 'investigation' });
    expect(read.status).toBe(200);
    const persons = read.body.persons.map((person: { id: string; familyName: string; juvenile: boolean; roles: { role: string }[] }) => ({
      id: person.id, familyName: person.familyName, juvenile: person.juvenile, roles: person.roles.map((held) => held.role),
    }));
    expect(persons).toEqual([
      { id: suspect.body.id, familyName: 'Kovalenko', juvenile: false, roles: ['suspect'] },
      { id: victim.body.id, familyName: 'Tamm', juvenile: true, roles: ['victim'] },
    ]);
    expect(read.body.persons).toEqual((await http('GET', `${api}/cases/${registered.id}/persons`, { token: prosecutor, purpose: 'investigation' })).body.items);
  });

  it('looks up, draws the number and writes the case with statements its connections prepare once: their plans are kept', async () => {
    for (let i = 0; i < 3; i++) expect((await register(registration())).status).toBe(201);
    // pg_prepared_statements is each session's own: ask every connection of the service's pool, again while the one that registered is
    // busy with the service's background work (a busy one is not handed out: the pool opens another).
    const pool = (services.apps[0].get(DataSource).driver as unknown as { master: Pool }).master;
    const prepared = async () => {
      const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
      try {
        const rows = await Promise.all(clients.map(async (client) => (await client.query(`SELECT name FROM pg_prepared_statements`)).rows as { name: string }[]));
        return [...new Set(rows.flat().map(({ name }) => name.replace(/-[\w-]{22}$/, '-…')))].sort();
      } finally {
        for (const client of clients) client.release();
      }
    };
    const wanted = ['case-insert-…', 'case-number-draw', 'jurisdiction-lookup', 'offence-lookup', 'outbox-insert-…'];
    let names = await prepared();
    for (let look = 0; look < 50 && !wanted.every((name) => names.includes(name)); look++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      names = await prepared();
    }
    expect(names).toEqual(expect.arrayContaining(wanted));
  });

  it('flags a registration past the pack’s registration term (24 hours under KG) after receipt as late', async () => {
    const registered = await registerCase(api, prosecutor, { receivedAt: '2026-11-18T09:59:59Z', registeredAt: '2026-11-19T10:00:00Z' });
    expect(registered.registeredLate).toBe(true);
  });

  it('records the registration in the access trail and announces its categories, without the description', async () => {
    const registered = await registerCase(api, prosecutor, { description: 'Jaan Tamm saw the thief', receivedAt: '2026-11-18T08:00:00Z' });
    expect(await lastAccessEvent(db)).toMatchObject({ action: 'register', resourceType: 'case', caseId: registered.id, outcome: 'allowed', status: 201 });
    const [event] = (await domainEvents(db, 'icjims.case-registry.case.registered.v1')).filter((candidate) => candidate.subject === registered.id);
    expect(event.data).toEqual({
      caseId: registered.id,
      caseNumber: registered.caseNumber,
      region: 'KG-GB',
      district: 'leninsky',
      agency: 'GUVD-GB',
      source: 'complaint',
      offence: { article: '209-1', iccsCode: '0701', severity: 'minor' },
      receivedAt: '2026-11-18T08:00:00.000Z',
      registeredAt: '2026-11-20T10:00:00.000Z',
      registeredLate: true,
      registeredBy: 'prosecutor-37',
    });
    expect(JSON.stringify(event)).not.toContain('Jaan Tamm');
  });

  it('gives fifty concurrent registrations fifty distinct, gapless numbers', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => register(registration({ receivedAt: '2025-06-01T09:00:00Z', registeredAt: '2025-06-01T10:00:00Z' }))),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
    const sequences = responses.map((response) => Number(response.body.caseNumber.split('-').pop())).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
  });

  it('gives the number of a refused registration back: the number is drawn with the lookups and rolled back with them', async () => {
    const in2024 = { receivedAt: '2024-03-01T09:00:00Z', registeredAt: '2024-03-01T10:00:00Z' };
    const first = await register(registration(in2024));
    for (const refused of [registration({ ...in2024, offenceArticle: '999-9' }), registration({ ...in2024, agency: 'NOPE' }), registration({ ...in2024, receivedAt: '2024-03-02T10:00:00Z' })]) {
      expect((await register(refused)).status).toBe(400);
    }
    const next = await register(registration(in2024));
    expect([first.body.caseNumber, next.body.caseNumber]).toEqual(['KG-GB-2024-000001', 'KG-GB-2024-000002']);
  });

  it('numbers a case by the year of its registration in the pack’s time zone (Asia/Bishkek, UTC+6)', async () => {
    const osh = await services.tokenFor('prosecutor', { region: 'KG-O' });
    const inOsh = { region: 'KG-O', district: 'aravan', agency: 'PR-O' };
    // 23:30 on 31 December in Bishkek is still that year; 00:30 on 1 January (18:30Z) is the next.
    const lastEvening = await registerCase(api, osh, { ...inOsh, receivedAt: '2025-12-31T17:00:00Z', registeredAt: '2025-12-31T17:30:00Z' });
    const newYear = await registerCase(api, osh, { ...inOsh, receivedAt: '2025-12-31T18:00:00Z', registeredAt: '2025-12-31T18:30:00Z' });
    expect(lastEvening.caseNumber).toBe('KG-O-2025-000001');
    expect(newYear.caseNumber).toBe('KG-O-2026-000001');
  });

  const tooLong = (length: number) => 'x'.repeat(length);
  const without = (field: string) => registration({ [field]: undefined });

  it.each<[string, Body, string]>([
    ...['source', 'receivedAt', 'registeredAt', 'region', 'district', 'agency', 'offenceArticle', 'description'].map(
      (field): [string, Body, string] => [`a missing ${field}`, without(field), field],
    ),
    ['a wrongly typed region', registration({ region: 37 }), 'region'],
    ['a wrongly typed district', registration({ district: ['leninsky'] }), 'district'],
    ['a wrongly typed registeredAt', registration({ registeredAt: 1763632800000 }), 'registeredAt'],
    ['a date that is not ISO 8601', registration({ registeredAt: '20/11/2026' }), 'registeredAt'],
    ['a time without an offset', registration({ receivedAt: '2026-11-20T08:00:00' }), 'receivedAt'],
    ['an unknown source', registration({ source: 'rumour' }), 'source'],
    ['a registration in the future', registration({ registeredAt: '2999-01-01T00:00:00Z' }), 'registeredAt'],
    ['a receipt in the future', registration({ receivedAt: '2999-01-01T00:00:00Z' }), 'receivedAt'],
    ['an offence in the future', registration({ offenceCommittedAt: '2999-01-01T00:00:00Z' }), 'offenceCommittedAt'],
    ['a report received after its registration', registration({ receivedAt: '2026-11-21T10:00:00Z' }), 'receivedAt'],
    ['an offence committed after the report was received', registration({ offenceCommittedAt: '2026-11-20T09:00:00Z' }), 'offenceCommittedAt'],
    ['a district of another region', registration({ district: 'alamudun' }), 'district'],
    ['an unknown agency', registration({ agency: 'NOPE' }), 'agency'],
    ['an unknown article', registration({ offenceArticle: '999-9' }), 'offenceArticle'],
    ['a region over 16 characters', registration({ region: tooLong(17) }), 'region'],
    ['a district over 32 characters', registration({ district: tooLong(33) }), 'district'],
    ['an agency over 32 characters', registration({ agency: tooLong(33) }), 'agency'],
    ['an article over 32 characters', registration({ offenceArticle: tooLong(33) }), 'offenceArticle'],
    ['a description over 2000 characters', registration({ description: tooLong(2001) }), 'description'],
    ['an empty description', registration({ description: '' }), 'description'],
    ['an extra field', registration({ suspectName: 'Jaan Tamm' }), 'suspectName'],
  ])('refuses %s with 400 naming the field, writes nothing and logs the refusal', async (_label, body, field) => {
    const [cases, events] = [await rowCount(db, 'cases'), (await domainEvents(db)).length];
    const response = await register(body);
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await rowCount(db, 'cases')).toBe(cases);
    expect((await domainEvents(db)).length).toBe(events);
    expect(await lastAccessEvent(db)).toMatchObject({ action: 'register', outcome: 'rejected', status: 400, actor: { sub: 'prosecutor-37' } });
  });

  it('registers a case in a city without districts (Osh) without a district, and requires one where the region has them', async () => {
    const osh = await services.tokenFor('prosecutor', { region: 'KG-GO', sub: 'prosecutor-osh' });
    const response = await register(registration({ region: 'KG-GO', district: undefined, agency: 'PR-GO' }), osh);
    expect([response.status, response.body.region, response.body.district]).toEqual([201, 'KG-GO', null]);
    const missing = await register(without('district'));
    expect(missing.body.errors).toEqual([{ field: 'district', reason: 'district is required: region KG-GB has districts (GET /api/v1/reference/regions)' }]);
  });

  it('refuses a region code that is not in the reference data with 400', async () => {
    const unknownRegion = await services.tokenFor('prosecutor', { region: 'XX-99' });
    const response = await register(registration({ region: 'XX-99' }), unknownRegion);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'region', reason: 'region must be a code from GET /api/v1/reference/regions' }]);
  });

  it.each([
    ['malformed JSON', { rawBody: '{"region": "EE-37",' }, 400],
    ['a body over 64 kB', { body: registration({ description: tooLong(70_000) }) }, 413],
    ['a body that is not JSON', { rawBody: 'region=EE-37', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415],
  ])('refuses %s as problem+json without echoing the body', async (_label, request, status) => {
    const before = await rowCount(db, 'cases');
    const response = await http('POST', `${api}/cases`, { token: prosecutor, ...request });
    expect(response.status).toBe(status);
    expect(response.contentType).toContain('application/problem+json');
    expect(JSON.stringify(response.body)).not.toContain('KG-GB');
    expect(await rowCount(db, 'cases')).toBe(before);
  });

  it.each([
    ['no token', async () => undefined, 401],
    ['an expired token', async () => services.tokenFor('prosecutor', { region: 'KG-GB', ttlSeconds: -120 }), 401],
    ['a role that may not register', async () => services.tokenFor('probation_officer', { region: 'KG-GB' }), 403],
    ['another region', async () => services.tokenFor('prosecutor', { region: 'KG-C' }), 403],
    ['a national token for a regional role', async () => services.tokenFor('prosecutor'), 403],
  ])('refuses %s, writes nothing, and still logs the denied access', async (_label, token, status) => {
    const [cases, events] = [await rowCount(db, 'cases'), (await domainEvents(db)).length];
    const response = await http('POST', `${api}/cases`, { token: await token(), body: registration() });
    expect(response.status).toBe(status);
    expect(response.contentType).toContain('application/problem+json');
    expect(await rowCount(db, 'cases')).toBe(cases);
    expect((await domainEvents(db)).length).toBe(events);
    expect(await lastAccessEvent(db)).toMatchObject({ action: 'register', resourceType: 'case', outcome: 'denied', status });
  });

  it('refuses reading another region’s case with 403 and logs it with the case id', async () => {
    const registered = await registerCase(api, prosecutor);
    const tartu = await services.tokenFor('prosecutor', { region: 'KG-C' });
    const response = await http('GET', `${api}/cases/${registered.id}`, { token: tartu, purpose: 'investigation' });
    expect(response.status).toBe(403);
    expect(await lastAccessEvent(db)).toMatchObject({ action: 'read', caseId: registered.id, outcome: 'denied', actor: { region: 'KG-C' } });
  });

  it('lets a national admin read any region’s case', async () => {
    const registered = await registerCase(api, prosecutor);
    const response = await http('GET', `${api}/cases/${registered.id}`, { token: await services.tokenFor('admin'), purpose: 'investigation' });
    expect(response.status).toBe(200);
  });

  it('answers an unknown case with 404 and a malformed id with 400 naming the parameter', async () => {
    expect((await http('GET', `${api}/cases/7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01`, { token: prosecutor, purpose: 'investigation' })).status).toBe(404);
    const malformed = await http('GET', `${api}/cases/not-a-uuid`, { token: prosecutor, purpose: 'investigation' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'caseId', reason: 'caseId must be a UUID' }]);
  });
});
