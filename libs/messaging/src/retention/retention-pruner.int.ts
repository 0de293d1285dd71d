import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { ServiceMetrics } from '@icjims/observability';
import { migratedTestDatabase } from '../messaging.fixtures';
import { RetentionPruner } from './retention-pruner';
import { DEFAULT_RETENTION, RetentionSettings } from './retention-settings';

// Payloads carry this marker; no log line may contain it.
const CASE_DATA = 'Jane Doe, national id 850101-1234';
const SECOND = 1 / 86_400; // in days

/** Periods of seconds rather than days, so that rows can be made old by moving their times back a little. */
const TINY: RetentionSettings = { ...DEFAULT_RETENTION, outboxDays: 60 * SECOND, inboxDays: 120 * SECOND, deadLetterDays: 300 * SECOND, batchSize: 2 };

describe('RetentionPruner on PostgreSQL', () => {
  let dataSource: DataSource;
  let logLines: string[];
  let metrics: ServiceMetrics;

  beforeAll(async () => {
    dataSource = await migratedTestDatabase('retention_pruner', 'retention_test');
  });
  afterAll(() => dataSource?.destroy());

  beforeEach(async () => {
    await dataSource.query('DELETE FROM outbox; DELETE FROM inbox');
    logLines = [];
    metrics = new ServiceMetrics('analytics');
  });

  function pruner(instanceMetrics = metrics, settings = TINY): RetentionPruner {
    const sink = new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) });
    return new RetentionPruner(dataSource, pino({ level: 'debug' }, sink), instanceMetrics, settings);
  }

  /** An outbox row `ageSeconds` old, published then unless `unpublished`. */
  async function outboxRow(ageSeconds: number, options: { deadLetter?: boolean; unpublished?: boolean } = {}): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO outbox (event_id, event_type, topic, message_key, value, created_at, published_at)
       VALUES ($1, $2, 'topic', 'key', $3, now() - make_interval(secs => $4), CASE WHEN $5 THEN NULL ELSE now() - make_interval(secs => $4) END)`,
      [id, options.deadLetter ? 'dead-letter' : 'icjims.case-registry.case.registered.v1', JSON.stringify({ name: CASE_DATA }), ageSeconds, options.unpublished ?? false],
    );
    return id;
  }

  async function inboxRow(ageSeconds: number): Promise<string> {
    const id = randomUUID();
    await dataSource.query(`INSERT INTO inbox (event_id, event_type, outcome, processed_at) VALUES ($1, 'type', 'processed', now() - make_interval(secs => $2))`, [
      id,
      ageSeconds,
    ]);
    return id;
  }

  async function remaining(): Promise<{ outbox: string[]; inbox: string[] }> {
    const outbox: { event_id: string }[] = await dataSource.query('SELECT event_id FROM outbox ORDER BY position');
    const inbox: { event_id: string }[] = await dataSource.query('SELECT event_id FROM inbox ORDER BY processed_at');
    return { outbox: outbox.map((row) => row.event_id), inbox: inbox.map((row) => row.event_id) };
  }

  it('deletes published outbox rows, inbox rows and published dead letters past their periods, and nothing else', async () => {
    const oldPublished = [await outboxRow(90), await outboxRow(70), await outboxRow(65)];
    const recentPublished = await outboxRow(30);
    const oldUnpublished = await outboxRow(10_000, { unpublished: true });
    const deadLetterWithinItsPeriod = await outboxRow(200, { deadLetter: true });
    const oldDeadLetter = await outboxRow(400, { deadLetter: true });
    const unpublishedDeadLetter = await outboxRow(10_000, { deadLetter: true, unpublished: true });
    const oldInbox = [await inboxRow(500), await inboxRow(130)];
    const recentInbox = await inboxRow(90);

    const counts = await pruner().prune();

    expect(counts).toEqual({ outbox: 3, inbox: 2, deadLetters: 1 });
    const left = await remaining();
    expect(left.outbox.sort()).toEqual([recentPublished, oldUnpublished, deadLetterWithinItsPeriod, unpublishedDeadLetter].sort());
    expect(left.inbox).toEqual([recentInbox]);
    expect(left.outbox).not.toContain(oldDeadLetter);
    expect(left.outbox).not.toEqual(expect.arrayContaining(oldPublished));
    expect(left.inbox).not.toEqual(expect.arrayContaining(oldInbox));
  });

  it('deletes in statements of at most the batch size', async () => {
    for (let index = 0; index < 5; index++) await outboxRow(100);
    const query = jest.spyOn(Client.prototype, 'query');
    try {
      await pruner().prune();
      const deletes = query.mock.calls.filter(([sql]) => typeof sql === 'string' && sql.startsWith('DELETE FROM'));
      // Outbox: 2, 2, 1; inbox and dead letters: one empty statement each.
      expect(deletes).toHaveLength(5);
    } finally {
      query.mockRestore();
    }
    expect((await remaining()).outbox).toEqual([]);
  });

  it('lets two instances prune side by side, each row deleted once', async () => {
    for (let index = 0; index < 40; index++) await outboxRow(100);
    for (let index = 0; index < 40; index++) await inboxRow(200);

    const [first, second] = await Promise.all([pruner().prune(), pruner(new ServiceMetrics('analytics')).prune()]);

    expect(await remaining()).toEqual({ outbox: [], inbox: [] });
    expect([first.outbox + second.outbox, first.inbox + second.inbox]).toEqual([40, 40]);
  });

  it('counts what it pruned in the metrics and logs the counts, never a payload', async () => {
    await outboxRow(100);
    await outboxRow(100);
    await inboxRow(200);

    await pruner().prune();

    const rendered = await metrics.render();
    expect(rendered).toContain('icjims_retention_pruned_rows_total{table="outbox",service="analytics"} 2');
    expect(rendered).toContain('icjims_retention_pruned_rows_total{table="inbox",service="analytics"} 1');
    expect(rendered).toMatch(/icjims_retention_last_pass_timestamp_seconds\{service="analytics"\} \d+/);
    const line = JSON.parse(logLines.find((entry) => entry.includes('pruned'))!);
    expect(line).toMatchObject({ level: 30, pruned: { outbox: 2, inbox: 1, deadLetters: 0 } });
    expect(logLines.join('')).not.toContain('national id');
  });

  it('prunes every interval once started, and not after it stopped', async () => {
    await outboxRow(100);
    const running = pruner(metrics, { ...TINY, intervalSeconds: 0.05 });
    running.start();
    const deadline = Date.now() + 5_000;
    while ((await remaining()).outbox.length > 0 && Date.now() < deadline) await sleep(20);
    expect((await remaining()).outbox).toEqual([]);

    await running.stop();
    await outboxRow(100);
    await sleep(200);
    expect((await remaining()).outbox).toHaveLength(1);
  });
});
