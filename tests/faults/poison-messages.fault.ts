import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Controller, INestApplication, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Client } from 'pg';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { CaseRegistered, CaseRegisteredV1, CloudEvent } from '@icjims/contracts';
import { BusContext, InProcessBus } from '@icjims/messaging';
import { createServiceApp, ServiceDefinition, stopServiceApps } from '@icjims/platform';
import { cloudEvent, createTestDatabase, eventually, http, publishEvents, testSigningKey } from '@icjims/testing';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** The test service's own table of applied registrations. */
class AppliedCases1700000000001 implements MigrationInterface {
  name = 'AppliedCases1700000000001';
  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE TABLE applied_cases (case_id uuid NOT NULL, event_id text NOT NULL)');
  }
  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE applied_cases');
  }
}

/** Cases the handler refuses until it is "fixed". */
const refused = new Set<string>();

@Controller()
class CaseRegistrations {
  @EventPattern(CaseRegistered.type)
  async registered(@Payload() event: CloudEvent<CaseRegisteredV1>, @Ctx() context: BusContext): Promise<void> {
    await context.manager.query('INSERT INTO applied_cases (case_id, event_id) VALUES ($1, $2)', [event.data.caseId, event.id]);
    if (refused.has(event.data.caseId)) throw new Error(`case ${event.data.caseId} refused by the handler`);
  }
}

@Module({ controllers: [CaseRegistrations] })
class CaseRegistrationsModule {}

// A consuming service of its own (named as one, in that schema), on a database of its own.
const definition: ServiceDefinition = {
  name: 'analytics',
  title: 'dead-letter replay test service',
  description: 'applies case registrations, refusing some',
  defaultPort: 0,
  schema: 'analytics',
  module: CaseRegistrationsModule,
  migrations: [AppliedCases1700000000001],
};

function registration(caseId: string): CloudEvent<CaseRegisteredV1> {
  return cloudEvent(CaseRegistered, caseId, {
    caseId,
    caseNumber: 'KG-GB-2026-000001',
    region: 'KG-GB',
    offence: { article: '209-1', iccsCode: '0701', severity: 'minor' },
    receivedAt: '2026-11-20T09:00:00.000Z',
    registeredAt: '2026-11-20T10:00:00.000Z',
  });
}

/**
 * Poison messages through a real service (HTTP, PostgreSQL, its bus transport and consumer) and
 * the operator's command run as a separate process: dead-lettered with the reason while the next
 * events are applied; once the handler is fixed, `npm run dead-letters -- replay` has the service
 * apply it exactly once; asking again does nothing; `icjims_dead_letter_messages` drops.
 */
describe('npm run dead-letters against a running service', () => {
  let databaseUrl: string;
  let bus: InProcessBus;
  let app: INestApplication;
  let url: string;
  let db: Client;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('dead_letter_replay');
    bus = new InProcessBus();
    app = await createServiceApp(definition, {
      database: { migrationUrl: databaseUrl },
      bus,
      verifier: (await testSigningKey()).verifier,
      logLevel: 'silent',
      relayPollIntervalMs: 100,
      operations: { metricsRefreshIntervalMs: 200 },
    });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    if (app) await stopServiceApps([app], 1000);
    await bus?.close();
  });

  const command = async (...args: string[]) =>
    (await run(join(ROOT, 'node_modules', '.bin', 'tsx'), ['tools/dead-letters.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } })).stdout;
  const deadLetterGauge = async () => Number(/^icjims_dead_letter_messages(?:\{[^}]*\})? (\d+)$/m.exec((await http('GET', `${url}/metrics`)).body as string)?.[1]);
  const applied = async (caseId: string) =>
    (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM analytics.applied_cases WHERE case_id = $1', [caseId])).rows[0].count;

  it('dead-letters the poison event with its reason, applies the next ones, and applies it once when replayed after a fix', async () => {
    const [poison, next] = [registration('6a1f8f0e-0c53-4d7e-9f0a-1d2b3c4d5e01'), registration('6a1f8f0e-0c53-4d7e-9f0a-1d2b3c4d5e02')];
    refused.add(poison.data.caseId);
    await publishEvents(bus, poison, next);

    expect(await applied(next.data.caseId)).toBe(1);
    expect(await applied(poison.data.caseId)).toBe(0);
    const listed = await command('list', '--service', 'analytics');
    const id = /^([0-9a-f-]{36}) {2}analytics /m.exec(listed)?.[1];
    expect(id).toBeDefined();
    expect(listed).toContain(`${CaseRegistered.type} ${poison.id}`);
    expect(listed).toContain(`reason: case ${poison.data.caseId} refused by the handler`);
    await eventually(async () => ((await deadLetterGauge()) === 1 ? true : undefined), 5_000, 'the dead-letter gauge at 1');

    refused.clear(); // the handler is fixed
    expect(await command('replay', '--all', '--by', 'operator-1')).toBe(`${id}  analytics  replay asked\n1 dead letter(s) to replay\n`);
    await eventually(async () => ((await applied(poison.data.caseId)) === 1 ? true : undefined), 15_000, 'the replay to apply the event');
    await eventually(async () => ((await deadLetterGauge()) === 0 ? true : undefined), 5_000, 'the dead-letter gauge at 0');
    const { rows } = await db.query(`SELECT replay_outcome, replay_requested_by, replayed_at IS NOT NULL AS replayed FROM analytics.outbox WHERE event_id = $1`, [id]);
    expect(rows).toEqual([{ replay_outcome: 'applied', replay_requested_by: 'operator-1', replayed: true }]);

    expect(await command('replay', '--id', id!)).toBe('0 dead letter(s) to replay (none open and not already asked for)\n');
    await publishEvents(bus, poison); // and a late redelivery from the bus is a duplicate
    expect(await applied(poison.data.caseId)).toBe(1);
  }, 90_000);

  it('refuses a replay without a choice as a usage error', async () => {
    await expect(command('replay')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('replay needs --id ID or --all') });
  }, 30_000);
});
