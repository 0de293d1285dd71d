import { AccessRecorded } from '@icjims/contracts';
import { http, outboxEvents, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, startProceduralSteps } from '../procedural-steps.fixtures';

describe('a case’s timeline', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;
  let caseId: string;
  let suspect: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    services = await startProceduralSteps();
    base = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    caseId = await announceCase(services.bus, { caseNumber: 'KG-GB-2026-000777' });
    suspect = await addPerson(services.bus, caseId);
    const record = async (name: string, body: object) => {
      const response = await http('POST', `${base}/cases/${caseId}/steps`, { token: prosecutor, body });
      if (response.status !== 201) throw new Error(`${name}: ${response.status} ${JSON.stringify(response.body)}`);
      ids[name] = response.body.id;
    };
    await record('investigation', { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
    await record('suspicion', { stepType: 'suspicion_notified', occurredAt: '2026-11-04T08:00:00Z', personId: suspect, details: { offenceArticle: '209-1' } });
    await record('detention', { stepType: 'detention', occurredAt: '2026-11-04T09:00:00Z', personId: suspect });
    await record('amendment', {
      stepType: 'correction',
      occurredAt: '2026-11-04T12:00:00Z',
      correction: { correctsStepId: ids.suspicion, action: 'amend', details: { offenceArticle: '130' }, reason: 'serious harm, not fraud <b>' },
    });
    await record('annulment', { stepType: 'correction', occurredAt: '2026-11-04T13:00:00Z', correction: { correctsStepId: ids.detention, action: 'annul', reason: 'entered in the wrong case' } });
  });
  afterAll(() => services.stop());

  it('lists every step in order with what corrections did to it', async () => {
    const response = await http('GET', `${base}/cases/${caseId}/timeline`, { token: prosecutor, purpose: 'investigation' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ caseNumber: 'KG-GB-2026-000777', status: 'under_investigation', version: 6, integrity: { valid: true, checked: 6 } });
    const standing = response.body.entries.map((entry: { step: { stepType: string }; standing: string }) => [entry.step.stepType, entry.standing]);
    expect(standing).toEqual([
      ['registration', 'in_effect'],
      ['investigation_started', 'in_effect'],
      ['suspicion_notified', 'amended'],
      ['detention', 'annulled'],
      ['correction', 'in_effect'],
      ['correction', 'in_effect'],
    ]);
    const suspicion = response.body.entries[2];
    expect(suspicion.step.details).toEqual({ offenceArticle: '209-1' }); // as recorded, never changed
    expect(suspicion.effective.details).toEqual({ offenceArticle: '130' });
    expect(suspicion.correctedBy).toEqual([expect.objectContaining({ stepId: ids.amendment, action: 'amend', reason: 'serious harm, not fraud <b>' })]);
    expect(response.body.entries[3]).toMatchObject({ effective: null, correctedBy: [expect.objectContaining({ action: 'annul' })] });
  });

  it('prints as an HTML document with every value escaped', async () => {
    const response = await fetch(`${base}/cases/${caseId}/timeline/document`, {
      headers: { authorization: `Bearer ${prosecutor}`, 'x-purpose': 'court_preparation', 'accept-language': 'en' },
    });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('Procedural journal of case KG-GB-2026-000777');
    expect(html).toContain('<tr class="annulled">');
    expect(html).toContain('serious harm, not fraud &lt;b&gt;');
    expect(html).not.toContain('<b>');
  });

  it('records why it was consulted and the persons it names', async () => {
    await http('GET', `${base}/cases/${caseId}/timeline`, { token: prosecutor, purpose: 'investigation' });
    const [access] = (await outboxEvents(services.db, AccessRecorded['procedural-steps'], caseId)).filter((entry) => entry.resourceType === 'timeline').slice(-1);
    expect(access).toMatchObject({ action: 'read', outcome: 'allowed', purpose: 'investigation', personIds: [suspect] });
  });

  it.each([
    ['the timeline', 'timeline'],
    ['the printable document', 'timeline/document'],
  ])('refuses %s without a purpose, naming X-Purpose', async (_label, path) => {
    const response = await http('GET', `${base}/cases/${caseId}/${path}`, { token: prosecutor });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['X-Purpose']);
  });

  it('refuses another region and an unknown case', async () => {
    const chuy = await services.tokenFor('prosecutor', { region: 'KG-C' });
    expect((await http('GET', `${base}/cases/${caseId}/timeline`, { token: chuy, purpose: 'investigation' })).status).toBe(403);
    expect((await http('GET', `${base}/cases/7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01/timeline/document`, { token: prosecutor, purpose: 'investigation' })).status).toBe(404);
  });
});
