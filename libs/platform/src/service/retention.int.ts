import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Module } from '@nestjs/common';
import { Client } from 'pg';
import { loadRetentionSettings } from '../config/service-config';
import { http, RunningService, ServiceWithDatabase, startServiceWithDatabase } from '../platform.fixtures';
import { ServiceDefinition } from './service-definition';

@Module({})
class NothingModule {}

const retentionTestService: ServiceDefinition = {
  name: 'analytics',
  title: 'Retention test service',
  description: 'A test-only service with nothing but the platform: its messaging tables are pruned',
  defaultPort: 0,
  schema: 'retention_test',
  module: NothingModule,
  migrations: [],
};

// The shortest periods the configuration accepts: rows are made old by moving their times back.
const SETTINGS = { OUTBOX_RETENTION_DAYS: '1', INBOX_RETENTION_DAYS: '8', DEAD_LETTER_RETENTION_DAYS: '1', RETENTION_PRUNE_INTERVAL_SECONDS: '10' };

describe('a running service prunes its messaging tables', () => {
  let service: RunningService;
  let owner: Client;
  let started: ServiceWithDatabase | undefined;

  beforeAll(async () => {
    started = await startServiceWithDatabase(retentionTestService, { retention: loadRetentionSettings(SETTINGS) });
    ({ service, database: owner } = started);
  });
  afterAll(() => started?.stop());

  /** An outbox row published that many days ago; null: not published yet. */
  async function outboxRow(publishedDaysAgo: number | null, type = 'icjims.analytics.test.v1'): Promise<string> {
    const id = randomUUID();
    await owner.query(
      `INSERT INTO retention_test.outbox (event_id, event_type, topic, message_key, value, published_at)
       VALUES ($1, $2, 'topic', 'key', '{}', now() - make_interval(days => $3))`,
      [id, type, publishedDaysAgo],
    );
    return id;
  }

  it('every interval, deletes what is past its period and keeps the rest, with its counts in the metrics', async () => {
    const expired = [await outboxRow(2), await outboxRow(3, 'dead-letter')];
    const kept = [await outboxRow(0), await outboxRow(null)];
    await owner.query(
      `INSERT INTO retention_test.inbox (event_id, event_type, outcome, processed_at) VALUES ('old', 't', 'processed', now() - interval '9 days'), ('new', 't', 'processed', now())`,
    );

    const deadline = Date.now() + 20_000;
    const left = async () => (await owner.query(`SELECT event_id FROM retention_test.outbox`)).rows.map((row) => row.event_id as string);
    while ((await left()).some((id) => expired.includes(id)) && Date.now() < deadline) await sleep(250);

    expect((await left()).sort()).toEqual([...kept].sort());
    expect((await owner.query(`SELECT event_id FROM retention_test.inbox`)).rows).toEqual([{ event_id: 'new' }]);
    const metrics = (await http('GET', `${service.url}/metrics`)).body as string;
    expect(metrics).toContain('icjims_retention_pruned_rows_total{table="outbox",service="analytics"} 1');
    expect(metrics).toContain('icjims_retention_pruned_rows_total{table="dead-letter",service="analytics"} 1');
    expect(metrics).toContain('icjims_retention_pruned_rows_total{table="inbox",service="analytics"} 1');
  }, 30_000);
});
