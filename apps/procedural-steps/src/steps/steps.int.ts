import { randomUUID } from 'node:crypto';
import { CaseRegistered, PersonAddedToCase } from '@icjims/contracts';
import { cloudEvent, http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { proceduralStepsService } from '../procedural-steps.service';

describe('procedural journal over HTTP', () => {
  let services: RunningServices;
  let steps: string;
  let prosecutor: string;
  let caseId: string;
  const convict = '2f1d7a52-8a4e-4e43-9a8c-3b0e3f6d9a10';

  beforeAll(async () => {
    services = await startServices([proceduralStepsService]);
    steps = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'EE-37' });
    caseId = randomUUID();
    // As case-registry would announce it; the in-process bus delivers before publish resolves.
    await publishEvents(
      services.bus,
      cloudEvent(CaseRegistered, caseId, {
        caseId,
        caseNumber: 'EE-37-2026-000001',
        region: 'EE-37',
        offence: { article: '199-1', iccsCode: '0502', severity: 'medium' },
        receivedAt: '2026-11-02T10:00:00Z',
        registeredAt: '2026-11-02T10:00:00Z',
      }),
      cloudEvent(PersonAddedToCase, caseId, {
        caseId, region: 'EE-37', personId: convict, role: 'suspect', sex: 'male', ageBand: '25_34', juvenile: false, citizenshipGroup: 'national',
      }),
    );
  });
  afterAll(() => services.stop());

  const record = (body: unknown, token = prosecutor, id = caseId) => http('POST', `${steps}/cases/${id}/steps`, { token, body });

  it('appends steps in order once the registration has arrived', async () => {
    const first = await record({ stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
    const second = await record({
      stepType: 'sentence',
      occurredAt: '2026-11-10T08:00:00Z',
      personId: convict,
      details: { sentenceType: 'probation', termMonths: 18 },
    });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.sequence).toBe(first.body.sequence + 1);
    const journal = await http('GET', `${steps}/cases/${caseId}/steps`, { token: prosecutor });
    expect(journal.body.map((step: { stepType: string }) => step.stepType)).toEqual(['registration', 'investigation_started', 'sentence']);
  });

  it('refuses a step for an unknown case with 404 problem+json', async () => {
    const response = await record({ stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' }, prosecutor, '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01');
    expect(response.status).toBe(404);
    expect(response.contentType).toContain('application/problem+json');
  });

  it.each([
    ['an unknown step type', { stepType: 'pardon', occurredAt: '2026-11-03T08:00:00Z' }, 'stepType'],
    ['a missing occurredAt', { stepType: 'investigation_started' }, 'occurredAt'],
    ['a future occurredAt', { stepType: 'investigation_started', occurredAt: '2999-01-01T00:00:00Z' }, 'occurredAt'],
    ['an occurredAt before the report', { stepType: 'investigation_started', occurredAt: '2026-11-01T00:00:00Z' }, 'occurredAt'],
    ['an unknown enum value in details', { stepType: 'verdict', occurredAt: '2026-11-05T00:00:00Z', details: { outcome: 'pardon' } }, 'details.outcome'],
    ['a wrongly typed detail', { stepType: 'sentence', occurredAt: '2026-11-05T00:00:00Z', details: { sentenceType: 'fine', termMonths: 'six' } }, 'details.termMonths'],
    ['an extra field', { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z', note: 'x' }, 'note'],
  ])('refuses %s with 400 naming the field and writes nothing', async (_label, body, field) => {
    const before = await http('GET', `${steps}/cases/${caseId}/steps`, { token: prosecutor });
    const response = await record(body);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    const after = await http('GET', `${steps}/cases/${caseId}/steps`, { token: prosecutor });
    expect(after.body).toHaveLength(before.body.length);
  });

  it('refuses another region’s case with 403', async () => {
    const tartu = await services.tokenFor('prosecutor', { region: 'EE-78' });
    const response = await record({ stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' }, tartu);
    expect(response.status).toBe(403);
  });

  it('refuses a step type the role may not record with 403', async () => {
    const investigator = await services.tokenFor('investigator', { region: 'EE-37' });
    const response = await record({ stepType: 'indictment', occurredAt: '2026-11-03T08:00:00Z' }, investigator);
    expect(response.status).toBe(403);
  });

  it('keeps steps append-only in the database itself', async () => {
    await expect(services.db.query(`UPDATE procedural_steps.steps SET step_type = 'case_closed'`)).rejects.toThrow(/append-only/);
    await expect(services.db.query(`DELETE FROM procedural_steps.steps`)).rejects.toThrow(/append-only/);
    await expect(services.db.query(`TRUNCATE procedural_steps.steps CASCADE`)).rejects.toThrow(/append-only/);
  });
});
