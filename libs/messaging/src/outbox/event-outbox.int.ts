import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CaseRegistered } from '@icjims/contracts';
import { caseRegisteredData, migratedTestDatabase } from '../messaging.fixtures';
import { EventOutbox } from './event-outbox';

/** EventOutbox holds a transaction's events back and writes them in one INSERT before the commit. */
describe('EventOutbox on PostgreSQL', () => {
  const outbox = new EventOutbox('case-registry');
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await migratedTestDatabase('event_outbox', 'event_outbox_test');
  });
  afterAll(() => dataSource?.destroy());
  beforeEach(() => dataSource.query('DELETE FROM outbox'));

  const record = (manager: DataSource['manager'], subject = randomUUID()) => outbox.record(manager, CaseRegistered, subject, caseRegisteredData({ caseId: subject }));
  /** The text of each query sent (a message of several statements: persistence's PipeliningClient, its `text` them all). */
  const textsOf = (sent: jest.SpyInstance) => sent.mock.calls.map(([sql]) => (typeof sql === 'string' ? sql : (sql as { text?: string })?.text)).filter((sql): sql is string => typeof sql === 'string');
  const stored = async (): Promise<string[]> => (await dataSource.query(`SELECT event_id FROM outbox ORDER BY position`)).map((row: { event_id: string }) => row.event_id);

  it('writes the events of a transaction in one INSERT, in the order recorded, when it commits', async () => {
    const sent = jest.spyOn(Client.prototype, 'query');
    const ids = await dataSource.transaction(async (manager) => {
      const events = [await record(manager), await record(manager), await record(manager)];
      expect(await manager.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 0 }]); // held back until the commit
      return events.map((event) => event.id);
    });
    const inserts = textsOf(sent).filter((sql) => /INSERT INTO \S*outbox/.test(sql));
    sent.mockRestore();
    expect(inserts).toHaveLength(1);
    expect(await stored()).toEqual(ids);
  });

  it('sends that INSERT with the COMMIT, in one message, and stores every value as recorded', async () => {
    const sent = jest.spyOn(Client.prototype, 'query');
    // Quotes, backslashes, a NUL escaped by JSON, and characters beyond ASCII: stored as they were.
    const awkward = `O'B\\"\u0000\\\\';COMMIT;--Бишкек🏛`;
    const subject = randomUUID();
    const event = await dataSource.transaction((manager) => outbox.record(manager, CaseRegistered, subject, caseRegisteredData({ caseId: subject, caseNumber: awkward })));
    const statements = textsOf(sent);
    sent.mockRestore();
    expect(statements.filter((sql) => /INSERT INTO \S*outbox/.test(sql))).toEqual([expect.stringMatching(/;\nCOMMIT$/)]);
    expect(statements).not.toContain('COMMIT');
    const [row] = await dataSource.query(`SELECT event_id, event_type, topic, message_key, value, headers FROM outbox`);
    expect(row).toEqual({
      event_id: event.id,
      event_type: event.type,
      topic: 'icjims.case-registry.events',
      message_key: subject,
      value: JSON.stringify(event),
      headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
    });
    expect(JSON.parse(row.value).data.caseNumber).toBe(awkward);
  });

  it('writes nothing of a transaction that rolls back', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await record(manager);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await stored()).toEqual([]);
  });

  it('drops the events of a savepoint rolled back, and keeps those recorded before and after it', async () => {
    const kept = await dataSource.transaction(async (manager) => {
      const before = await record(manager);
      await expect(
        manager.transaction(async (inner) => {
          await record(inner);
          throw new Error('savepoint rolled back');
        }),
      ).rejects.toThrow('savepoint rolled back');
      const after = await record(manager);
      return [before.id, after.id];
    });
    expect(await stored()).toEqual(kept);
  });

  it('fails the commit when the rows cannot be written, and the change with it', async () => {
    const subject = randomUUID();
    const duplicate = await dataSource.transaction((manager) => record(manager, subject));
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO outbox (event_id, event_type, topic, message_key, value) VALUES ($1, 'x', 't', 'k', '{}')`, [randomUUID()]);
        await record(manager);
        // The same event id again: the unique index refuses the held-back row at the commit.
        const pending = (manager.queryRunner!.data as Record<string, { eventId: string }[]>)['icjims.pendingOutboxRows'];
        pending[0].eventId = duplicate.id;
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await stored()).toEqual([duplicate.id]);
  });

  it('writes at once outside a transaction', async () => {
    const event = await record(dataSource.manager);
    expect(await stored()).toEqual([event.id]);
  });
});
