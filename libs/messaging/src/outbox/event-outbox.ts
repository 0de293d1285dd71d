import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CloudEvent, EventDefinition, ServiceName, deadLetterTopic, eventTopic, newCloudEvent, validateEventData } from '@icjims/contracts';
import { currentCorrelationId } from '@icjims/observability';
import { OutboxMessage } from './outbox-message.entity';

const RECORDED_TYPES = 'icjims.recordedEventTypes';

/** The event types recorded so far in the transaction of `manager` (empty outside one), so that its commit nudges only the relay lanes concerned. */
export function recordedEventTypes(manager: EntityManager): ReadonlySet<string> {
  return (manager.queryRunner?.data as Record<string, Set<string>> | undefined)?.[RECORDED_TYPES] ?? new Set();
}

/** Appends events to the service's outbox inside the caller's transaction. */
export class EventOutbox {
  constructor(private readonly service: ServiceName) {}

  /**
   * Builds the CloudEvent and stores it with the change being committed by `manager`. Data
   * that breaks its contract throws EventSchemaError, so the change is rolled back rather than
   * committed with an event its consumers would dead-letter.
   */
  async record<T extends object>(
    manager: EntityManager,
    definition: EventDefinition<T>,
    subject: string,
    data: T,
  ): Promise<CloudEvent<T>> {
    if (definition.service !== this.service) {
      throw new Error(`${this.service} cannot emit ${definition.type}: events belong to their producing service`);
    }
    const event = newCloudEvent(definition, subject, data, currentCorrelationId() ?? randomUUID());
    validateEventData(definition, event);
    await manager.insert(OutboxMessage, {
      eventId: event.id,
      eventType: event.type,
      topic: eventTopic(this.service),
      key: subject,
      value: JSON.stringify(event),
      headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
    });
    const shared = manager.queryRunner?.data as Record<string, Set<string>> | undefined;
    if (shared) (shared[RECORDED_TYPES] ??= new Set()).add(event.type);
    return event;
  }

  /** Stores an unprocessable message for the dead-letter topic, with why. */
  async deadLetter(
    manager: EntityManager,
    message: { topic: string; key: string; value: string; headers: Record<string, string> },
    reason: string,
  ): Promise<void> {
    await manager.insert(OutboxMessage, {
      eventId: randomUUID(),
      eventType: 'dead-letter',
      topic: deadLetterTopic(this.service),
      key: message.key,
      value: message.value,
      headers: {
        ...message.headers,
        'x-dead-letter-reason': reason.slice(0, 500),
        'x-dead-letter-source-topic': message.topic,
        'x-dead-letter-consumer': this.service,
        'x-dead-letter-at': new Date().toISOString(),
      },
    });
  }
}
