import { loadJurisdiction } from '@icjims/jurisdiction';
import { http, RunningServices } from '@icjims/testing';
import { addPerson, ALWAYS, announceCase, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';
import type { DeadlineRule } from './deadline-rules';
import { DeadlineDto, DeadlinePageDto } from './dto/deadline.dto';

/**
 * Terms count in the pack's zone (KG: Asia/Bishkek, UTC+6): hours are exact, days and months
 * follow the local calendar, and the deadline lists give the local date a deadline falls on.
 */
describe('deadlines in the jurisdiction’s time zone', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;
  let admin: string;

  beforeAll(async () => {
    services = await startProceduralSteps({ jurisdiction: loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' }) });
    base = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    admin = await services.tokenFor('admin', { sub: 'national-admin' });
  });
  afterAll(() => services.stop());

  const record = (caseId: string, body: object) => recordStep({ base, token: prosecutor }, caseId, body);
  async function openCase(): Promise<{ caseId: string; suspect: string }> {
    const caseId = await announceCase(services.bus, { region: 'KG-GB', receivedAt: '2026-01-05T03:00:00Z', registeredAt: '2026-01-05T03:00:00Z' });
    const suspect = await addPerson(services.bus, caseId);
    return { caseId, suspect };
  }
  async function deadlineOf(caseId: string, rule: string): Promise<DeadlineDto> {
    const listed = await http<DeadlinePageDto>('GET', `${base}/deadlines?state=running&limit=100&dueBefore=2027-12-31T00:00:00Z`, { token: admin });
    expect(listed.status).toBe(200);
    return listed.body.items.find((item) => item.caseId === caseId && item.rule === rule)!;
  }
  async function putRule(rule: DeadlineRule): Promise<void> {
    // Applying to every clock: the steps below occurred before today.
    expect((await http('PUT', `${base}/deadline-rules/${rule.code}?appliesFrom=${ALWAYS}`, { token: admin, body: rule })).status).toBe(200);
  }

  it('48 hours from a detention at 02:00 local on 1 February (still 31 January in UTC) fall due at 02:00 local on 3 February', async () => {
    const { caseId, suspect } = await openCase();
    await record(caseId, { stepType: 'investigation_started', occurredAt: '2026-01-31T10:00:00Z' });
    await record(caseId, { stepType: 'detention', occurredAt: '2026-01-31T20:00:00Z', personId: suspect });
    expect(await deadlineOf(caseId, 'detention_court_decision')).toMatchObject({ dueAt: '2026-02-02T20:00:00.000Z', dueDate: '2026-02-03' });
  });

  it('a days term from 23:30 local runs by local calendar days across midnight', async () => {
    await putRule({
      code: 'suspect_questioning',
      title: 'Notified suspect: questioning within 10 days',
      legalReference: 'office instruction (test)',
      scope: 'person',
      startsWith: [{ stepType: 'suspicion_notified' }],
      term: { amount: 10, unit: 'days' },
      extendedBy: [],
      stoppedBy: [{ stepType: 'indictment' }],
      warnBefore: { amount: 2, unit: 'days' },
    });
    const { caseId, suspect } = await openCase();
    await record(caseId, { stepType: 'investigation_started', occurredAt: '2026-01-20T10:00:00Z' });
    // 23:30 on 31 January in Bishkek.
    await record(caseId, { stepType: 'suspicion_notified', occurredAt: '2026-01-31T17:30:00Z', personId: suspect, details: { offenceArticle: '209-1' } });
    expect(await deadlineOf(caseId, 'suspect_questioning')).toMatchObject({ dueAt: '2026-02-10T17:30:00.000Z', dueDate: '2026-02-10' });
  });

  it('a month from 01:00 local on 31 January ends on the local last day of February, not on the UTC one', async () => {
    await putRule({
      code: 'investigation_term',
      title: 'Pre-trial investigation: one month (test)',
      legalReference: 'office instruction (test)',
      scope: 'case',
      startsWith: [{ stepType: 'investigation_started' }],
      term: { amount: 1, unit: 'months' },
      extendedBy: [{ stepType: 'investigation_term_extended', untilField: 'until' }],
      stoppedBy: [{ stepType: 'indictment' }],
      warnBefore: { amount: 7, unit: 'days' },
    });
    const { caseId } = await openCase();
    // 01:00 on 31 January in Bishkek is 19:00 on 30 January in UTC; UTC arithmetic would end on 28 February 19:00Z.
    await record(caseId, { stepType: 'investigation_started', occurredAt: '2026-01-30T19:00:00Z' });
    expect(await deadlineOf(caseId, 'investigation_term')).toMatchObject({ dueAt: '2026-02-27T19:00:00.000Z', dueDate: '2026-02-28' });
  });
});
