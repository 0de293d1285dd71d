import { jurisdictionOf, JurisdictionPack } from '@icjims/jurisdiction';
import { http, RunningServices } from '@icjims/testing';
import { announceCase, FIXTURE_JURISDICTION, startProceduralSteps } from '../procedural-steps.fixtures';

const DAY = 86_400_000;

/** A step is late past the pack's recording term of steps, not past a term of the code's own. */
describe('the pack’s recording term of steps', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;

  beforeAll(async () => {
    const pack = structuredClone(FIXTURE_JURISDICTION.pack) as JurisdictionPack;
    pack.recordingTerms.step = { term: { amount: 3, unit: 'months' } };
    services = await startProceduralSteps({ jurisdiction: jurisdictionOf(pack, 'a pack with a recording term of 3 months') });
    base = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(() => services.stop());

  it('flags a step late only past the term, alike when recorded, in the journal and in the timeline', async () => {
    const recordedLate = async (occurredAt: string) => {
      const caseId = await announceCase(services.bus, { receivedAt: '2025-01-10T09:00:00Z', registeredAt: '2025-01-10T10:00:00Z' });
      const recorded = await http('POST', `${base}/cases/${caseId}/steps`, { token: prosecutor, body: { stepType: 'investigation_started', occurredAt } });
      expect(recorded.status).toBe(201);
      const journal = await http<{ recordedLate: boolean }[]>('GET', `${base}/cases/${caseId}/steps`, { token: prosecutor });
      const timeline = await http<{ entries: { step: { recordedLate: boolean } }[] }>('GET', `${base}/cases/${caseId}/timeline`, { token: prosecutor, purpose: 'investigation' });
      return [recorded.body.recordedLate, journal.body[1].recordedLate, timeline.body.entries[1].step.recordedLate];
    };
    // Forty days after it happened: late under the shipped packs' 24 hours, on time under 3 months.
    expect(await recordedLate(new Date(Date.now() - 40 * DAY).toISOString())).toEqual([false, false, false]);
    expect(await recordedLate(new Date(Date.now() - 120 * DAY).toISOString())).toEqual([true, true, true]);
  });
});
