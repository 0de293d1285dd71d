import { randomUUID } from 'node:crypto';
import { AccessRecordedV1, CloudEvent } from '@icjims/contracts';
import { eventually, http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { accessRecorded, statementsOn } from '../access-log/access-events.fixtures';
import { auditService } from '../audit.service';

describe('data-subject reports and disclosure dates', () => {
  let services: RunningServices;
  let base: string;
  let officer: string;

  beforeAll(async () => {
    services = await startServices([auditService]);
    base = `${services.urls.audit}/api/v1`;
    officer = await services.tokenFor('data_protection_officer', { sub: 'dpo-1' });
  });
  afterAll(() => services?.stop());

  const deliver = (...events: CloudEvent<AccessRecordedV1>[]) => publishEvents(services.bus, ...events);
  const report = async (personId: string, query = '') => {
    const response = await http('GET', `${base}/data-subject-reports/${personId}?${query}`, { token: officer, purpose: 'data_subject_request' });
    if (response.status !== 200) throw new Error(`report: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const seen = async (personId: string) => (await report(personId)).items.map((item: { caseId: string | null; purpose: string | null }) => item);
  const setDate = async (kind: 'persons' | 'cases', id: string, withheldUntil: string | null, extra: object = {}) => {
    const response = await http('PUT', `${base}/disclosure-deferrals/${kind}/${id}`, { token: officer, body: { withheldUntil, reason: 'instructed by the prosecutor', ...extra } });
    if (response.status !== 200) throw new Error(`PUT: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const past = '2020-01-01T00:00:00Z';
  const future = '2099-01-01T00:00:00Z';

  /** Consultations of one person: two open ones, and covert ones on two cases. */
  async function consulted() {
    const person = randomUUID();
    const [caseA, caseB] = [randomUUID(), randomUUID()];
    const officerOf = (sub: string, region = 'KG-GB') => ({ sub, roles: ['investigator'], region });
    const events = {
      open: accessRecorded('case-registry', { actor: officerOf('inv-1'), resourceType: 'person', resourceId: person, personIds: [person], purpose: 'investigation', caseId: caseA, occurredAt: '2026-03-01T09:00:00Z' }),
      refused: accessRecorded('case-registry', { actor: officerOf('inv-2', 'KG-C'), resourceType: 'person', resourceId: person, personIds: [person], purpose: 'investigation', outcome: 'denied', status: 403, occurredAt: '2026-03-02T09:00:00Z' }),
      covertA: accessRecorded('procedural-steps', { actor: officerOf('inv-3'), resourceType: 'timeline', caseId: caseA, personIds: [person, randomUUID()], purpose: 'covert_investigation', occurredAt: '2026-03-03T09:00:00Z' }),
      covertB: accessRecorded('procedural-steps', { actor: officerOf('inv-3'), resourceType: 'timeline', caseId: caseB, personIds: [person], purpose: 'covert_investigation', occurredAt: '2026-03-04T09:00:00Z' }),
      auditorLookup: accessRecorded('audit', { actor: { sub: 'aud', roles: ['auditor'] }, resourceType: 'access-log', action: 'list', personIds: [person], purpose: 'audit' }),
      otherPerson: accessRecorded('case-registry', { actor: officerOf('inv-1'), resourceType: 'person', personIds: [randomUUID()], purpose: 'investigation' }),
    };
    await deliver(...Object.values(events));
    return { person, caseA, caseB, events };
  }

  it('tells who consulted the person’s data, when, why and with what outcome — covert consultations left out without a trace', async () => {
    const { person, caseA, events } = await consulted();
    const body = await report(person);
    expect(Object.keys(body).sort()).toEqual(['generatedAt', 'items', 'nextBefore', 'personId']);
    expect(body).toMatchObject({ personId: person, nextBefore: null });
    expect(body.items).toEqual([
      {
        seq: expect.any(Number),
        occurredAt: '2026-03-02T09:00:00.000Z',
        actor: { sub: 'inv-2', roles: ['investigator'], region: 'KG-C' },
        purpose: 'investigation',
        service: 'case-registry',
        action: 'read',
        resourceType: 'person',
        resourceId: person,
        caseId: null,
        outcome: 'denied',
      },
      expect.objectContaining({ occurredAt: '2026-03-01T09:00:00.000Z', actor: expect.objectContaining({ sub: 'inv-1' }), caseId: caseA, outcome: 'allowed' }),
    ]);
    expect(JSON.stringify(body)).not.toMatch(/covert|withheld|defer/i);
    expect(JSON.stringify(body)).not.toContain(events.auditorLookup.id);
  });

  it('discloses covert consultations once every date that applies has passed, the person’s and the case’s', async () => {
    const { person, caseA, caseB } = await consulted();
    const covert = async () => (await seen(person)).filter((item: { purpose: string | null }) => item.purpose === 'covert_investigation').map((item: { caseId: string }) => item.caseId);

    await setDate('persons', person, future);
    expect(await covert()).toEqual([]);
    await setDate('persons', person, null);
    expect(await covert()).toEqual([]);
    await setDate('cases', caseA, future);
    await setDate('persons', person, past);
    expect(await covert()).toEqual([caseB]);
    await setDate('cases', caseA, past);
    expect(await covert()).toEqual([caseB, caseA]);
  });

  it('discloses a case’s covert consultations on the case’s date alone', async () => {
    const { person, caseA } = await consulted();
    await setDate('cases', caseA, past);
    expect((await seen(person)).filter((item: { purpose: string }) => item.purpose === 'covert_investigation').map((item: { caseId: string }) => item.caseId)).toEqual([caseA]);
  });

  it('keeps every disclosure date with who set it, refuses to change history, and logs each change — outside the person’s report', async () => {
    const { person } = await consulted();
    await setDate('persons', person, future, { decisionReference: 'PO-2026/1184' });
    const state = await setDate('persons', person, past);
    expect(state).toEqual({
      subjectType: 'person',
      subjectId: person,
      current: { withheldUntil: '2020-01-01T00:00:00.000Z', reason: 'instructed by the prosecutor', decisionReference: null, setBy: 'dpo-1', setAt: expect.any(String) },
      history: [
        expect.objectContaining({ withheldUntil: '2020-01-01T00:00:00.000Z' }),
        expect.objectContaining({ withheldUntil: '2099-01-01T00:00:00.000Z', decisionReference: 'PO-2026/1184' }),
      ],
    });
    const read = await http('GET', `${base}/disclosure-deferrals/persons/${person}`, { token: await services.tokenFor('auditor') });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(state);

    await expect(services.db.query(`UPDATE audit.disclosure_deferrals SET withheld_until = now() WHERE subject_id = $1`, [person])).rejects.toThrow(/append-only/);
    await expect(services.db.query(`DELETE FROM audit.disclosure_deferrals WHERE subject_id = $1`, [person])).rejects.toThrow(/append-only/);

    const auditor = await services.tokenFor('auditor');
    const changes = await eventually(async () => {
      const page = (await http('GET', `${base}/access-logs?resourceType=disclosure-deferral&resourceId=${person}`, { token: auditor })).body;
      const sets = page.items.filter((item: { action: string }) => item.action === 'set');
      return sets.length === 2 ? sets : undefined;
    });
    for (const change of changes) {
      expect(change).toMatchObject({ service: 'audit', actor: { sub: 'dpo-1', roles: ['data_protection_officer'] }, outcome: 'allowed', resourceId: person, personIds: [] });
    }
    expect((await seen(person)).map((item: { resourceType: string }) => item.resourceType)).not.toContain('disclosure-deferral');
  });

  it('pages the report and streams it as CSV, oldest first', async () => {
    const { person, caseA } = await consulted();
    const first = await report(person, 'limit=1');
    expect(first.items).toHaveLength(1);
    const second = await report(person, `limit=1&before=${first.nextBefore}`);
    expect(second.items[0].occurredAt).toBe('2026-03-01T09:00:00.000Z');
    expect(second.nextBefore).toBeNull();

    await setDate('cases', caseA, past);
    await setDate('persons', person, past);
    const response = await http('GET', `${base}/data-subject-reports/${person}.csv`, { token: officer, purpose: 'data_subject_request' });
    expect(response.status).toBe(200);
    expect(response.contentType).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="data-subject-report-${person}.csv"`);
    const lines = (response.body as string).split('\r\n');
    expect(lines[0]).toBe('seq,occurredAt,actorSub,actorRoles,actorRegion,purpose,service,action,resourceType,resourceId,caseId,outcome');
    expect(lines.slice(1, -1).map((line) => line.split(',')[1])).toEqual(['2026-03-01T09:00:00.000Z', '2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z', '2026-03-04T09:00:00.000Z']);
    expect(lines[1]).toContain(',inv-1,investigator,KG-GB,investigation,case-registry,read,person,');
  });

  it('limits the report to a period', async () => {
    const { person } = await consulted();
    const body = await report(person, `from=${encodeURIComponent('2026-03-02T00:00:00+00:00')}&to=2026-03-03T00:00:00Z`);
    expect(body.items.map((item: { occurredAt: string }) => item.occurredAt)).toEqual(['2026-03-02T09:00:00.000Z']);
  });

  it('answers with one query', async () => {
    const { person } = await consulted();
    const statements = await statementsOn(/FROM access_log\b|disclosure_deferrals/, () => report(person));
    expect(statements).toHaveLength(1);
  });

  it.each([
    ['an auditor asking for a report', 403, async () => ({ path: `/data-subject-reports/${randomUUID()}`, token: await services.tokenFor('auditor'), purpose: 'audit' })],
    ['a regional data-protection officer', 403, async () => ({ path: `/data-subject-reports/${randomUUID()}`, token: await services.tokenFor('data_protection_officer', { region: 'KG-GB' }), purpose: 'data_subject_request' })],
    ['a report without X-Purpose', 400, () => ({ path: `/data-subject-reports/${randomUUID()}`, token: officer, field: 'X-Purpose' })],
    ['a person id that is not a UUID', 400, () => ({ path: '/data-subject-reports/p-1', token: officer, purpose: 'data_subject_request', field: 'personId' })],
    ['an unknown query parameter', 400, () => ({ path: `/data-subject-reports/${randomUUID()}?covert=true`, token: officer, purpose: 'data_subject_request', field: 'covert' })],
    ['a to before from', 400, () => ({ path: `/data-subject-reports/${randomUUID()}.csv?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`, token: officer, purpose: 'data_subject_request', field: 'to' })],
    ['a prosecutor setting a date', 403, async () => ({ method: 'PUT', path: `/disclosure-deferrals/persons/${randomUUID()}`, token: await services.tokenFor('prosecutor', { region: 'KG-GB' }), body: { withheldUntil: null, reason: 'x' } })],
    ['an auditor setting a date', 403, async () => ({ method: 'PUT', path: `/disclosure-deferrals/cases/${randomUUID()}`, token: await services.tokenFor('auditor'), body: { withheldUntil: null, reason: 'x' } })],
    ['a regional auditor reading dates', 403, async () => ({ path: `/disclosure-deferrals/cases/${randomUUID()}`, token: await services.tokenFor('auditor', { region: 'KG-GB' }) })],
    ['a date without an offset', 400, () => ({ method: 'PUT', path: `/disclosure-deferrals/persons/${randomUUID()}`, token: officer, body: { withheldUntil: '2027-01-01T00:00', reason: 'x' }, field: 'withheldUntil' })],
    ['a date left out', 400, () => ({ method: 'PUT', path: `/disclosure-deferrals/persons/${randomUUID()}`, token: officer, body: { reason: 'x' }, field: 'withheldUntil' })],
    ['an empty reason', 400, () => ({ method: 'PUT', path: `/disclosure-deferrals/persons/${randomUUID()}`, token: officer, body: { withheldUntil: null, reason: '' }, field: 'reason' })],
    ['an unknown field', 400, () => ({ method: 'PUT', path: `/disclosure-deferrals/persons/${randomUUID()}`, token: officer, body: { withheldUntil: null, reason: 'x', scope: 'all' }, field: 'scope' })],
    ['a case id that is not a UUID', 400, () => ({ method: 'PUT', path: '/disclosure-deferrals/cases/42', token: officer, body: { withheldUntil: null, reason: 'x' }, field: 'caseId' })],
  ])('answers %s with %i problem+json, writing nothing', async (_, status, request) => {
    const { method = 'GET', path, token, purpose, body, field } = (await request()) as {
      method?: string; path: string; token: string; purpose?: string; body?: object; field?: string;
    };
    const before = (await services.db.query(`SELECT count(*)::int AS n FROM audit.disclosure_deferrals`)).rows[0].n;
    const response = await http(method, `${base}${path}`, { token, purpose, body });
    expect(response.status).toBe(status);
    expect(response.contentType).toContain('application/problem+json');
    if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect((await services.db.query(`SELECT count(*)::int AS n FROM audit.disclosure_deferrals`)).rows[0].n).toBe(before);
  });
});
