import { Controller, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import pino from 'pino';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { CaseJoined, CaseRegistered, CaseRegisteredV1, CloudEvent, PersonAddedToCase } from '@icjims/contracts';
import { ServiceMetrics } from '@icjims/observability';
import { InProcessBus } from '../bus/in-process-bus';
import { EventConsumer } from '../consumer/event-consumer';
import { UnprocessableEventError } from '../consumer/event-handler';
import { EventOutbox } from '../outbox/event-outbox';
import { caseRegisteredEvent, messageOf, migratedTestDatabase } from '../messaging.fixtures';
import { BusContext } from './bus-context';
import { BusTransport, RethrowBusErrors } from './bus-transport';

class Applied1700000000002 implements MigrationInterface {
  name = 'Applied1700000000002';
  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE TABLE applied (event_id text NOT NULL, call integer NOT NULL)');
  }
  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE applied');
  }
}

/** What the handlers saw, in order: one entry per call. */
const calls: { method: string; types: string[] }[] = [];
let refuse: ((caseId: string) => boolean) | undefined;

@Controller()
class CaseEvents {
  @EventPattern(CaseRegistered.type)
  async registered(@Payload() event: CloudEvent<CaseRegisteredV1>, @Ctx() context: BusContext): Promise<void> {
    calls.push({ method: 'registered', types: [event.type] });
    if (refuse?.(event.data.caseId)) throw new UnprocessableEventError(`case ${event.data.caseId} cannot be applied`);
    await context.manager.query('INSERT INTO applied (event_id, call) VALUES ($1, $2)', [event.id, calls.length]);
  }

  @EventPattern([PersonAddedToCase.type, CaseJoined.type], { batch: true })
  async together(@Payload() events: CloudEvent<object>[], @Ctx() context: BusContext): Promise<void> {
    calls.push({ method: 'together', types: events.map((event) => event.type) });
    for (const event of events) await context.manager.query('INSERT INTO applied (event_id, call) VALUES ($1, $2)', [event.id, calls.length]);
  }
}

@Module({ controllers: [CaseEvents] })
class CaseEventsModule {}

const caseId = '5f0c8a52-7d1e-4c55-9a57-4b6f0f6d8e01';
const PAYLOADS: Record<string, object> = {
  [PersonAddedToCase.type]: {
    caseId, region: 'KG-GB', personId: '0b7f3f2e-51c4-4a8e-9a6f-2f9d1d3c4b5a', role: 'suspect', sex: 'female', ageBand: '25_34', juvenile: false, citizenshipGroup: 'national',
  },
  [CaseJoined.type]: { caseId, region: 'KG-GB', intoCaseId: '9d2a4c1b-3e5f-4a6b-8c7d-0e1f2a3b4c5d' },
};

function eventOf(type: string): CloudEvent<unknown> {
  return caseRegisteredEvent({}, { type, data: PAYLOADS[type] });
}

describe('BusTransport: @EventPattern methods as the consumer’s handlers', () => {
  let dataSource: DataSource;
  let bus: InProcessBus;
  let app: INestApplication;

  beforeAll(async () => {
    dataSource = await migratedTestDatabase('bus_transport', 'bus_transport_test', [Applied1700000000002]);
    bus = new InProcessBus();
    const consumer = new EventConsumer('analytics', dataSource, bus, new EventOutbox('analytics'), pino({ level: 'silent' }), new ServiceMetrics('analytics'), { retryDelayMs: 5 });
    app = await NestFactory.create(CaseEventsModule, { logger: false });
    app.connectMicroservice({ strategy: new BusTransport(consumer) }, { deferInitialization: true }).useGlobalFilters(new RethrowBusErrors());
    await app.init();
    await app.startAllMicroservices();
  });
  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await dataSource?.destroy();
  });
  beforeEach(async () => {
    calls.length = 0;
    refuse = undefined;
    await dataSource.query('DELETE FROM applied; DELETE FROM inbox; DELETE FROM outbox');
  });

  it('hands an event and its transaction to the method of its type, applied once however often it is delivered', async () => {
    const event = caseRegisteredEvent();
    await bus.publish([messageOf(event)]);
    await bus.publish([messageOf(event)]);

    // The redelivery's call ran in a transaction that the inbox refused: rolled back.
    expect(calls).toEqual([
      { method: 'registered', types: [CaseRegistered.type] },
      { method: 'registered', types: [CaseRegistered.type] },
    ]);
    await expect(dataSource.query('SELECT event_id FROM applied')).resolves.toEqual([{ event_id: event.id }]);
    await expect(dataSource.query('SELECT event_id, outcome FROM inbox')).resolves.toEqual([{ event_id: event.id, outcome: 'processed' }]);
  });

  it('hands a batch method the consecutive events of all its types in one call, in order', async () => {
    const [added, joined, registered, addedAgain] = [eventOf(PersonAddedToCase.type), eventOf(CaseJoined.type), caseRegisteredEvent(), eventOf(PersonAddedToCase.type)];
    await bus.publish([added, joined, registered, addedAgain].map(messageOf));

    expect(calls).toEqual([
      { method: 'together', types: [PersonAddedToCase.type, CaseJoined.type] },
      { method: 'registered', types: [CaseRegistered.type] },
      { method: 'together', types: [PersonAddedToCase.type] },
    ]);
    await expect(dataSource.query('SELECT count(*)::int AS n FROM applied')).resolves.toEqual([{ n: 4 }]);
  });

  it('lets the consumer tell a poison event by its error: dead-lettered with the reason, the others applied', async () => {
    const poison = caseRegisteredEvent();
    const next = caseRegisteredEvent();
    refuse = (caseId) => caseId === (poison.data as CaseRegisteredV1).caseId;

    await bus.publish([messageOf(poison), messageOf(next)]);

    await expect(dataSource.query('SELECT event_id FROM applied')).resolves.toEqual([{ event_id: next.id }]);
    const letters: { headers: Record<string, string> }[] = await dataSource.query(`SELECT headers FROM outbox WHERE event_type = 'dead-letter'`);
    expect(letters).toHaveLength(1);
    expect(letters[0].headers['x-dead-letter-reason']).toContain(`case ${(poison.data as CaseRegisteredV1).caseId} cannot be applied`);
    // Unprocessable: refused once in the batch and once alone, never retried after that.
    expect(calls.filter((call) => call.method === 'registered')).toHaveLength(3);
  });

  it('refuses to start on a pattern that names no event type of the contract', async () => {
    @Controller()
    class Misspelt {
      @EventPattern('icjims.case-registry.case.registerd.v1')
      handle(): void {}
    }
    @Module({ controllers: [Misspelt] })
    class MisspeltModule {}
    const other = await NestFactory.create(MisspeltModule, { logger: false });
    const consumer = new EventConsumer('audit', dataSource, new InProcessBus(), new EventOutbox('audit'), pino({ level: 'silent' }), new ServiceMetrics('audit'));
    other.connectMicroservice({ strategy: new BusTransport(consumer) });
    await other.init();
    await expect(other.startAllMicroservices()).rejects.toThrow(/case\.registerd\.v1.*no event type/);
    await other.close();
  });
});
