import { DeadlineBreached, DeadlineBreachWithdrawn } from '@icjims/contracts';
import { http, outboxEvents, RunningServices, startServices } from '@icjims/testing';
import { addPerson, announceCase, FIXTURE_JURISDICTION, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';
import { proceduralStepsService } from '../procedural-steps.service';
import { DeadlineScheduler } from './deadline-scheduler';

// Listing and its filters: deadline-listing.int.ts; changing the rules: deadline-rules.int.ts.
describe('deadlines over HTTP and the breach scheduler', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startProceduralSteps();
    base = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(() => services.stop());

  const record = (caseId: string, body: object) => recordStep({ base, token: prosecutor }, caseId, body);
  const deadlines = (query: string, token = prosecutor) => http('GET', `${base}/deadlines?${query}`, { token });
  const scheduler = () => services.apps[0].get(DeadlineScheduler);
  const breachEvents = (caseId: string) => outboxEvents(services.db, DeadlineBreached, caseId);
  const withdrawals = (caseId: string) => outboxEvents(services.db, DeadlineBreachWithdrawn, caseId);
  const detentionClock = async (stepId: string) =>
    (await services.db.query(`SELECT id, breached_at, breach_withdrawn_at, cancelled_at FROM procedural_steps.deadlines WHERE start_step_id = $1`, [stepId])).rows[0];

  /** A suspect detained at `detainedAt` in a case under investigation. */
  async function detention(detainedAt: string): Promise<{ caseId: string; suspect: string; detentionStepId: string }> {
    const caseId = await announceCase(services.bus);
    const suspect = await addPerson(services.bus, caseId);
    await record(caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
    const step = await record(caseId, { stepType: 'detention', occurredAt: detainedAt, personId: suspect });
    return { caseId, suspect, detentionStepId: step.id };
  }

  it('starts a 48-hour clock at a detention, listed with its legal reference', async () => {
    const { caseId, suspect, detentionStepId } = await detention('2026-11-04T10:00:00Z');
    const page = await deadlines(`state=breached&dueBefore=2026-11-07T00:00:00Z&limit=100`);
    const running = await deadlines(`state=running&limit=100`);
    const all = [...page.body.items, ...running.body.items].filter((item: { caseId: string }) => item.caseId === caseId);
    expect(all).toContainEqual(
      expect.objectContaining({ rule: 'detention_court_decision', personId: suspect, startStepId: detentionStepId, dueAt: '2026-11-06T10:00:00.000Z' }),
    );
    expect(all.find((item: { rule: string }) => item.rule === 'detention_court_decision').legalReference).toMatch(/^CCP art\. \d+/);
  });

  it('stops the clock when the suspect is released in time', async () => {
    const { caseId, suspect } = await detention('2026-11-04T10:00:00Z');
    await record(caseId, { stepType: 'release_from_detention', occurredAt: '2026-11-05T10:00:00Z', personId: suspect });
    const stopped = await deadlines('state=stopped&limit=100');
    expect(stopped.body.items).toContainEqual(expect.objectContaining({ caseId, rule: 'detention_court_decision', stoppedAt: '2026-11-05T10:00:00.000Z' }));
    await scheduler().scan(new Date('2026-12-01T00:00:00Z'));
    expect((await breachEvents(caseId)).filter((event) => event.rule === 'detention_court_decision')).toEqual([]);
  });

  it('announces a breach once, even when scans run together and again', async () => {
    const { caseId, suspect } = await detention('2026-11-04T10:00:00Z');
    const now = new Date('2026-11-06T10:00:01Z');
    await Promise.all([scheduler().scan(now), scheduler().scan(now), scheduler().scan(now)]);
    await scheduler().scan(new Date('2026-11-07T00:00:00Z'));
    const breaches = (await breachEvents(caseId)).filter((event) => event.rule === 'detention_court_decision');
    expect(breaches).toEqual([
      expect.objectContaining({ caseId, personId: suspect, dueAt: '2026-11-06T10:00:00.000Z', breachedAt: now.toISOString(), region: 'KG-GB' }),
    ]);
  });

  it('cancels the clock of a detention that a correction annulled', async () => {
    const { caseId, detentionStepId } = await detention('2026-11-04T10:00:00Z');
    await record(caseId, { stepType: 'correction', occurredAt: '2026-11-04T12:00:00Z', correction: { correctsStepId: detentionStepId, action: 'annul', reason: 'wrong case' } });
    const { rows } = await services.db.query(`SELECT cancelled_at FROM procedural_steps.deadlines WHERE start_step_id = $1`, [detentionStepId]);
    expect(rows[0].cancelled_at).not.toBeNull();
    await scheduler().scan(new Date('2026-12-01T00:00:00Z'));
    expect((await breachEvents(caseId)).filter((event) => event.rule === 'detention_court_decision')).toEqual([]);
  });

  it('withdraws an announced breach by an event when a correction annuls the detention that started the clock', async () => {
    const { caseId, suspect, detentionStepId } = await detention('2026-11-04T10:00:00Z');
    const breachedAt = new Date('2026-11-06T11:00:00Z');
    await scheduler().scan(breachedAt);
    const clock = await detentionClock(detentionStepId);
    expect(clock.breached_at).toEqual(breachedAt);

    await record(caseId, { stepType: 'correction', occurredAt: '2026-11-07T09:00:00Z', correction: { correctsStepId: detentionStepId, action: 'annul', reason: 'wrong person' } });

    expect(await withdrawals(caseId)).toEqual([
      expect.objectContaining({ deadlineId: clock.id, caseId, region: 'KG-GB', rule: 'detention_court_decision', personId: suspect, reason: 'start_annulled', breachedAt: breachedAt.toISOString() }),
    ]);
    // The breach stays in the history: its event and the time on the cancelled clock.
    expect((await breachEvents(caseId)).filter((event) => event.rule === 'detention_court_decision')).toHaveLength(1);
    expect(await detentionClock(detentionStepId)).toMatchObject({ breached_at: breachedAt, breach_withdrawn_at: expect.any(Date), cancelled_at: expect.any(Date) });
    await scheduler().scan(new Date('2026-12-01T00:00:00Z'));
    expect(await withdrawals(caseId)).toHaveLength(1);
  });

  it('withdraws a breach that a corrected release in time undoes, and can announce it again if the clock runs out after all', async () => {
    const { caseId, suspect, detentionStepId } = await detention('2026-11-04T10:00:00Z');
    await scheduler().scan(new Date('2026-11-06T11:00:00Z'));
    const release = await record(caseId, { stepType: 'release_from_detention', occurredAt: '2026-11-06T12:00:00Z', personId: suspect });
    expect(await withdrawals(caseId)).toEqual([]); // released, but after the due time: the breach stands

    await record(caseId, {
      stepType: 'correction',
      occurredAt: '2026-11-07T09:00:00Z',
      correction: { correctsStepId: release.id, action: 'amend', occurredAt: '2026-11-06T09:00:00Z', reason: 'released before the 48 hours ran out' },
    });

    expect(await withdrawals(caseId)).toEqual([expect.objectContaining({ rule: 'detention_court_decision', reason: 'no_longer_breached' })]);
    expect(await detentionClock(detentionStepId)).toMatchObject({ breached_at: null, breach_withdrawn_at: expect.any(Date), cancelled_at: null });
    await scheduler().scan(new Date('2026-12-01T00:00:00Z'));
    expect((await breachEvents(caseId)).filter((event) => event.rule === 'detention_court_decision')).toHaveLength(1);

    await record(caseId, { stepType: 'correction', occurredAt: '2026-11-08T09:00:00Z', correction: { correctsStepId: release.id, action: 'annul', reason: 'there was no release' } });
    await scheduler().scan(new Date('2026-12-01T00:00:00Z'));
    expect((await breachEvents(caseId)).filter((event) => event.rule === 'detention_court_decision')).toHaveLength(2);
  });

  it('moves the due time when a correction amends the detention time', async () => {
    const { caseId, detentionStepId } = await detention('2026-11-04T10:00:00Z');
    await record(caseId, {
      stepType: 'correction',
      occurredAt: '2026-11-04T12:00:00Z',
      correction: { correctsStepId: detentionStepId, action: 'amend', occurredAt: '2026-11-04T08:00:00Z', reason: 'detained two hours earlier' },
    });
    const { rows } = await services.db.query(`SELECT due_at FROM procedural_steps.deadlines WHERE start_step_id = $1`, [detentionStepId]);
    expect(rows[0].due_at.toISOString()).toBe('2026-11-06T08:00:00.000Z');
  });

  it('survives a restart: a new instance on the same database announces what is due, once', async () => {
    const { caseId } = await detention('2026-11-04T10:00:00Z');
    const restarted = await startServices([proceduralStepsService], { databaseUrl: services.databaseUrl, jurisdiction: FIXTURE_JURISDICTION });
    try {
      const now = new Date('2026-11-06T11:00:00Z');
      await restarted.apps[0].get(DeadlineScheduler).scan(now);
      await scheduler().scan(now);
      expect((await breachEvents(caseId)).filter((event) => event.rule === 'detention_court_decision')).toHaveLength(1);
    } finally {
      await restarted.stop();
    }
  });
});
