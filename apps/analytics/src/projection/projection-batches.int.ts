import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CloudEvent } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { EventConsumer } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import { publishEvents, statementShape } from '@icjims/testing';
import { caseRegistered, personAdded, startAnalytics, stepCorrected, stepRecorded } from '../analytics.fixtures';
import { AGGREGATES } from '../aggregates/aggregate-parts';
import { rebuildAggregates } from '../aggregates/rebuild';
import { openedDetails, probationStream } from '../probation/probation.fixtures';

/**
 * Issue 11: a consumer's work per event. The projection's case events go to one batch method: a
 * run of steps has its facts, step-type levels and counts written in one statement each, and every
 * aggregate refreshed once for all the cases — so a batch of steps costs the same number of
 * statements whatever its size, and gives what the events one by one would (a rebuild from the
 * facts finds nothing to change; the counts are the events'). Probation entries likewise.
 */
describe('projection batches', () => {
  let services: Awaited<ReturnType<typeof startAnalytics>>;
  let dataSource: DataSource;
  let consumer: EventConsumer;
  let timeZone: string;

  beforeAll(async () => {
    services = await startAnalytics();
    const [app] = services.apps;
    dataSource = app.get(DataSource);
    timeZone = app.get<Jurisdiction>(JURISDICTION).timeZone;
    consumer = app.get(EventConsumer);
  });
  afterAll(() => services?.stop());

  /**
   * The statements `events` cost through the handler the consumer hands a run of them to (their
   * @EventPattern batch method, through the bus transport), in a transaction of their own (its
   * BEGIN and COMMIT not counted), each by its shape: one string per message sent, the shapes of
   * statements sent together joined by ` + `.
   */
  async function statementsOf(events: CloudEvent<object>[]): Promise<string[]> {
    const handler = consumer.handlerFor(events[0].type)!;
    const runner = dataSource.createQueryRunner();
    // The transaction's own connection: what other connections of the service do meanwhile (the relay polling its outbox) is not counted.
    // pg's own query, as the connection sends it: a write held for the next statement goes in that statement's message.
    const client = (await runner.connect()) as Client;
    const sent = jest.spyOn(Client.prototype, 'query');
    try {
      await runner.startTransaction();
      await handler.handleBatch!(events, runner.manager);
      await runner.commitTransaction();
      return sent.mock.calls
        .filter((_call, index) => sent.mock.contexts[index] === client)
        .map(([query]) => statementShape(typeof query === 'string' ? query : (query as { text: string }).text).replace(/^START TRANSACTION \+ /, ''))
        .filter((shape) => !/^(START TRANSACTION|BEGIN|COMMIT)$/.test(shape));
    } finally {
      sent.mockRestore();
      await runner.release();
    }
  }

  /** `count` cases registered in KG-GB, each with a suspect: their events, to record before their steps. */
  function casesWithSuspects(count: number) {
    return Array.from({ length: count }, () => {
      const registered = caseRegistered();
      return { registered, suspect: personAdded({ caseId: registered.data.caseId }) };
    });
  }

  /** A step of each kind the aggregates read, for each case: a suspicion, a detention, an indictment, a verdict. */
  function stepsOf(cases: ReturnType<typeof casesWithSuspects>) {
    return cases.flatMap(({ registered, suspect }, index) => {
      const { caseId } = registered.data;
      const personId = suspect.data.personId;
      const day = String(1 + (index % 27)).padStart(2, '0');
      return [
        stepRecorded({ caseId, stepType: 'suspicion_notified', personId, occurredAt: `2025-04-${day}T09:00:00Z`, recordedAt: `2025-04-${day}T09:05:00Z`, details: { offenceArticle: '209-1' } }),
        stepRecorded({ caseId, stepType: 'detention', personId, occurredAt: `2025-04-${day}T10:00:00Z`, recordedAt: `2025-04-${day}T10:05:00Z` }),
        stepRecorded({ caseId, stepType: 'indictment', occurredAt: `2025-05-${day}T10:00:00Z`, recordedAt: `2025-05-${day}T10:05:00Z` }),
        stepRecorded({ caseId, stepType: 'verdict', personId, occurredAt: `2025-07-${day}T10:00:00Z`, recordedAt: `2025-07-${day}T10:05:00Z`, details: { outcome: 'conviction' } }),
      ];
    });
  }

  async function stepsRecorded(): Promise<number> {
    const [{ value }] = await dataSource.query(`SELECT coalesce(sum(value), 0)::int AS value FROM activity_counts WHERE indicator = 'steps_recorded'`);
    return value;
  }

  it('writes a batch of steps in as many statements as one step, with the figures of the events one by one', async () => {
    const few = casesWithSuspects(1);
    const many = casesWithSuspects(12);
    for (const { registered, suspect } of [...few, ...many]) await publishEvents(services.bus, registered, suspect);

    const before = await stepsRecorded();
    const one = await statementsOf(stepsOf(few));
    const fortyEight = stepsOf(many);
    const batch = await statementsOf(fortyEight);

    // The same statements for 4 steps of one case and 48 of twelve: the facts, the levels, the counts, then each aggregate the steps concern once.
    // None of them needs an answer: they all go with the COMMIT, in one message.
    expect(batch).toEqual(one);
    expect(batch).toHaveLength(1);
    const statements = batch[0].split(' + ');
    expect([statements.slice(0, 3), statements[statements.length - 1]]).toEqual([['INSERT fact_steps', 'INSERT step_type_levels', 'WITH counted_items'], 'COMMIT']);
    expect(statements.length).toBeLessThanOrEqual(3 + AGGREGATES.length + 1);
    expect(await stepsRecorded()).toBe(before + 4 + 48);
    expect((await rebuildAggregates(dataSource.manager, { timeZone, check: true })).differences).toEqual({});

    // Delivered again (another event id each), nothing counts twice.
    await statementsOf(fortyEight.map((event) => ({ ...event, id: randomUUID() })));
    expect(await stepsRecorded()).toBe(before + 4 + 48);
    expect((await rebuildAggregates(dataSource.manager, { timeZone, check: true })).differences).toEqual({});
  });

  it('applies a run of registrations in one statement for their facts and one for their counts', async () => {
    const registrations = Array.from({ length: 10 }, () => caseRegistered());
    const statements = (await statementsOf(registrations)).flatMap((message) => message.split(' + '));
    expect(statements.filter((shape) => shape === 'INSERT fact_cases')).toHaveLength(1);
    expect(statements.filter((shape) => shape === 'INSERT activity_counts')).toHaveLength(1);
    const [{ cases }] = await dataSource.query(`SELECT count(*)::int AS cases FROM fact_cases WHERE case_id = ANY($1::uuid[])`, [registrations.map((event) => event.data.caseId)]);
    expect(cases).toBe(10);
  });

  it('writes a batch of probation entries in as many statements as one entry', async () => {
    const entriesOf = (streams: number) =>
      Array.from({ length: streams }, () => {
        const stream = probationStream({ region: 'KG-GB' });
        return [
          stream.entry('opened', openedDetails('probation_supervision', '2025-03-03'), '2025-03-03'),
          stream.entry('allocated', { office: 'PR-1', officerId: 'o1', kind: 'initial' }, '2025-03-04'),
          stream.entry('contact_recorded', { contactKind: 'office_appointment', outcome: 'attended' }, '2025-03-10'),
        ];
      }).flat();
    const one = await statementsOf(entriesOf(1));
    const batch = await statementsOf(entriesOf(10));
    // The facts, then each aggregate the entries concern once (the probation entries and states, reoffending after probation).
    expect(batch).toEqual(one);
    expect(batch[0]).toBe('INSERT fact_probation_entries');
    expect(batch.length).toBeLessThanOrEqual(1 + AGGREGATES.length);
    expect((await rebuildAggregates(dataSource.manager, { timeZone, check: true })).differences).toEqual({});
  });

  it('keeps the batch order of a step and its correction (an annulled step no longer counts)', async () => {
    const [{ registered }] = casesWithSuspects(1);
    await publishEvents(services.bus, registered);
    const step = stepRecorded({ caseId: registered.data.caseId, stepType: 'indictment' });
    const before = await stepsRecorded();
    await publishEvents(services.bus, step, stepCorrected(step.data, '2025-05-11T09:00:00Z'));
    expect(await stepsRecorded()).toBe(before);
    expect((await rebuildAggregates(dataSource.manager, { timeZone, check: true })).differences).toEqual({});
  });
});
