import { randomUUID } from 'node:crypto';
import { DataSource, MigrationInterface } from 'typeorm';
import { AccessRecordedV1, CaseRegistered, CaseRegisteredV1, CloudEvent, eventTopic } from '@icjims/contracts';
import { createUniqueDatabase, migrateServiceDatabase } from '@icjims/persistence';
import { BusMessage } from './bus/event-bus';
import { InboxEntry } from './consumer/inbox-entry.entity';
import { MessagingTables1763900000000 } from './messaging-tables.migration';
import { OutboxMessage } from './outbox/outbox-message.entity';

/** Test data for this library's suites (not exported). */

export const CASE_TOPIC = eventTopic('case-registry');

/** A new database with a service schema holding the messaging tables and the suite's own. */
export async function migratedTestDatabase(label: string, schema: string, migrations: (new () => MigrationInterface)[] = []): Promise<DataSource> {
  return migrateServiceDatabase({
    migrationUrl: await createUniqueDatabase(process.env.TEST_POSTGRES_URL, label),
    schema,
    entities: [OutboxMessage, InboxEntry],
    migrations: [MessagingTables1763900000000, ...migrations],
  });
}

/** A valid CaseRegistered payload. */
export function caseRegisteredData(overrides: Partial<CaseRegisteredV1> = {}): CaseRegisteredV1 {
  return {
    caseId: randomUUID(),
    caseNumber: 'KG-GB-2026-000001',
    region: 'KG-GB',
    offence: { article: '209-1', iccsCode: '0701', severity: 'minor' },
    receivedAt: '2026-11-20T09:00:00.000Z',
    registeredAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

/** A valid case-registry AccessRecorded payload: a read of a case. */
export function accessRecordedData(overrides: Partial<AccessRecordedV1> = {}): AccessRecordedV1 {
  return {
    service: 'case-registry',
    actor: { sub: 'prosecutor-1', roles: ['prosecutor'], region: 'KG-GB' },
    action: 'read',
    resourceType: 'case',
    outcome: 'allowed',
    status: 200,
    method: 'GET',
    route: '/api/v1/cases/:caseId',
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A CaseRegistered CloudEvent; `data` and the envelope may be overridden, validly or not. */
export function caseRegisteredEvent(
  data: Partial<CaseRegisteredV1> | Record<string, unknown> = {},
  envelope: Partial<CloudEvent<unknown>> = {},
): CloudEvent<unknown> {
  const payload = { ...caseRegisteredData(), ...data };
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/icjims/case-registry',
    type: CaseRegistered.type,
    subject: String(payload.caseId),
    time: '2026-11-20T10:00:01.000Z',
    datacontenttype: 'application/json',
    correlationid: randomUUID(),
    data: payload,
    ...envelope,
  };
}

/** The event as the bus delivers it, keyed by its subject. */
export function messageOf(event: CloudEvent<unknown>): BusMessage {
  return { topic: CASE_TOPIC, key: event.subject, value: JSON.stringify(event), headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' } };
}

/** A message whose value is given as is (to be malformed). */
export function rawMessage(value: string): BusMessage {
  return { topic: CASE_TOPIC, key: 'case-key', value, headers: {} };
}
