import { CaseStatusChanged, PersonRemovedFromCase, StepCorrected, StepRecorded } from '@icjims/contracts';
import { cloudEvent, http, outboxEvents, publishEvents, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, at, journalWrites, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';

describe('recording steps over HTTP: legal order, bad input, append-only', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startProceduralSteps();
    base = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(() => services.stop());

  const record = (caseId: string, body: unknown, token = prosecutor, headers?: Record<string, string>) =>
    http('POST', `${base}/cases/${caseId}/steps`, { token, body, headers });
  const written = (caseId: string) => journalWrites(services.db, caseId);

  /** A case in court with one accused person. */
  async function caseInCourt(): Promise<{ caseId: string; accused: string }> {
    const caseId = await announceCase(services.bus);
    const accused = await addPerson(services.bus, caseId);
    for (const body of [
      { stepType: 'investigation_started', occurredAt: at(3) },
      { stepType: 'suspicion_notified', occurredAt: at(4), personId: accused, details: { offenceArticle: '209-1' } },
      { stepType: 'indictment', occurredAt: at(10) },
    ]) {
      await recordStep({ base, token: prosecutor }, caseId, body);
    }
    return { caseId, accused };
  }

  it('follows a case from registration to a probation sentence and announces each status', async () => {
    const { caseId, accused } = await caseInCourt();
    expect((await record(caseId, { stepType: 'verdict', occurredAt: at(12), personId: accused, details: { outcome: 'conviction' } })).status).toBe(201);
    const sentence = await record(caseId, { stepType: 'sentence', occurredAt: at(12, 10), personId: accused, details: { sentenceType: 'probation', termMonths: 18 } });
    expect(sentence.status).toBe(201);
    expect((await outboxEvents(services.db, CaseStatusChanged, caseId)).map((event) => [event.previousStatus, event.status])).toEqual([
      ['registered', 'under_investigation'],
      ['under_investigation', 'in_court'],
      ['in_court', 'decided'],
    ]);
    expect((await outboxEvents(services.db, StepRecorded, caseId)).map((event) => event.stepType)).toEqual([
      'registration', 'investigation_started', 'suspicion_notified', 'indictment', 'verdict', 'sentence',
    ]);
  });

  it.each([
    ['a sentence without a verdict', 422, (accused: string) => ({ stepType: 'sentence', occurredAt: at(12), personId: accused, details: { sentenceType: 'fine', fineAmount: 500 } })],
    ['a release of a person who is not detained', 409, (accused: string) => ({ stepType: 'release_from_detention', occurredAt: at(12), personId: accused })],
    ['a second indictment', 409, () => ({ stepType: 'indictment', occurredAt: at(12) })],
    ['a step that happened before the status it depends on', 422, () => ({ stepType: 'court_hearing', occurredAt: at(9) })],
  ])('refuses %s with %i problem+json saying why, and writes nothing', async (_label, status, body) => {
    const { caseId, accused } = await caseInCourt();
    const before = await written(caseId);
    const response = await record(caseId, body(accused));
    expect(response.status).toBe(status);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.detail).toMatch(/\(([a-z-]+)\)$/);
    expect(await written(caseId)).toEqual(before);
  });

  it('allows nothing after closure but a correction', async () => {
    const caseId = await announceCase(services.bus);
    await record(caseId, { stepType: 'proceedings_terminated', occurredAt: at(3), details: { ground: 'death_of_suspect' } });
    const closure = await record(caseId, { stepType: 'case_closed', occurredAt: at(4) });
    expect((await record(caseId, { stepType: 'investigation_started', occurredAt: at(5) })).status).toBe(409);
    const reopening = await record(caseId, {
      stepType: 'correction',
      occurredAt: at(5),
      correction: { correctsStepId: closure.body.id, action: 'annul', reason: 'closed by mistake' },
    });
    expect(reopening.status).toBe(201);
    expect((await outboxEvents(services.db, CaseStatusChanged, caseId)).at(-1)).toMatchObject({ previousStatus: 'closed', status: 'terminated' });
  });

  it('announces what a corrected step now stands as, every correction so far applied, without the reason', async () => {
    const { caseId, accused } = await caseInCourt();
    await record(caseId, { stepType: 'verdict', occurredAt: at(12), personId: accused, details: { outcome: 'conviction' } });
    const sentence = await record(caseId, { stepType: 'sentence', occurredAt: at(12, 10), personId: accused, details: { sentenceType: 'probation', termMonths: 18 } });
    const correct = (correction: Record<string, unknown>) =>
      record(caseId, { stepType: 'correction', occurredAt: at(13), correction: { correctsStepId: sentence.body.id, reason: 'Mr Tamm misread the judgment', ...correction } });
    const longer = await correct({ action: 'amend', details: { sentenceType: 'probation', termMonths: 24 } });
    const earlier = await correct({ action: 'amend', occurredAt: at(12, 9) });
    const annulled = await correct({ action: 'annul' });
    expect([longer.status, earlier.status, annulled.status]).toEqual([201, 201, 201]);

    const announced = await outboxEvents(services.db, StepCorrected, caseId);
    const common = { caseId, region: 'KG-GB', correctedStepId: sentence.body.id, stepType: 'sentence' };
    expect(announced).toEqual([
      { ...common, correctionStepId: longer.body.id, action: 'amend', standsAs: { occurredAt: '2026-11-12T10:00:00.000Z', personId: accused, details: { sentenceType: 'probation', termMonths: 24 } } },
      { ...common, correctionStepId: earlier.body.id, action: 'amend', standsAs: { occurredAt: '2026-11-12T09:00:00.000Z', personId: accused, details: { sentenceType: 'probation', termMonths: 24 } } },
      { ...common, correctionStepId: annulled.body.id, action: 'annul' },
    ]);
    const published = (await outboxEvents(services.db, StepRecorded, caseId)).filter((event) => event.stepType === 'correction');
    expect(published).toHaveLength(3);
    expect(JSON.stringify(published)).not.toContain('Tamm');
    expect(published[0]).toMatchObject({ correctsStepId: sentence.body.id, details: { action: 'amend', replacesDetails: true, 'details.termMonths': 24 } });
  });

  it('lets a person split off the case be released there, and nothing else', async () => {
    const caseId = await announceCase(services.bus);
    const detained = await addPerson(services.bus, caseId);
    await record(caseId, { stepType: 'investigation_started', occurredAt: at(3) });
    expect((await record(caseId, { stepType: 'detention', occurredAt: at(4), personId: detained, details: { ground: 'caught_in_the_act' } })).status).toBe(201);
    await publishEvents(services.bus, cloudEvent(PersonRemovedFromCase, caseId, { caseId, region: 'KG-GB', personId: detained, role: 'suspect', reason: 'split' }));

    const notified = await record(caseId, { stepType: 'suspicion_notified', occurredAt: at(4, 10), personId: detained, details: { offenceArticle: '209-1' } });
    expect(notified.status).toBe(400);
    expect(notified.body.errors).toEqual([expect.objectContaining({ field: 'personId' })]);
    const release = await record(caseId, { stepType: 'release_from_detention', occurredAt: at(4, 11), personId: detained, details: { ground: 'grounds_ceased' } });
    expect(release.status).toBe(201);
    const { rows } = await services.db.query(`SELECT stopped_by_step_id FROM procedural_steps.deadlines WHERE case_id = $1 AND rule_code = 'detention_court_decision'`, [caseId]);
    expect(rows).toEqual([{ stopped_by_step_id: release.body.id }]);
  });

  it('refuses recording a system step over the API', async () => {
    const caseId = await announceCase(services.bus);
    const response = await record(caseId, { stepType: 'registration', occurredAt: at(3) });
    expect(response.status).toBe(422);
  });

  describe('bad input', () => {
    let caseId: string;
    let suspect: string;

    beforeAll(async () => {
      caseId = await announceCase(services.bus);
      suspect = await addPerson(services.bus, caseId);
      await record(caseId, { stepType: 'investigation_started', occurredAt: at(3) });
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an unknown step type', { stepType: 'pardon', occurredAt: at(4) }, 'stepType'],
      ['a missing stepType', { occurredAt: at(4) }, 'stepType'],
      ['a missing occurredAt', { stepType: 'proceedings_suspended', details: { ground: 'other' } }, 'occurredAt'],
      ['an occurredAt that is not a date', { stepType: 'proceedings_suspended', occurredAt: 'yesterday', details: { ground: 'other' } }, 'occurredAt'],
      ['an occurredAt without an offset', { stepType: 'proceedings_suspended', occurredAt: '2026-11-05T09:00:00', details: { ground: 'other' } }, 'occurredAt'],
      ['an occurredAt that is a bare date', { stepType: 'proceedings_suspended', occurredAt: '2026-11-05', details: { ground: 'other' } }, 'occurredAt'],
      ['a future occurredAt', { stepType: 'proceedings_suspended', occurredAt: '2999-01-01T00:00:00Z', details: { ground: 'other' } }, 'occurredAt'],
      ['an occurredAt before the report', { stepType: 'proceedings_suspended', occurredAt: '2026-11-01T00:00:00Z', details: { ground: 'other' } }, 'occurredAt'],
      ['a missing required detail', { stepType: 'proceedings_suspended', occurredAt: at(4) }, 'details.ground'],
      ['an unknown enum value in details', { stepType: 'proceedings_suspended', occurredAt: at(4), details: { ground: 'bored' } }, 'details.ground'],
      ['a wrongly typed detail', { stepType: 'suspicion_notified', occurredAt: at(4), personId: 'SUSPECT', details: { offenceArticle: 199 } }, 'details.offenceArticle'],
      ['a detail over its length', { stepType: 'suspicion_notified', occurredAt: at(4), personId: 'SUSPECT', details: { offenceArticle: 'x'.repeat(33) } }, 'details.offenceArticle'],
      ['a field the step type does not have', { stepType: 'proceedings_resumed', occurredAt: at(4), details: { court: 'Bishkek' } }, 'details.court'],
      ['a person-level step without its person', { stepType: 'detention', occurredAt: at(4) }, 'personId'],
      ['a person on a case-level step', { stepType: 'proceedings_suspended', occurredAt: at(4), personId: 'SUSPECT', details: { ground: 'other' } }, 'personId'],
      ['a personId that is not a UUID', { stepType: 'detention', occurredAt: at(4), personId: 'Jaan Tamm' }, 'personId'],
      ['details that are not an object', { stepType: 'proceedings_suspended', occurredAt: at(4), details: 'other' }, 'details'],
      ['an expectedVersion that is not a number', { stepType: 'proceedings_suspended', occurredAt: at(4), details: { ground: 'other' }, expectedVersion: 'latest' }, 'expectedVersion'],
      ['a correction on another step type', { stepType: 'proceedings_resumed', occurredAt: at(4), correction: { correctsStepId: '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01', action: 'annul', reason: 'x' } }, 'correction'],
      ['a correction step without its correction', { stepType: 'correction', occurredAt: at(4) }, 'correction'],
      ['a correction of a step of another case', { stepType: 'correction', occurredAt: at(4), correction: { correctsStepId: '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01', action: 'annul', reason: 'x' } }, 'correction.correctsStepId'],
      ['a correction with an unknown action', { stepType: 'correction', occurredAt: at(4), correction: { correctsStepId: '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01', action: 'erase', reason: 'x' } }, 'correction.action'],
      ['a correction reason over 1000 characters', { stepType: 'correction', occurredAt: at(4), correction: { correctsStepId: '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01', action: 'annul', reason: 'x'.repeat(1001) } }, 'correction.reason'],
      ['an extra field', { stepType: 'proceedings_resumed', occurredAt: at(4), note: 'x' }, 'note'],
    ])('refuses %s with 400 naming the field and writes nothing', async (_label, body, field) => {
      const before = await written(caseId);
      const withPerson = JSON.parse(JSON.stringify(body).replace('"SUSPECT"', JSON.stringify(suspect)));
      const response = await record(caseId, withPerson);
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(await written(caseId)).toEqual(before);
    });

    it.each([
      ['no token', async () => undefined, 401],
      ['an expired token', async () => services.tokenFor('prosecutor', { region: 'KG-GB', ttlSeconds: -120 }), 401],
      ['a role that may not record steps', async () => services.tokenFor('probation_officer', { region: 'KG-GB' }), 403],
      ['a role that may not record this step type', async () => services.tokenFor('investigator', { region: 'KG-GB' }), 403],
      ['another region', async () => services.tokenFor('prosecutor', { region: 'KG-C' }), 403],
    ])('refuses %s and writes nothing', async (_label, token, status) => {
      const before = await written(caseId);
      const body = { stepType: 'proceedings_suspended', occurredAt: at(4), details: { ground: 'other' } };
      const response = await http('POST', `${base}/cases/${caseId}/steps`, { token: await token(), body });
      expect(response.status).toBe(status);
      expect(response.contentType).toContain('application/problem+json');
      expect(await written(caseId)).toEqual(before);
    });

    it('refuses an unknown case with 404 and a malformed case id with 400', async () => {
      expect((await record('7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01', { stepType: 'investigation_started', occurredAt: at(3) })).status).toBe(404);
      const malformed = await record('not-a-uuid', { stepType: 'investigation_started', occurredAt: at(3) });
      expect(malformed.body.errors).toEqual([{ field: 'caseId', reason: 'caseId must be a UUID' }]);
    });
  });

  describe('a replayed POST with the same Idempotency-Key', () => {
    it('answers with the first response and records nothing new', async () => {
      const caseId = await announceCase(services.bus);
      const body = { stepType: 'investigation_started', occurredAt: at(3) };
      const first = await record(caseId, body, prosecutor, { 'idempotency-key': 'journal-test-1' });
      const before = await written(caseId);
      const repeat = await record(caseId, body, prosecutor, { 'idempotency-key': 'journal-test-1' });
      expect(repeat.status).toBe(201);
      expect(repeat.body).toEqual(first.body);
      expect(repeat.headers.get('idempotent-replayed')).toBe('true');
      expect(await written(caseId)).toEqual(before);
    });

    it('refuses the same key with a different body', async () => {
      const caseId = await announceCase(services.bus);
      await record(caseId, { stepType: 'investigation_started', occurredAt: at(3) }, prosecutor, { 'idempotency-key': 'journal-test-2' });
      const other = await record(caseId, { stepType: 'investigation_started', occurredAt: at(4) }, prosecutor, { 'idempotency-key': 'journal-test-2' });
      expect(other.status).toBe(422);
      expect(other.body.type).toContain('idempotency-key-reused');
    });
  });

  describe('append-only in the database', () => {
    it('refuses UPDATE, DELETE and TRUNCATE of steps to the service’s own database role', async () => {
      const asService = services.dbAsService('procedural-steps');
      await expect(asService.query(`UPDATE steps SET step_type = 'case_closed'`)).rejects.toThrow(/permission denied/);
      await expect(asService.query(`DELETE FROM steps`)).rejects.toThrow(/permission denied/);
      await expect(asService.query(`TRUNCATE steps CASCADE`)).rejects.toThrow(/permission denied/);
    });

    it('refuses them to the owner too, by trigger', async () => {
      await expect(services.db.query(`UPDATE procedural_steps.steps SET step_type = 'case_closed'`)).rejects.toThrow(/append-only/);
      await expect(services.db.query(`DELETE FROM procedural_steps.steps`)).rejects.toThrow(/append-only/);
      await expect(services.db.query(`TRUNCATE procedural_steps.steps CASCADE`)).rejects.toThrow(/append-only/);
    });
  });
});
