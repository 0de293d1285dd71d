import { randomUUID } from 'node:crypto';
import { DeadlineBreached, DeadlineRunningOut } from '@icjims/contracts';
import { http, outboxEvents, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, assignResponsibility, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';
import { DeadlineScheduler } from './deadline-scheduler';

/** Deadline notifications (running out, breached) and the caller's own due list. */
describe('deadline notifications and my deadlines', () => {
  let services: RunningServices;
  let base: string;

  beforeAll(async () => {
    services = await startProceduralSteps();
    base = `${services.urls['procedural-steps']}/api/v1`;
  });
  afterAll(() => services.stop());

  const scheduler = () => services.apps[0].get(DeadlineScheduler);

  /** A suspect detained at `detainedAt` in a case of KG-GB whose responsible prosecutor is `prosecutor`. */
  async function detention(prosecutor: string, detainedAt: string): Promise<string> {
    const caseId = await announceCase(services.bus);
    const suspect = await addPerson(services.bus, caseId);
    await assignResponsibility(services.bus, caseId, 'prosecutor', prosecutor);
    const token = await services.tokenFor('prosecutor', { region: 'KG-GB', sub: prosecutor });
    await recordStep({ base, token }, caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
    await recordStep({ base, token }, caseId, { stepType: 'detention', occurredAt: detainedAt, personId: suspect });
    return caseId;
  }

  it('announces once that a clock entered its warning window, then its breach, each addressed to the responsible and the supervising prosecutors', async () => {
    const prosecutor = `prosecutor-${randomUUID()}`;
    const caseId = await detention(prosecutor, '2026-11-04T10:00:00Z');
    const detentionRule = <T extends { rule: string }>(events: T[]) => events.filter((event) => event.rule === 'detention_court_decision');
    const addressedTo = { responsibleProsecutor: prosecutor, supervisingRegion: 'KG-GB' };

    await scheduler().scan(new Date('2026-11-05T10:00:00Z')); // 24 hours in: not yet running out
    expect(detentionRule(await outboxEvents(services.db, DeadlineRunningOut, caseId))).toEqual([]);

    const warnedAt = new Date('2026-11-06T00:00:00Z'); // inside the 12 hours before the due time
    await Promise.all([scheduler().scan(warnedAt), scheduler().scan(warnedAt)]);
    await scheduler().scan(new Date('2026-11-06T05:00:00Z'));
    expect(detentionRule(await outboxEvents(services.db, DeadlineRunningOut, caseId))).toEqual([
      expect.objectContaining({ caseId, region: 'KG-GB', dueAt: '2026-11-06T10:00:00.000Z', warnFrom: '2026-11-05T22:00:00.000Z', addressedTo }),
    ]);

    await scheduler().scan(new Date('2026-11-06T11:00:00Z'));
    expect(detentionRule(await outboxEvents(services.db, DeadlineBreached, caseId))).toEqual([expect.objectContaining({ caseId, addressedTo })]);
  });

  it('lists my deadlines: those of the cases I am responsible for, and nobody else’s', async () => {
    const mine = `prosecutor-${randomUUID()}`;
    const someoneElse = `prosecutor-${randomUUID()}`;
    const myCase = await detention(mine, '2026-11-20T10:00:00Z');
    await detention(someoneElse, '2026-11-20T10:00:00Z');
    const token = await services.tokenFor('prosecutor', { region: 'KG-GB', sub: mine });

    const response = await http('GET', `${base}/deadlines/mine?state=running&limit=100`, { token });

    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { caseId: string }) => item.caseId)).toEqual([myCase]);
    expect(response.body.items[0]).toMatchObject({ rule: 'detention_court_decision', responsibleProsecutor: mine });
  });

  it.each([
    ['someone else’s list asked for by name', 'responsible=someone-else', 'responsible'],
    ['another region', 'region=KG-C', 'region'],
    ['an unknown state', 'state=late', 'state'],
  ])('refuses %s on my deadlines with 400 naming the parameter', async (_, query, field) => {
    const token = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    const response = await http('GET', `${base}/deadlines/mine?${query}`, { token });
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    expect(JSON.stringify(response.body)).toContain(field);
  });

  it('is for prosecutors and investigators', async () => {
    const response = await http('GET', `${base}/deadlines/mine`, { token: await services.tokenFor('analyst') });
    expect(response.status).toBe(403);
  });
});
