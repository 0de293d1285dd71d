import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AccessRecorded, AccessRecordedV1, CloudEvent, SERVICE_NAMES, ServiceName } from '@icjims/contracts';
import { BusContext, UnprocessableEventError } from '@icjims/messaging';
import { appendAccessEntries } from './access-log.store';

/** Which service publishes each access event type (each service's access events have their own). */
const PRODUCER_OF_TYPE = new Map<string, ServiceName>(SERVICE_NAMES.map((service) => [AccessRecorded[service].type, service]));

/**
 * Appends access events to the log, in the consumer's inbox transaction (so each once). One
 * batch method for the access event types of every service: the consumer hands it a run of
 * access events of any services in one call, one append for the lot.
 */
@Controller()
export class AccessEvents {
  @EventPattern([...PRODUCER_OF_TYPE.keys()], { batch: true })
  async onAccessRecorded(@Payload() events: CloudEvent<AccessRecordedV1>[], @Ctx() { manager }: BusContext): Promise<void> {
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
