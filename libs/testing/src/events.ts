import { randomUUID } from 'node:crypto';
import { CloudEvent, EventDefinition, eventTopic, newCloudEvent, SERVICE_NAMES, ServiceName } from '@icjims/contracts';
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
