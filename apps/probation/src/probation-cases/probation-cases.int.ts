import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CloudEvent, deadLetterTopic, eventTopic, ProbationCaseOpened, StepRecorded, StepRecordedV1 } from '@icjims/contracts';
import { cloudEvent, eventually, http, RunningServices, startServices } from '@icjims/testing';
import { probationService } from '../probation.service';

/** A StepRecorded event as procedural-steps publishes it; a probation sentence unless overridden. */
function stepRecorded(data: Partial<StepRecordedV1> = {}): CloudEvent<StepRecordedV1> {
  const caseId = data.caseId ?? randomUUID();
  return cloudEvent(StepRecorded, caseId, {
    stepId: randomUUID(),
    caseId,
    region: 'EE-37',
    sequence: 5,
    stepType: 'sentence',
    occurredAt: '2026-01-31T10:00:00Z',
    recordedAt: '2026-01-31T10:00:01Z',
    personId: randomUUID(),
    details: { sentenceType: 'probation', termMonths: 13 },
    ...data,
  });
}

describe('probation', () => {
  let services: RunningServices;
  let db: Client;
  let base: string;
  let officer: string;

  beforeAll(async () => {
    services = await startServices([probationService]);
    base = `${services.urls.probation}/api/v1`;
    officer = await services.tokenFor('probation_officer', { region: 'EE-37' });
    db = services.db;
  });
  afterAll(() => services?.stop());

  const deliver = (value: CloudEvent<unknown> | string, key: string = randomUUID()) =>
    services.bus.publish([{ topic: eventTopic('procedural-steps'), key, value: typeof value === 'string' ? value : JSON.stringify(value), headers: {} }]);

  const probationCasesOf = async (caseId: string) => (await http('GET', `${base}/probation-cases?caseId=${caseId}`, { token: officer })).body;

  const openedEventsOf = async (caseId: string) =>
    (await db.query(`SELECT value FROM probation.outbox WHERE event_type = $1 AND message_key = $2`, [ProbationCaseOpened.type, caseId])).rows.map(
      (row) => JSON.parse(row.value),
    );

  const deadLetters = async () =>
    (await db.query(`SELECT message_key, value, headers FROM probation.outbox WHERE topic = $1 ORDER BY position`, [deadLetterTopic('probation')])).rows;

  describe('on a probation sentence', () => {
    it('opens a probation case from the day of the sentence to its end, and announces it', async () => {
      const event = stepRecorded();
      await deliver(event, event.subject);

      const listed = await probationCasesOf(event.data.caseId);
      expect(listed).toEqual([
        {
          id: expect.any(String),
          caseId: event.data.caseId,
          region: 'EE-37',
          sourceStepId: event.data.stepId,
          personId: event.data.personId,
          termMonths: 13,
          startsOn: '2026-01-31',
          endsOn: '2027-02-28',
          status: 'active',
          openedAt: expect.any(String),
        },
      ]);
      const read = await http('GET', `${base}/probation-cases/${listed[0].id}`, { token: officer });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(listed[0]);

      const [opened] = await openedEventsOf(event.data.caseId);
      expect(opened).toMatchObject({
        type: 'icjims.probation.probation-case.opened.v1',
        subject: event.data.caseId,
        correlationid: event.correlationid,
        data: { probationCaseId: listed[0].id, sourceStepId: event.data.stepId, termMonths: 13, startsOn: '2026-01-31', region: 'EE-37' },
      });
    });

    it('opens only one probation case when the event is delivered again', async () => {
      const event = stepRecorded();
      await deliver(event);
      await deliver(event);
      expect(await probationCasesOf(event.data.caseId)).toHaveLength(1);
      expect(await openedEventsOf(event.data.caseId)).toHaveLength(1);
    });

    it('opens only one probation case when the same step is replayed under a new event id', async () => {
      const event = stepRecorded();
      await deliver(event);
      await deliver({ ...event, id: randomUUID() });
      expect(await probationCasesOf(event.data.caseId)).toHaveLength(1);
      expect(await openedEventsOf(event.data.caseId)).toHaveLength(1);
    });
  });

  it.each([
    ['an imprisonment sentence', { details: { sentenceType: 'imprisonment', termMonths: 24 } }],
    ['another step type', { stepType: 'indictment', details: {} }],
  ])('ignores %s', async (_, data) => {
    const event = stepRecorded(data);
    await deliver(event);
    expect(await probationCasesOf(event.data.caseId)).toEqual([]);
    const inbox = await db.query(`SELECT outcome FROM probation.inbox WHERE event_id = $1`, [event.id]);
    expect(inbox.rows).toEqual([{ outcome: 'processed' }]);
  });

  describe('poison messages', () => {
    it.each([
      ['a probation sentence without a term', () => stepRecorded({ details: { sentenceType: 'probation' } }), /termMonths/],
      ['a probation sentence with a fractional term', () => stepRecorded({ details: { sentenceType: 'probation', termMonths: 1.5 } }), /termMonths/],
      ['data that breaks the event schema', () => stepRecorded({ caseId: 'not-a-uuid' }), /caseId/],
      ['a message that is not JSON', () => '{"specversion": "1.0", ', /not JSON/],
    ])('dead-letters %s with the reason, and goes on with the next event', async (_, poison, reason) => {
      const key = randomUUID();
      const before = (await deadLetters()).length;
      await deliver(poison(), key);

      const letters = await deadLetters();
      expect(letters).toHaveLength(before + 1);
      expect(letters.at(-1)).toMatchObject({ message_key: key });
      expect(letters.at(-1).headers['x-dead-letter-reason']).toMatch(reason);
      expect(letters.at(-1).headers['x-dead-letter-source-topic']).toBe(eventTopic('procedural-steps'));

      const next = stepRecorded();
      await deliver(next);
      expect(await probationCasesOf(next.data.caseId)).toHaveLength(1);
    });

    it('records a dead-lettered event in the inbox, so a redelivery is not dead-lettered twice', async () => {
      const poison = stepRecorded({ details: { sentenceType: 'probation', termMonths: 0 } });
      await deliver(poison);
      const count = (await deadLetters()).length;
      await deliver(poison);
      expect(await deadLetters()).toHaveLength(count);
      const inbox = await db.query(`SELECT outcome FROM probation.inbox WHERE event_id = $1`, [poison.id]);
      expect(inbox.rows).toEqual([{ outcome: 'dead-lettered' }]);
    });
  });

  describe('reading', () => {
    let harju: CloudEvent<StepRecordedV1>;
    let idaViru: CloudEvent<StepRecordedV1>;
    let idaViruCaseId: string;

    beforeAll(async () => {
      harju = stepRecorded({ occurredAt: '2026-02-01T09:00:00Z' });
      idaViru = stepRecorded({ region: 'EE-44' });
      await deliver(harju);
      await deliver(idaViru);
      const admin = await services.tokenFor('admin');
      idaViruCaseId = (await http('GET', `${base}/probation-cases?caseId=${idaViru.data.caseId}`, { token: admin })).body[0].id;
    });

    it('lists only the caller’s region, and every region for a national admin', async () => {
      const own = await http('GET', `${base}/probation-cases?limit=100`, { token: officer });
      expect(own.body.length).toBeGreaterThan(0);
      expect(own.body.every((item: { region: string }) => item.region === 'EE-37')).toBe(true);
      expect(own.body.map((item: { caseId: string }) => item.caseId)).toContain(harju.data.caseId);

      const all = await http('GET', `${base}/probation-cases?limit=100`, { token: await services.tokenFor('admin') });
      expect(all.body.map((item: { region: string }) => item.region)).toEqual(expect.arrayContaining(['EE-37', 'EE-44']));
    });

    it('lists newest first, up to the limit, filtered by status', async () => {
      const two = await http('GET', `${base}/probation-cases?limit=2&status=active`, { token: officer });
      expect(two.status).toBe(200);
      expect(two.body).toHaveLength(2);
      expect(two.body[0].openedAt >= two.body[1].openedAt).toBe(true);
      expect((await http('GET', `${base}/probation-cases?status=revoked`, { token: officer })).body).toEqual([]);
    });

    it('reads one probation case of another region for a national admin', async () => {
      const read = await http('GET', `${base}/probation-cases/${idaViruCaseId}`, { token: await services.tokenFor('admin') });
      expect(read.status).toBe(200);
      expect(read.body.region).toBe('EE-44');
    });

    it.each([
      ['no token', 401, () => ({ path: '/probation-cases' })],
      ['an expired token', 401, async () => ({ path: '/probation-cases', token: await services.tokenFor('probation_officer', { region: 'EE-37', ttlSeconds: -120 }) })],
      ['a token signed by another key', 401, async () => ({ path: '/probation-cases', token: `${officer.slice(0, -4)}AAAA` })],
      ['a wrong role', 403, async () => ({ path: '/probation-cases', token: await services.tokenFor('prosecutor', { region: 'EE-37' }) })],
      ['a probation officer without a region', 403, async () => ({ path: '/probation-cases', token: await services.tokenFor('probation_officer') })],
      ['a probation case of another region', 403, () => ({ path: `/probation-cases/${idaViruCaseId}`, token: officer })],
      ['an unknown query parameter', 400, () => ({ path: '/probation-cases?region=EE-44', token: officer, field: 'region' })],
      ['a caseId that is not a UUID', 400, () => ({ path: '/probation-cases?caseId=42', token: officer, field: 'caseId' })],
      ['an unknown status', 400, () => ({ path: '/probation-cases?status=closed', token: officer, field: 'status' })],
      ['a limit of 0', 400, () => ({ path: '/probation-cases?limit=0', token: officer, field: 'limit' })],
      ['a limit over 100', 400, () => ({ path: '/probation-cases?limit=101', token: officer, field: 'limit' })],
      ['a limit that is not a number', 400, () => ({ path: '/probation-cases?limit=ten', token: officer, field: 'limit' })],
      ['a repeated limit', 400, () => ({ path: '/probation-cases?limit=1&limit=2', token: officer, field: 'limit' })],
      ['an id that is not a UUID', 400, () => ({ path: '/probation-cases/42', token: officer, field: 'probationCaseId' })],
      ['an unknown probation case', 404, () => ({ path: `/probation-cases/${randomUUID()}`, token: officer })],
    ])('answers %s with %i problem+json', async (_, status, request) => {
      const { path, token, field } = (await request()) as { path: string; token?: string; field?: string };
      const response = await http('GET', `${base}${path}`, { token });
      expect(response.status).toBe(status);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status, type: expect.stringMatching(/^urn:icjims:problem:/), detail: expect.any(String) });
      if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('records a denied read in the access trail', async () => {
      const response = await http('GET', `${base}/probation-cases/${idaViruCaseId}`, { token: officer, headers: { 'x-correlation-id': 'denied-read-1' } });
      expect(response.status).toBe(403);
      const trail = await eventually(async () => {
        const { rows } = await db.query(`SELECT value FROM probation.outbox WHERE event_type = 'icjims.probation.access.recorded.v1' AND value LIKE '%denied-read-1%'`);
        return rows[0] ? JSON.parse(rows[0].value) : undefined;
      });
      expect(trail.data).toMatchObject({
        action: 'read',
        resourceType: 'probation-case',
        resourceId: idaViruCaseId,
        outcome: 'denied',
        status: 403,
        actor: { sub: 'test-probation_officer', roles: ['probation_officer'], region: 'EE-37' },
      });
    });
  });
});
