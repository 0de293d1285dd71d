import { AccessRecorded, CaseJoined, CaseTransferred, StepRecorded } from '@icjims/contracts';
import { cloudEvent, http, outboxEvents, publishEvents, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, startProceduralSteps } from '../procedural-steps.fixtures';

describe('the journal: chain, versions, persons, jurisdiction', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startProceduralSteps();
    base = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(() => services.stop());

  const investigationStarted = { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' };
  const record = (caseId: string, body: object, options: { token?: string; headers?: Record<string, string> } = {}) =>
    http('POST', `${base}/cases/${caseId}/steps`, { token: options.token ?? prosecutor, body, headers: options.headers });
  const journalOf = (caseId: string) => http('GET', `${base}/cases/${caseId}/steps`, { token: prosecutor });
  const stepCount = async (caseId: string) => Number((await services.db.query('SELECT count(*) FROM procedural_steps.steps WHERE case_id = $1', [caseId])).rows[0].count);

  it('opens the journal with the registration, as version 1', async () => {
    const caseId = await announceCase(services.bus);
    const journal = await journalOf(caseId);
    expect(journal.body).toMatchObject([{ sequence: 1, stepType: 'registration', recordedBy: 'registering-officer', occurredAt: '2026-11-02T10:00:00.000Z' }]);
    expect(journal.headers.get('etag')).toBe('"1"');
  });

  it('gives one of two concurrent appends with the same expected version a 409', async () => {
    const caseId = await announceCase(services.bus);
    const [first, second] = await Promise.all([
      record(caseId, { ...investigationStarted, expectedVersion: 1 }),
      record(caseId, { ...investigationStarted, expectedVersion: 1 }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    const conflict = [first, second].find((response) => response.status === 409)!;
    expect(conflict.contentType).toContain('application/problem+json');
    expect(conflict.body.detail).toContain('version 2');
    expect(await stepCount(caseId)).toBe(2);
  });

  it('takes the expected version from If-Match and answers with the new ETag', async () => {
    const caseId = await announceCase(services.bus);
    const stale = await record(caseId, investigationStarted, { headers: { 'if-match': '"0"' } });
    expect(stale.status).toBe(409);
    const fresh = await record(caseId, investigationStarted, { headers: { 'if-match': '"1"' } });
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('etag')).toBe('"2"');
  });

  it.each([
    ['an If-Match that is not a version', { 'if-match': 'yesterday' }, {}],
    ['an If-Match that disagrees with expectedVersion', { 'if-match': '"1"' }, { expectedVersion: 2 }],
  ])('refuses %s with 400 naming If-Match', async (_label, headers, body) => {
    const caseId = await announceCase(services.bus);
    const response = await record(caseId, { ...investigationStarted, ...body }, { headers });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['If-Match']);
    expect(await stepCount(caseId)).toBe(1);
  });

  it('keeps occurredAt and recordedAt and shows late recording', async () => {
    const caseId = await announceCase(services.bus);
    const response = await record(caseId, investigationStarted);
    expect(response.body).toMatchObject({ occurredAt: '2026-11-03T08:00:00.000Z', recordedLate: true });
    expect(Date.now() - Date.parse(response.body.recordedAt)).toBeLessThan(60_000);
  });

  it('refuses a person-level step about someone who is not a person of the case', async () => {
    const caseId = await announceCase(services.bus);
    const response = await record(caseId, { stepType: 'detention', occurredAt: '2026-11-03T08:00:00Z', personId: '2f1d7a52-8a4e-4e43-9a8c-3b0e3f6d9a10' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'personId' })]);
  });

  it('accepts a person-level step once case-registry has added the person, and the journal read names them in its access entry', async () => {
    const caseId = await announceCase(services.bus);
    const suspect = await addPerson(services.bus, caseId);
    await record(caseId, investigationStarted);
    const response = await record(caseId, { stepType: 'detention', occurredAt: '2026-11-03T09:00:00Z', personId: suspect });
    expect(response.status).toBe(201);
    await journalOf(caseId);
    const [listed] = (await outboxEvents(services.db, AccessRecorded['procedural-steps'], caseId)).filter((entry) => entry.action === 'list').slice(-1);
    expect(listed).toMatchObject({ outcome: 'allowed', personIds: [suspect] });
  });

  it('hands a transferred case to the new region', async () => {
    const caseId = await announceCase(services.bus);
    await publishEvents(services.bus, cloudEvent(CaseTransferred, caseId, { caseId, fromRegion: 'KG-GB', toRegion: 'KG-C' }));
    expect((await journalOf(caseId)).status).toBe(403);
    const chuy = await services.tokenFor('prosecutor', { region: 'KG-C' });
    expect((await record(caseId, investigationStarted, { token: chuy })).status).toBe(201);
  });

  it('refuses steps on a case joined into another with 409, but takes a correction of its history', async () => {
    const caseId = await announceCase(services.bus);
    const intoCaseId = await announceCase(services.bus);
    const started = await record(caseId, investigationStarted);
    await publishEvents(services.bus, cloudEvent(CaseJoined, caseId, { caseId, region: 'KG-GB', intoCaseId }));
    const response = await record(caseId, { ...investigationStarted, stepType: 'proceedings_suspended', details: { ground: 'other' } });
    expect(response.status).toBe(409);
    expect(response.body.detail).toContain(intoCaseId);
    expect(response.body.detail).toMatch(/\(case-finished\)$/);

    const amended = await record(caseId, {
      stepType: 'correction',
      occurredAt: investigationStarted.occurredAt,
      correction: { correctsStepId: started.body.id, action: 'amend', reason: 'Started an hour earlier', occurredAt: '2026-11-03T07:00:00Z' },
    });
    expect(amended.status).toBe(201);
    expect((await journalOf(caseId)).body.map((step: { stepType: string }) => step.stepType)).toEqual(['registration', 'investigation_started', 'case_joined', 'correction']);
  });

  it('announces each step with its hash-chain position in the outbox', async () => {
    const caseId = await announceCase(services.bus);
    const response = await record(caseId, investigationStarted);
    const { rows } = await services.db.query(`SELECT value FROM procedural_steps.outbox WHERE event_type = $1 AND message_key = $2 ORDER BY position`, [
      StepRecorded.type,
      caseId,
    ]);
    expect(rows.map((row) => JSON.parse(row.value).data)).toEqual([
      expect.objectContaining({ sequence: 1, stepType: 'registration' }),
      expect.objectContaining({ sequence: 2, stepType: 'investigation_started', stepId: response.body.id }),
    ]);
  });

  describe('verification', () => {
    const verify = (caseId: string) => http('GET', `${base}/cases/${caseId}/steps/verification`, { token: prosecutor });

    async function caseWithSteps(): Promise<{ caseId: string; stepIds: string[] }> {
      const caseId = await announceCase(services.bus);
      await record(caseId, investigationStarted);
      await record(caseId, { stepType: 'proceedings_suspended', occurredAt: '2026-11-04T08:00:00Z', details: { ground: 'suspect_absconding' } });
      await record(caseId, { stepType: 'proceedings_resumed', occurredAt: '2026-11-05T08:00:00Z' });
      const { rows } = await services.db.query('SELECT id FROM procedural_steps.steps WHERE case_id = $1 ORDER BY sequence', [caseId]);
      return { caseId, stepIds: rows.map((row) => row.id) };
    }

    /** What someone who can set the triggers aside could do: a superuser, straight in the table. */
    async function tamper(sql: string, params: unknown[]): Promise<void> {
      await services.db.query('ALTER TABLE procedural_steps.steps DISABLE TRIGGER steps_no_update_or_delete');
      try {
        await services.db.query(sql, params);
      } finally {
        await services.db.query('ALTER TABLE procedural_steps.steps ENABLE TRIGGER steps_no_update_or_delete');
      }
    }

    it('finds an intact chain intact', async () => {
      const { caseId } = await caseWithSteps();
      expect((await verify(caseId)).body).toEqual({ valid: true, checked: 4, provenInCheckpoint: 0, awaitingCheckpoint: 4 });
    });

    it('names the step whose stored fields were changed', async () => {
      const { caseId, stepIds } = await caseWithSteps();
      await tamper(`UPDATE procedural_steps.steps SET occurred_at = occurred_at - interval '1 day' WHERE id = $1`, [stepIds[2]]);
      expect((await verify(caseId)).body).toMatchObject({ valid: false, checked: 2, firstBrokenSequence: 3, firstBrokenStepId: stepIds[2], problem: 'chain-broken' });
    });

    it('names the position of a removed step', async () => {
      const { caseId, stepIds } = await caseWithSteps();
      await tamper('DELETE FROM procedural_steps.steps WHERE id = $1', [stepIds[2]]);
      expect((await verify(caseId)).body).toMatchObject({ valid: false, checked: 2, firstBrokenSequence: 3 });
    });

    it('notices the last step cut off the end', async () => {
      const { caseId, stepIds } = await caseWithSteps();
      await tamper('DELETE FROM procedural_steps.steps WHERE id = $1', [stepIds[3]]);
      expect((await verify(caseId)).body).toMatchObject({ valid: false, checked: 3, firstBrokenSequence: 4 });
    });

    it('lets an auditor verify, and refuses another region', async () => {
      const { caseId } = await caseWithSteps();
      const auditor = await services.tokenFor('auditor');
      expect((await http('GET', `${base}/cases/${caseId}/steps/verification`, { token: auditor })).status).toBe(200);
      const chuy = await services.tokenFor('prosecutor', { region: 'KG-C' });
      expect((await http('GET', `${base}/cases/${caseId}/steps/verification`, { token: chuy })).status).toBe(403);
    });
  });
});
