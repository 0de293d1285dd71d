import { EntityManager } from 'typeorm';
import { CloudEvent, EventDefinition } from '@icjims/contracts';

/**
 * Applies one event type to the consuming service's state. `handle` runs inside the
 * transaction that also records the event in the inbox, so its effect happens once. It may
 * also run for a redelivery, in a transaction that the inbox then refuses and rolls back: keep
 * every effect in that transaction.
 * Throw UnprocessableEventError for an event that can never be applied (dead-lettered
 * at once); any other error is retried and then dead-lettered.
 */
export interface EventHandler<T extends object = object> {
  readonly event: EventDefinition<T>;
  handle(event: CloudEvent<T>, manager: EntityManager): Promise<void>;
  /**
   * Optional: applies several events at once (fewer round trips), in their order, inside the
   * batch's transaction. The consumer hands consecutive events of every handler sharing this
   * very function (by reference: subclasses of one abstract handler) to one call, made on the
   * first event's handler, so it must not assume the events are of its own type. Events of a
   * handler that has it always go through it, one at a time when a batch is retried event by
   * event. Handlers without it get `handle`. Runs under a correlation id only when all the
   * events share one: read each event's `correlationid` instead.
   */
  handleBatch?(events: CloudEvent<T>[], manager: EntityManager): Promise<void>;
}

export class UnprocessableEventError extends Error {
  override name = 'UnprocessableEventError';
}
