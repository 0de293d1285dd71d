import { Injectable, Type } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessRecorded, AccessRecordedV1, CloudEvent, EventDefinition, SERVICE_NAMES, ServiceName } from '@icjims/contracts';
import { EventHandler, UnprocessableEventError } from '@icjims/messaging';
import { appendAccessEntries } from './access-log.store';

/** Which service publishes each access event type. */
const PRODUCER_OF_TYPE = new Map<string, ServiceName>(SERVICE_NAMES.map((service) => [AccessRecorded[service].type, service]));

/**
 * Appends access events to the log, in the consumer's inbox transaction (so each once).
 * All five handlers share `handleBatch`, so the consumer hands a run of access events of
 * any services to one call: one append for the lot.
 */
abstract class RecordAccess implements EventHandler<AccessRecordedV1> {
  abstract readonly event: EventDefinition<AccessRecordedV1>;

  handle(event: CloudEvent<AccessRecordedV1>, manager: EntityManager): Promise<void> {
    return this.handleBatch([event], manager);
  }

  async handleBatch(events: CloudEvent<AccessRecordedV1>[], manager: EntityManager): Promise<void> {
    // The event type names its producer; a body claiming another service is not to be believed.
    // Refusing it fails the batch, which the consumer then retries event by event: only this one is dead-lettered.
    for (const event of events) {
      const producer = PRODUCER_OF_TYPE.get(event.type);
      if (event.data.service !== producer) {
        throw new UnprocessableEventError(`${event.type} carries data.service "${event.data.service}"; it must be "${producer}"`);
      }
    }
    await appendAccessEntries(manager, events);
  }
}

/** One handler class per producing service, since each service's access events have their own type. */
function recordAccessFrom(service: ServiceName): Type<EventHandler<AccessRecordedV1>> {
  @Injectable()
  class Handler extends RecordAccess {
    readonly event = AccessRecorded[service];
  }
  const name = `RecordAccessFrom${service.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase())}`;
  Object.defineProperty(Handler, 'name', { value: name });
  return Handler;
}

export const RECORD_ACCESS_HANDLERS: Type<EventHandler>[] = SERVICE_NAMES.map(recordAccessFrom);
