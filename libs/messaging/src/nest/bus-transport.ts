import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom, Observable, throwError } from 'rxjs';
import { CloudEvent, eventDefinitionOf, eventTopic } from '@icjims/contracts';
import { EventConsumer } from '../consumer/event-consumer';
import { EventHandler } from '../consumer/event-handler';
import { BusContext } from './bus-context';

/**
 * The extras of an `@EventPattern` whose method takes a run of events at once:
 * `@EventPattern([A.type, B.type], { batch: true })` hands it consecutive events of any of
 * its types as one array (fewer round trips), in their order, inside the batch's transaction.
 */
export interface BusPatternExtras {
  batch?: boolean;
}

/**
 * The event bus as a custom transport strategy of @nestjs/microservices: every
 * `@EventPattern(<event type>)` method of the service's controllers is found at start-up and
 * becomes a handler of the service's `EventConsumer`, which subscribes to the topics of the
 * services producing those types and applies each batch in one transaction with its inbox
 * rows. A handler receives the event (`@Payload()`) and a `BusContext` (`@Ctx()`) holding
 * that transaction.
 */
export class BusTransport extends Server implements CustomTransportStrategy {
  constructor(private readonly consumer: EventConsumer) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const handlers = this.discovered();
      const topics = new Set(handlers.map((handler) => eventTopic(handler.event.service)));
      await this.consumer.start([...topics], handlers);
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.consumer.stop();
  }

  on(): never {
    throw new Error('the event bus transport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  /**
   * One EventHandler per `@EventPattern` type. Nest wraps each pattern of a method on its own
   * but hands every wrapper the method's one extras object: the types of one batch method share
   * one `handleBatch` through it, so the consumer passes runs of them in one call.
   */
  private discovered(): EventHandler[] {
    const batchOf = new Map<object, NonNullable<EventHandler['handleBatch']>>();
    return [...this.getHandlers()].map(([type, handler]) => {
      const event = eventDefinitionOf(type);
      if (!event) throw new Error(`@EventPattern('${type}'): no event type of the contract has this name`);
      const call = (payload: unknown, manager: BusContext['manager']) => this.outcome(handler(payload, new BusContext(manager)));
      const extras = handler.extras as BusPatternExtras | undefined;
      if (!extras?.batch) return { event, handle: (received: CloudEvent<object>, manager) => call(received, manager) };
      if (!batchOf.has(extras)) batchOf.set(extras, (events, manager) => call(events, manager));
      const handleBatch = batchOf.get(extras) as NonNullable<EventHandler['handleBatch']>;
      return { event, handle: (received: CloudEvent<object>, manager) => handleBatch([received], manager), handleBatch };
    });
  }

  private async outcome(result: Promise<unknown>): Promise<void> {
    await lastValueFrom(this.transformToObservable(await result) as Observable<unknown>, { defaultValue: undefined });
  }
}

/**
 * Errors of a handler reach the consumer as thrown, so it can tell a poison event
 * (UnprocessableEventError: dead-lettered at once) from a transient failure (retried);
 * Nest's default filter would turn every one into an opaque "Internal server error".
 */
@Catch()
export class RethrowBusErrors implements RpcExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
