import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  CaseRegistered, CaseRegisteredV1, CloudEvent, deadLetterTopic, eventTopic, ProbationCaseOpened, ProbationCaseOpenedV1, StepRecorded, StepRecordedV1,
} from '@icjims/contracts';
import { cloudEvent, http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { analyticsService } from '../analytics.service';

/** Events as case-registry, procedural-steps and probation publish them. */
function caseRegistered(data: Partial<CaseRegisteredV1>): CloudEvent<CaseRegisteredV1> {
  const caseId = randomUUID();
  return cloudEvent(CaseRegistered, caseId, {
    caseId,
    caseNumber: 'EE-37-2025-000001',
    region: 'EE-37',
    offence: { article: '199-1', iccsCode: '0502', severity: 'medium' },
    receivedAt: '2025-03-10T09:00:00Z',
    registeredAt: '2025-03-10T10:00:00Z',
    registeredBy: 'prosecutor-1',
    ...data,
  });
}

function stepRecorded(data: Partial<StepRecordedV1>): CloudEvent<StepRecordedV1> {
  const caseId = randomUUID();
  return cloudEvent(StepRecorded, caseId, {
    stepId: randomUUID(),
    caseId,
    region: 'EE-37',
    sequence: 2,
    stepType: 'indictment',
    occurredAt: '2025-05-10T10:00:00Z',
    recordedAt: '2025-05-10T10:05:00Z',
    details: {},
    ...data,
  });
}

function probationCaseOpened(data: Partial<ProbationCaseOpenedV1>): CloudEvent<ProbationCaseOpenedV1> {
  const caseId = randomUUID();
  return cloudEvent(ProbationCaseOpened, caseId, {
    probationCaseId: randomUUID(),
    caseId,
    region: 'EE-37',
    sourceStepId: randomUUID(),
    personId: randomUUID(),
    termMonths: 12,
    startsOn: '2025-08-15',
    openedAt: '2025-08-15T09:00:01Z',
    ...data,
  });
}

describe('analytics', () => {
  let services: RunningServices;
  let db: Client;
  let base: string;
  let analyst: string;

  beforeAll(async () => {
    services = await startServices([analyticsService]);
    base = `${services.urls.analytics}/api/v1`;
    analyst = await services.tokenFor('analyst');
    db = services.db;
  });
  afterAll(() => services?.stop());

  const deliver = (...events: CloudEvent<unknown>[]) => publishEvents(services.bus, ...events);
  const deliverRaw = (topic: string, value: string, key: string) => services.bus.publish([{ topic, key, value, headers: {} }]);

  const indicator = async (path: string, token = analyst) => {
    const response = await http('GET', `${base}/indicators/${path}`, { token });
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };


  it('serves the indicator catalogue', async () => {
    const response = await http('GET', `${base}/indicators`, { token: analyst });
    expect(response.status).toBe(200);
    expect(response.body.map((entry: { code: string }) => entry.code)).toEqual(['cases_registered', 'steps_recorded', 'probation_cases_opened']);
    expect(response.body[1]).toEqual({
      code: 'steps_recorded',
      title: expect.any(String),
      definition: expect.any(String),
      formula: expect.stringContaining('StepRecorded'),
      unit: 'steps',
      breakdowns: ['region', 'month', 'stepType'],
      personBased: false,
    });
  });

  it('counts cases registered by region and UTC month, exactly', async () => {
    await deliver(
      caseRegistered({ registeredAt: '2025-03-10T10:00:00Z' }),
      caseRegistered({ registeredAt: '2025-04-01T00:30:00+03:00' }), // still March in UTC
      caseRegistered({ region: 'EE-44', registeredAt: '2025-03-11T10:00:00Z' }),
      caseRegistered({ registeredAt: '2025-05-01T00:00:00Z' }),
    );
    const body = await indicator('cases_registered?from=2025-03&to=2025-04');
    expect(body.indicator.code).toBe('cases_registered');
    expect(body.minCellSize).toBeUndefined();
    expect(body.rows).toEqual([
      { region: 'EE-37', period: '2025-03', value: 2, suppressed: false },
      { region: 'EE-44', period: '2025-03', value: 1, suppressed: false },
    ]);
    expect((await indicator('cases_registered?from=2025-05')).rows).toEqual([{ region: 'EE-37', period: '2025-05', value: 1, suppressed: false }]);
  });

  it('shows a regional analyst their own region only', async () => {
    const regional = await services.tokenFor('analyst', { region: 'EE-44' });
    expect((await indicator('cases_registered?from=2025-03&to=2025-03', regional)).rows).toEqual([{ region: 'EE-44', period: '2025-03', value: 1, suppressed: false }]);
    expect((await indicator('cases_registered?region=EE-44&from=2025-03&to=2025-03', regional)).rows).toHaveLength(1);
    expect((await indicator('cases_registered?region=EE-37&from=2025-03&to=2025-03')).rows).toEqual([
      { region: 'EE-37', period: '2025-03', value: 2, suppressed: false },
    ]);
  });

  it('counts steps by region, month and step type, once per event however often it is delivered', async () => {
    const first = stepRecorded({});
    await deliver(first);
    await deliver(first);
    await deliver(
      stepRecorded({}),
      stepRecorded({ stepType: 'sentence', details: { sentenceType: 'fine' } }),
      stepRecorded({ region: 'EE-44', occurredAt: '2025-06-01T08:00:00Z' }),
    );

    expect((await indicator('steps_recorded?from=2025-05&to=2025-06')).rows).toEqual([
      { region: 'EE-37', period: '2025-05', category: 'indictment', value: 2, suppressed: false },
      { region: 'EE-37', period: '2025-05', category: 'sentence', value: 1, suppressed: false },
      { region: 'EE-44', period: '2025-06', category: 'indictment', value: 1, suppressed: false },
    ]);
    expect((await indicator('steps_recorded?from=2025-05&to=2025-05&stepType=sentence')).rows).toEqual([
      { region: 'EE-37', period: '2025-05', category: 'sentence', value: 1, suppressed: false },
    ]);

    const csv = await http('GET', `${base}/indicators/steps_recorded.csv?from=2025-05&to=2025-05`, { token: analyst });
    expect(csv.status).toBe(200);
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(csv.body).toBe('region,period,category,value,suppressed\r\nEE-37,2025-05,indictment,2,false\r\nEE-37,2025-05,sentence,1,false\r\n');
  });

  it('counts probation cases opened, once each, suppressing cells under the minimum size', async () => {
    const once = probationCaseOpened({});
    await deliver(once, once);
    await deliver(...['EE-44', 'EE-44', 'EE-44'].map((region) => probationCaseOpened({ region })));
    await deliver(probationCaseOpened({ region: 'EE-51', startsOn: '2025-09-01' }));

    const body = await indicator('probation_cases_opened?from=2025-08&to=2025-08');
    expect(body.minCellSize).toBe(3);
    expect(body.indicator.personBased).toBe(true);
    expect(body.rows).toEqual([
      { region: 'EE-37', period: '2025-08', value: null, suppressed: true },
      { region: 'EE-44', period: '2025-08', value: 3, suppressed: false },
    ]);

    const csv = await http('GET', `${base}/indicators/probation_cases_opened.csv?to=2025-08`, { token: analyst });
    expect(csv.status).toBe(200);
    expect(csv.body).toBe('region,period,value,suppressed\r\nEE-37,2025-08,,true\r\nEE-44,2025-08,3,false\r\n');
  });

  it('stores categories and counts only, nothing that points at a case or a person', async () => {
    const { rows } = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'analytics' AND table_name = 'activity_counts' ORDER BY ordinal_position`);
    expect(rows.map((row) => row.column_name)).toEqual(['indicator', 'region', 'period', 'category', 'value']);
  });

  it.each([
    ['data that breaks the event schema', () => JSON.stringify(cloudEvent(CaseRegistered, randomUUID(), { caseId: randomUUID(), registeredAt: 'soon' } as never)), /region|registeredAt/],
    ['an envelope that is not a CloudEvent', () => JSON.stringify({ type: CaseRegistered.type, data: {} }), /specversion/],
  ])('dead-letters %s with the reason, and goes on counting', async (_, poison, reason) => {
    const key = randomUUID();
    await deliverRaw(eventTopic('case-registry'), poison(), key);
    const { rows } = await db.query(`SELECT headers FROM analytics.outbox WHERE topic = $1 AND message_key = $2`, [deadLetterTopic('analytics'), key]);
    expect(rows).toHaveLength(1);
    expect(rows[0].headers['x-dead-letter-reason']).toMatch(reason);

    const before = (await indicator('cases_registered?region=EE-51')).rows[0]?.value ?? 0;
    await deliver(caseRegistered({ region: 'EE-51', registeredAt: '2025-09-01T10:00:00Z' }));
    expect((await indicator('cases_registered?region=EE-51')).rows).toEqual([{ region: 'EE-51', period: '2025-09', value: before + 1, suppressed: false }]);
  });

  it('describes the JSON and the CSV form of an indicator in its OpenAPI document', async () => {
    const document = (await http('GET', `${services.urls.analytics}/docs-json`)).body;
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/indicators', '/api/v1/indicators/{code}', '/api/v1/indicators/{code}.csv']));
    expect(Object.keys(document.paths['/api/v1/indicators/{code}.csv'].get.responses['200'].content)).toEqual(['text/csv']);
  });

  it.each([
    ['no token', 401, () => ({ path: '/indicators' })],
    ['an expired token', 401, async () => ({ path: '/indicators', token: await services.tokenFor('analyst', { ttlSeconds: -120 }) })],
    ['a wrong role', 403, async () => ({ path: '/indicators/cases_registered', token: await services.tokenFor('prosecutor', { region: 'EE-37' }) })],
    ['another region', 403, async () => ({ path: '/indicators/cases_registered?region=EE-37', token: await services.tokenFor('analyst', { region: 'EE-44' }) })],
    ['another region as CSV', 403, async () => ({ path: '/indicators/cases_registered.csv?region=EE-37', token: await services.tokenFor('analyst', { region: 'EE-44' }) })],
    ['an unknown query parameter', 400, () => ({ path: '/indicators/cases_registered?offence=199-1', token: analyst, field: 'offence' })],
    ['a month that does not exist', 400, () => ({ path: '/indicators/cases_registered?from=2025-13', token: analyst, field: 'from' })],
    ['a month that is not YYYY-MM', 400, () => ({ path: '/indicators/cases_registered?to=March', token: analyst, field: 'to' })],
    ['to before from', 400, () => ({ path: '/indicators/cases_registered?from=2025-05&to=2025-04', token: analyst, field: 'to' })],
    ['a step type on an indicator without one', 400, () => ({ path: '/indicators/cases_registered?stepType=sentence', token: analyst, field: 'stepType' })],
    ['a malformed region', 400, () => ({ path: '/indicators/cases_registered?region=EE%2037', token: analyst, field: 'region' })],
    ['an unknown indicator', 404, () => ({ path: '/indicators/clearance_rate', token: analyst })],
    ['an unknown indicator as CSV', 404, () => ({ path: '/indicators/clearance_rate.csv', token: analyst })],
  ])('answers %s with %i problem+json', async (_, status, request) => {
    const { path, token, field } = (await request()) as { path: string; token?: string; field?: string };
    const response = await http('GET', `${base}${path}`, { token });
    expect(response.status).toBe(status);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, type: expect.stringMatching(/^urn:icjims:problem:/), detail: expect.any(String) });
    if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });
});
