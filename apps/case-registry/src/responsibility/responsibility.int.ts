import { Client } from 'pg';
import { http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../case-registry.service';
import { domainEvents, lastAccessEvent, registerCase, rowCount, statusChanged } from '../case-registry.fixtures';

describe('responsible prosecutor and investigator over HTTP', () => {
  let services: RunningServices;
  let api: string;
  let prosecutor: string;
  let db: Client;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    api = `${services.urls['case-registry']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB', sub: 'head-prosecutor-37' });
    db = services.db;
  });
  afterAll(() => services.stop());

  const assign = (caseId: string, responsibility: string, body: unknown, token = prosecutor) =>
    http('PUT', `${api}/cases/${caseId}/responsible/${responsibility}`, { token, body });
  const assignedEvents = async (caseId: string) =>
    (await domainEvents(db, 'icjims.case-registry.case.responsibility-assigned.v1')).filter((event) => event.subject === caseId).map((event) => event.data);

  it('assigns and reassigns the responsible prosecutor, keeps the history and announces each change', async () => {
    const registered = await registerCase(api, prosecutor);
    const first = await assign(registered.id, 'prosecutor', { assignee: 'prosecutor-1' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ caseId: registered.id, responsibility: 'prosecutor', assignee: 'prosecutor-1', previousAssignee: null, assignedBy: 'head-prosecutor-37' });
    const second = await assign(registered.id, 'prosecutor', { assignee: 'prosecutor-2', reason: 'prosecutor-1 is on leave' });
    expect(second.body).toMatchObject({ assignee: 'prosecutor-2', previousAssignee: 'prosecutor-1', reason: 'prosecutor-1 is on leave' });

    const read = await http('GET', `${api}/cases/${registered.id}`, { token: prosecutor, purpose: 'investigation' });
    expect(read.body.responsible).toEqual({ prosecutor: 'prosecutor-2', investigator: null });
    const history = await http('GET', `${api}/cases/${registered.id}/assignments`, { token: prosecutor });
    expect(history.body.map((row: { assignee: string }) => row.assignee)).toEqual(['prosecutor-1', 'prosecutor-2']);
    const events = await assignedEvents(registered.id);
    expect(events).toEqual([
      { caseId: registered.id, region: 'KG-GB', responsibility: 'prosecutor', assignee: 'prosecutor-1' },
      { caseId: registered.id, region: 'KG-GB', responsibility: 'prosecutor', assignee: 'prosecutor-2', previousAssignee: 'prosecutor-1' },
    ]);
    expect(JSON.stringify(events)).not.toContain('on leave');
    expect(await lastAccessEvent(db)).toMatchObject({ action: 'read', resourceType: 'case-assignment', caseId: registered.id });
  });

  it('lets a national admin assign the investigator', async () => {
    const registered = await registerCase(api, prosecutor);
    const response = await assign(registered.id, 'investigator', { assignee: 'investigator-9' }, await services.tokenFor('admin'));
    expect(response.status).toBe(200);
    expect((await http('GET', `${api}/cases/${registered.id}`, { token: prosecutor, purpose: 'investigation' })).body.responsible).toEqual({ prosecutor: null, investigator: 'investigator-9' });
  });

  it('answers a repeated assignment with the one in force, without a new history row or event', async () => {
    const registered = await registerCase(api, prosecutor);
    const first = await assign(registered.id, 'investigator', { assignee: 'investigator-1' });
    const repeated = await assign(registered.id, 'investigator', { assignee: 'investigator-1', reason: 'again' });
    expect(repeated.status).toBe(200);
    expect(repeated.body).toEqual(first.body);
    expect(await assignedEvents(registered.id)).toHaveLength(1);
    expect((await http('GET', `${api}/cases/${registered.id}/assignments`, { token: prosecutor })).body).toHaveLength(1);
  });

  it('refuses assigning anyone to a closed case with 422', async () => {
    const registered = await registerCase(api, prosecutor);
    await publishEvents(services.bus, statusChanged(registered.id, 'closed'));
    const response = await assign(registered.id, 'prosecutor', { assignee: 'prosecutor-1' });
    expect(response.status).toBe(422);
    expect(response.contentType).toContain('application/problem+json');
    expect(await assignedEvents(registered.id)).toEqual([]);
  });

  describe('refusing', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = (await registerCase(api, prosecutor)).id;
    });

    it.each<[string, string, unknown, string]>([
      ['a missing assignee', 'prosecutor', {}, 'assignee'],
      ['a wrongly typed assignee', 'prosecutor', { assignee: 42 }, 'assignee'],
      ['an empty assignee', 'prosecutor', { assignee: '' }, 'assignee'],
      ['an assignee over 128 characters', 'prosecutor', { assignee: 'x'.repeat(129) }, 'assignee'],
      ['a reason over 500 characters', 'prosecutor', { assignee: 'p-1', reason: 'x'.repeat(501) }, 'reason'],
      ['a wrongly typed reason', 'prosecutor', { assignee: 'p-1', reason: ['x'] }, 'reason'],
      ['an unknown responsibility', 'judge', { assignee: 'p-1' }, 'responsibility'],
      ['an extra field', 'prosecutor', { assignee: 'p-1', personalCode: '38001010000' }, 'personalCode'],
    ])('%s with 400 naming the field, writing nothing', async (_label, responsibility, body, field) => {
      const before = [await rowCount(db, 'case_assignments'), (await domainEvents(db)).length];
      const response = await assign(caseId, responsibility, body);
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect([await rowCount(db, 'case_assignments'), (await domainEvents(db)).length]).toEqual(before);
    });

    it.each([
      ['no token', async () => undefined, 401],
      ['an expired token', async () => services.tokenFor('prosecutor', { region: 'KG-GB', ttlSeconds: -120 }), 401],
      ['an investigator', async () => services.tokenFor('investigator', { region: 'KG-GB' }), 403],
      ['another region’s prosecutor', async () => services.tokenFor('prosecutor', { region: 'KG-C' }), 403],
      ['a regional admin of another region', async () => services.tokenFor('admin', { region: 'KG-C' }), 403],
    ])('%s, writing nothing and logging the denial', async (_label, token, status) => {
      const before = [await rowCount(db, 'case_assignments'), (await domainEvents(db)).length];
      const response = await http('PUT', `${api}/cases/${caseId}/responsible/prosecutor`, { token: await token(), body: { assignee: 'p-1' } });
      expect(response.status).toBe(status);
      expect(response.contentType).toContain('application/problem+json');
      expect([await rowCount(db, 'case_assignments'), (await domainEvents(db)).length]).toEqual(before);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'assign', caseId, outcome: 'denied', status });
    });

    it('an unknown case with 404 and a malformed case id with 400', async () => {
      expect((await assign('7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01', 'prosecutor', { assignee: 'p-1' })).status).toBe(404);
      const malformed = await assign('nope', 'prosecutor', { assignee: 'p-1' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([{ field: 'caseId', reason: 'caseId must be a UUID' }]);
    });

    it('reading another region’s assignment history with 403', async () => {
      const tartu = await services.tokenFor('prosecutor', { region: 'KG-C' });
      expect((await http('GET', `${api}/cases/${caseId}/assignments`, { token: tartu })).status).toBe(403);
    });
  });
});
