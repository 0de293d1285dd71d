import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CloudEvent, EventDefinition, eventTopic, newCloudEvent, parseCloudEvent, SERVICE_NAMES, ServiceName, validateEventData } from '@icjims/contracts';
import { BusMessage, EventBus } from '@icjims/messaging';

/** A CloudEvent as its producer would emit it; override any envelope attribute. */
export function cloudEvent<T extends object>(
  definition: EventDefinition<T>,
  subject: string,
  data: T,
  envelope: Partial<CloudEvent<T>> = {},
): CloudEvent<T> {
  return { ...newCloudEvent(definition, subject, data, randomUUID()), ...envelope };
}

/** The bus message carrying an event on its producer's topic (the producer is named by `source`). */
export function busMessage(event: CloudEvent<unknown>): BusMessage {
  const producer = event.source.replace('/icjims/', '') as ServiceName;
  if (!SERVICE_NAMES.includes(producer)) throw new Error(`source ${event.source} names no service`);
  return { topic: eventTopic(producer), key: event.subject, value: JSON.stringify(event), headers: {} };
}

/** Publishes events as their producing services would, for a consumer under test. */
export async function publishEvents(bus: EventBus, ...events: CloudEvent<unknown>[]): Promise<void> {
  await bus.publish(events.map(busMessage));
}

/** The events of one type that their producer wrote to its outbox about `subject`, oldest first, each checked against its contract. */
export async function outboxCloudEvents<T extends object>(db: Client, definition: EventDefinition<T>, subject: string): Promise<CloudEvent<T>[]> {
  const { rows } = await db.query(`SELECT value FROM ${definition.service.replace(/-/g, '_')}.outbox WHERE event_type = $1 AND message_key = $2 ORDER BY position`, [
    definition.type,
    subject,
  ]);
  return rows.map((row: { value: string }) => validateEventData(definition, parseCloudEvent(row.value)));
}

/** The data of those events. */
export async function outboxEvents<T extends object>(db: Client, definition: EventDefinition<T>, subject: string): Promise<T[]> {
  return (await outboxCloudEvents(db, definition, subject)).map((event) => ({ ...event.data }));
}
