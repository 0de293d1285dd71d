import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CaseRegistered, CaseRegisteredV1, CloudEvent, StepRecorded } from '@icjims/contracts';
import { EventConsumer } from '@icjims/messaging';
import { cloudEvent, outboxEvents, publishEvents, RunningServices, statementShape } from '@icjims/testing';
import { announceCase, journalWrites, RECEIVED_AT, startProceduralSteps } from '../procedural-steps.fixtures';

/** Registered cases, as case-registry announces them, several to a batch: each known once, each journal opened once. */
describe('cases registered, a batch at a time', () => {
  let services: RunningServices;

  beforeAll(async () => {
    services = await startProceduralSteps();
  });
  afterAll(() => services.stop());

  const registered = (caseId: string, caseNumber: string, overrides: Partial<CaseRegisteredV1> = {}) =>
    cloudEvent(CaseRegistered, caseId, {
      caseId, caseNumber, region: 'KG-GB', district: 'leninsky', agency: 'PR-GB', offence: { article: '209-1', iccsCode: '0701', severity: 'minor' },
      receivedAt: RECEIVED_AT, registeredAt: RECEIVED_AT, registeredBy: 'registering-officer', ...overrides,
    });
  const known = async (caseId: string) =>
    (await services.db.query(`SELECT case_number, region, district, agency, received_at, registered_at, version, status FROM procedural_steps.known_cases WHERE case_id = $1`, [caseId])).rows;
  const steps = async (caseId: string) =>
    (await services.db.query(`SELECT sequence, step_type, recorded_by, occurred_at FROM procedural_steps.steps WHERE case_id = $1 ORDER BY sequence`, [caseId])).rows;

  it('knows each case of a batch once, with its facts, and opens each journal with one registration step', async () => {
    const before = await announceCase(services.bus);
    const unchanged = await journalWrites(services.db, before);
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await publishEvents(
      services.bus,
      registered(a, 'KG-GB-2026-100001'),
      registered(b, 'KG-GB-2026-100002', { district: undefined, agency: undefined, registeredBy: undefined }),
      registered(a, 'KG-GB-2026-100001'), // the same case again, under another event id
      registered(before, 'KG-GB-2026-100003'), // known already
      registered(c, 'KG-GB-2026-100004', { registeredAt: '2026-11-02T11:00:00.000Z' }),
    );

    expect(await known(a)).toEqual([
      { case_number: 'KG-GB-2026-100001', region: 'KG-GB', district: 'leninsky', agency: 'PR-GB', received_at: new Date(RECEIVED_AT), registered_at: new Date(RECEIVED_AT), version: 1, status: 'registered' },
    ]);
    expect(await known(b)).toEqual([expect.objectContaining({ district: null, agency: null, version: 1 })]);
    expect(await steps(a)).toEqual([{ sequence: 1, step_type: 'registration', recorded_by: 'registering-officer', occurred_at: new Date(RECEIVED_AT) }]);
    expect(await steps(b)).toEqual([expect.objectContaining({ sequence: 1, step_type: 'registration', recorded_by: 'case-registry' })]);
    expect(await steps(c)).toEqual([expect.objectContaining({ sequence: 1, occurred_at: new Date('2026-11-02T11:00:00.000Z') })]);
    for (const caseId of [a, b, c]) expect((await outboxEvents(services.db, StepRecorded, caseId)).map((event) => event.stepType)).toEqual(['registration']);
    expect(await journalWrites(services.db, before)).toEqual(unchanged);
  });

  it('inserts a batch of cases in one statement, through the handler the consumer hands the batch to', async () => {
    const [app] = services.apps;
    const dataSource = app.get(DataSource);
    const handler = app.get(EventConsumer).handlerFor(CaseRegistered.type)!;
    const cases = Array.from({ length: 20 }, () => randomUUID());
    const runner = dataSource.createQueryRunner();
    const client = (await runner.connect()) as Client;
    const sent = jest.spyOn(Client.prototype, 'query');
    let shapes: string[];
    try {
      await runner.startTransaction();
      await handler.handleBatch!(cases.map((caseId, index) => registered(caseId, `KG-GB-2026-2${String(index).padStart(5, '0')}`)) as CloudEvent<object>[], runner.manager);
      await runner.commitTransaction();
      // pg's own query, as the connection sends it: the appends held for the next statement are in the COMMIT's message.
      shapes = sent.mock.calls.filter((_call, index) => sent.mock.contexts[index] === client).map(([query]) => statementShape(typeof query === 'string' ? query : (query as { text: string }).text));
    } finally {
      sent.mockRestore();
      await runner.release();
    }
    expect(shapes[0]).toBe('START TRANSACTION + INSERT known_cases');
    expect(shapes.flatMap((shape) => shape.split(' + ')).filter((shape) => shape === 'INSERT known_cases')).toHaveLength(1);
    expect(shapes.length).toBeLessThanOrEqual(3);
    for (const caseId of cases) expect(await steps(caseId)).toEqual([expect.objectContaining({ sequence: 1, step_type: 'registration' })]);
  });
});
