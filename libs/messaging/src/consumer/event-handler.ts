import { EntityManager } from 'typeorm';
import { CloudEvent, EventDefinition } from '@icjims/contracts';

/**
 * Applies one event type to the consuming service's state. `handle` runs inside the
 * transaction that also records the event in the inbox, so its effect happens once.
 * Throw UnprocessableEventError for an event that can never be applied (dead-lettered
 * at once); any other error is retried and then dead-lettered.
 */
export interface EventHandler<T extends object = object> {
  readonly event: EventDefinition<T>;
  handle(event: CloudEvent<T>, manager: EntityManager): Promise<void>;
}

export class UnprocessableEventError extends Error {
  override name = 'UnprocessableEventError';
}
