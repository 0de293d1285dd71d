import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  CaseStatusChanged, CloudEvent, DeadlineBreached, DeadlineBreachWithdrawn, PersonMerged, PersonRemovedFromCase, PersonUnmerged, StepRecordedV1,
} from '@icjims/contracts';
import { serviceSessionOptions } from '@icjims/persistence';
import { cloudEvent, eventually, publishEvents, RunningServices, stepCorrection } from '@icjims/testing';
import { caseRegistered, personAdded, startAnalytics, stepRecorded } from '../analytics.fixtures';
import { FactsBulkWriter } from './facts-bulk';

/**
 * The bulk loader writes the fact tables exactly as the event handlers do, one event at a
 * time: the same events go through the consumer and through FactsBulkWriter (in batches of
 * every size from one event to all of them) and the tables compare equal row for row.
 */
describe('facts loaded in bulk', () => {
  let services: RunningServices;
  let owner: DataSource;

  beforeAll(async () => {
    services = await startAnalytics();
    owner = new DataSource({ type: 'postgres', url: services.databaseUrl, extra: { max: 1, options: serviceSessionOptions('analytics', 'owner') } });
    await owner.initialize();
  });
  afterAll(async () => {
    await owner?.destroy();
    await services?.stop();
  });

  const TABLES = ['fact_cases', 'fact_case_persons', 'fact_steps', 'fact_person_aliases', 'fact_deadline_breaches'];
  /** Every fact row as text, sorted: what the comparison sees. */
  async function factTables(): Promise<Record<string, string[]>> {
    const tables: Record<string, string[]> = {};
    for (const table of TABLES) tables[table] = (await owner.query(`SELECT f::text AS row FROM ${table} f ORDER BY 1`)).map((row: { row: string }) => row.row);
    return tables;
  }
  const clear = () => owner.query(`TRUNCATE ${TABLES.join(', ')}`);

  /** Events that test the order: things repeated, undone and done again, corrected twice, and one without facts. */
  function history(): CloudEvent<unknown>[] {
    const registered = caseRegistered({ region: 'KG-C', registeredAt: '2024-02-01T03:00:00Z' }, '2024-02-01T03:00:01Z');
    const caseId = registered.data.caseId;
    const again = { ...registered, id: randomUUID(), data: { ...registered.data, region: 'KG-T' } };
    const suspect = personAdded({ caseId, region: 'KG-C' }, '2024-02-01T04:00:00Z');
    const { personId } = suspect.data;
    const removed = cloudEvent(PersonRemovedFromCase, caseId, { caseId, region: 'KG-C', personId, role: 'suspect', reason: 'removed' }, { time: '2024-02-02T04:00:00Z' });
    const givenAgain = personAdded({ caseId, region: 'KG-C', personId, sex: 'female', ageBand: '18_24', disability: true }, '2024-02-03T04:00:00Z');
    const victim = personAdded({ caseId, region: 'KG-C', role: 'victim', citizenshipGroup: 'cis' }, '2024-02-01T05:00:00Z');
    const step = (data: Partial<StepRecordedV1>) => stepRecorded({ caseId, region: 'KG-C', occurredAt: '2024-02-05T04:00:00Z', recordedAt: '2024-02-05T05:00:00Z', ...data });
    const detention = step({ stepType: 'detention', personId, details: { ground: 'caught_in_act' } });
    const hearing = step({ stepType: 'court_hearing', details: { instance: 'first' } });
    const [amending, amended] = stepCorrection(detention.data, {
      action: 'amend',
      standsAs: { occurredAt: '2024-02-04T04:00:00Z', personId, details: { ground: 'witness_identified' } },
    });
    const [annulling, annulled] = stepCorrection(detention.data, { action: 'annul' });
    const [annullingHearing, annulledHearing] = stepCorrection(hearing.data, { action: 'annul' });
    const deadline = { deadlineId: randomUUID(), caseId, region: 'KG-C', rule: 'detention_court_decision', personId };
    const breach = (breachedAt: string) =>
      cloudEvent(DeadlineBreached, caseId, { ...deadline, legalReference: 'CCP', startStepId: detention.data.stepId, startedAt: '2024-02-05T04:00:00Z', dueAt: '2024-02-07T04:00:00Z', breachedAt });
    const withdrawn = cloudEvent(DeadlineBreachWithdrawn, caseId, { ...deadline, reason: 'start_annulled', breachedAt: '2024-02-07T04:00:00Z', withdrawnAt: '2024-02-08T00:00:00Z' });
    const merged = randomUUID();
    const merge = cloudEvent(PersonMerged, caseId, { caseId, region: 'KG-C', survivingPersonId: personId, mergedPersonId: merged }, { time: '2024-03-01T00:00:00Z' });
    const unmerge = cloudEvent(
      PersonUnmerged,
      caseId,
      { caseId, region: 'KG-C', survivingPersonId: personId, restoredPersonId: merged, survivingRoles: [{ role: 'suspect', active: true }], restoredRoles: [] },
      { time: '2024-03-02T00:00:00Z' },
    );
    const status = cloudEvent(CaseStatusChanged, caseId, { caseId, region: 'KG-C', status: 'under_investigation', previousStatus: 'registered', stepId: hearing.data.stepId, occurredAt: '2024-02-05T04:00:00Z' });
    // A second case, its own steps, some of them announced twice.
    const other = caseRegistered({ region: 'KG-O', splitFromCaseId: caseId }, '2024-02-10T00:00:00Z');
    const otherSteps = ['investigation_started', 'indictment', 'verdict'].map((stepType) => stepRecorded({ caseId: other.data.caseId, region: 'KG-O', stepType }));
    return [
      registered, again, suspect, victim, removed, givenAgain, detention, hearing, { ...detention, id: randomUUID() }, amending, amended, breach('2024-02-07T04:00:00Z'),
      annulling, annulled, annullingHearing, annulledHearing, withdrawn, breach('2024-02-07T05:00:00Z'), merge, unmerge, status, other, ...otherSteps, { ...otherSteps[1], id: randomUUID() },
    ];
  }

  it('gives the fact tables that the handlers give, event by event, in batches of any size', async () => {
    const events = history();
    // One case's events in their order, as the bus keeps them (ordered by key).
    await publishEvents(services.bus, ...events);
    // Every event the consumer takes (the status change is not one of them) is in its inbox.
    const consumed = [...new Set(events.filter((event) => event.type !== CaseStatusChanged.type).map((event) => event.id))];
    await eventually(async () => {
      const { rows } = await services.db.query(`SELECT event_id, outcome FROM analytics.inbox WHERE event_id = ANY($1)`, [consumed]);
      if (rows.some((row: { outcome: string }) => row.outcome !== 'processed')) throw new Error(`dead-lettered: ${JSON.stringify(rows)}`);
      return rows.length === consumed.length || undefined;
    }, 20_000, 'the handlers to process every event');
    const byHandlers = await factTables();
    expect(byHandlers.fact_steps.length).toBeGreaterThan(6);
    expect(byHandlers.fact_person_aliases).toHaveLength(1);

    for (const batchSize of [1, 2, 3, 5, 1000]) {
      await clear();
      const writer = new FactsBulkWriter(owner.manager, batchSize);
      for (const event of events) await writer.add(event);
      await writer.flush();
      expect({ batchSize, tables: await factTables() }).toEqual({ batchSize, tables: byHandlers });
      expect(writer.counts.skipped).toBe(1); // the status change: no facts
    }
  });

  it('writes a batch in one statement per kind of row, not one per event', async () => {
    await clear();
    const events = Array.from({ length: 40 }, () => {
      const registered = caseRegistered({ region: 'KG-N' });
      const { caseId } = registered.data;
      return [registered, personAdded({ caseId, region: 'KG-N' }), stepRecorded({ caseId, region: 'KG-N', stepType: 'investigation_started' })];
    }).flat();
    const writer = new FactsBulkWriter(owner.manager, 1000);
    for (const event of events) await writer.add(event);
    await writer.flush();
    expect(writer.counts).toEqual({ events: 120, statements: 3, skipped: 0 });
    expect((await factTables()).fact_steps).toHaveLength(40);
  });
});
