import { Injectable, Type } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessRecorded, AccessRecordedV1, CloudEvent, EventDefinition, SERVICE_NAMES, ServiceName } from '@icjims/contracts';
import { EventHandler, UnprocessableEventError } from '@icjims/messaging';
import { appendAccessEntry } from './access-log.store';

/** Appends access events to the log, in the consumer's inbox transaction (so each once). */
abstract class RecordAccess implements EventHandler<AccessRecordedV1> {
  abstract readonly event: EventDefinition<AccessRecordedV1>;

  async handle(event: CloudEvent<AccessRecordedV1>, manager: EntityManager): Promise<void> {
    // The event type names its producer; a body claiming another service is not to be believed.
    if (event.data.service !== this.event.service) {
      throw new UnprocessableEventError(`${event.type} carries data.service "${event.data.service}"; it must be "${this.event.service}"`);
    }
    await appendAccessEntry(manager, event);
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
