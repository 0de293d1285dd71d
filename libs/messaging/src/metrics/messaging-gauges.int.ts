import { DataSource } from 'typeorm';
import { CaseRegistered, eventTopic } from '@icjims/contracts';
import { caseRegisteredData, migratedTestDatabase } from '../messaging.fixtures';
import { EventOutbox } from '../outbox/event-outbox';
import { DeadLetterReplays1764000000200 } from '../dead-letters/dead-letter-replays.migration';
import { OutboxDeadLetterIndex1764000000100 } from './dead-letter-index.migration';
import { readMessagingGauges } from './messaging-gauges';

describe('readMessagingGauges', () => {
  const outbox = new EventOutbox('case-registry');
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await migratedTestDatabase('messaging_gauges', 'gauges_test', [OutboxDeadLetterIndex1764000000100, DeadLetterReplays1764000000200]);
  });
  afterAll(() => dataSource?.destroy());

  it('reads nothing from an empty outbox', async () => {
    await expect(readMessagingGauges(dataSource)).resolves.toEqual({ unpublished: 0, oldestUnpublishedAgeSeconds: 0, deadLetters: 0 });
  });

  it('counts the unpublished rows, the age of the oldest and the dead letters not replayed, published or not', async () => {
    await dataSource.transaction((manager) => outbox.record(manager, CaseRegistered, 'case-1', caseRegisteredData()));
    await dataSource.transaction((manager) => outbox.record(manager, CaseRegistered, 'case-2', caseRegisteredData()));
    const message = { topic: eventTopic('procedural-steps'), key: 'case-3', value: '{not json', headers: {} };
    await dataSource.transaction((manager) => outbox.deadLetter(manager, message, 'not a CloudEvent'));
    await dataSource.transaction((manager) => outbox.deadLetter(manager, message, 'not a CloudEvent'));
    await dataSource.transaction((manager) => outbox.deadLetter(manager, message, 'not a CloudEvent'));
    // The third dead letter has been replayed: no longer counted.
    await dataSource.query(`UPDATE outbox SET published_at = now(), replayed_at = now(), replay_outcome = 'applied' WHERE position = (SELECT max(position) FROM outbox)`);
    // One event and one dead letter published; the oldest unpublished row is ten minutes old.
    await dataSource.query(`UPDATE outbox SET published_at = now() WHERE message_key = 'case-1' OR position = (SELECT max(position) FROM outbox WHERE replayed_at IS NULL)`);
    await dataSource.query(`UPDATE outbox SET created_at = now() - interval '10 minutes' WHERE message_key = 'case-2'`);

    const gauges = await readMessagingGauges(dataSource);
    expect(gauges).toMatchObject({ unpublished: 2, deadLetters: 2 });
    expect(gauges.oldestUnpublishedAgeSeconds).toBeGreaterThanOrEqual(600);
    expect(gauges.oldestUnpublishedAgeSeconds).toBeLessThan(660);
  });
});
