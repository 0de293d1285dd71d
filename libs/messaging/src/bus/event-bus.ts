/** One message on the bus: a CloudEvent in structured JSON mode, keyed by case id. */
export interface BusMessage {
  topic: string;
  key: string;
  /** The CloudEvent as JSON. */
  value: string;
  headers: Record<string, string>;
}

/** Header naming the event type of a published message (set by the relay), so a bus can route without parsing. */
export const EVENT_TYPE_HEADER = 'x-event-type';

export function messageEventType(message: BusMessage): string | undefined {
  return message.headers[EVENT_TYPE_HEADER];
}

/**
 * Handles one delivered message. Resolving acknowledges it (the offset is committed);
 * rejecting means "try again later" — the bus redelivers it. Poison messages must be
 * dead-lettered by the handler, not rejected, or the consumer would stall on them.
 */
export type MessageHandler = (message: BusMessage) => Promise<void>;

/**
 * Handles messages delivered together, in their order (one key's messages keep their
 * publish order). Resolving acknowledges all of them; rejecting has the bus redeliver all
 * of them, so the handler must be idempotent (an inbox) and dead-letter poison itself.
 */
export type BatchHandler = (messages: readonly BusMessage[]) => Promise<void>;

interface SubscriptionBase {
  /** Consumer group: one per consuming service, so each service sees every message once. */
  group: string;
  topics: readonly string[];
  /**
   * The event types the group handles. A transport may leave the others out (in-process does,
   * by the message's `x-event-type` header); the group must still ignore any that reach it.
   */
  eventTypes?: readonly string[];
}

/** One message at a time, or batches of up to `maxBatchSize` (default 100) messages. */
export type Subscription = SubscriptionBase &
  ({ handler: MessageHandler; batchHandler?: never } | { batchHandler: BatchHandler; maxBatchSize?: number; handler?: never });

export const DEFAULT_MAX_BATCH_SIZE = 100;

/** A subscription seen as batches: a one-message handler gets batches of one. */
export function batchesOf(subscription: Subscription): { handle: BatchHandler; maxBatchSize: number } {
  if (subscription.batchHandler) {
    const maxBatchSize = subscription.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) throw new Error(`maxBatchSize must be a positive integer (got ${maxBatchSize})`);
    return { handle: subscription.batchHandler, maxBatchSize };
  }
  const handler = subscription.handler;
  return { handle: (messages) => handler(messages[0]), maxBatchSize: 1 };
}

/** The one event-bus interface; Kafka and in-process transports implement it. */
export interface EventBus {
  readonly transport: 'in-process' | 'kafka';
  /** Resolves once every message is durably accepted (Kafka acks=all) or delivered (in-process). */
  publish(messages: readonly BusMessage[]): Promise<void>;
  /** Starts consuming; messages with the same key arrive in publish order. */
  subscribe(subscription: Subscription): Promise<void>;
  /** Stops the group's consumer after the message (or batch) in hand is finished. */
  unsubscribe(group: string): Promise<void>;
  /** True when the bus can accept and deliver messages. */
  isHealthy(): Promise<boolean>;
  /**
   * Messages on each of `topics` that `group` has not consumed yet (for the consumer-lag
   * gauge; read in the background, never when metrics are scraped). Optional: a transport
   * without it reports no lag.
   */
  consumerLag?(group: string, topics: readonly string[]): Promise<Map<string, number>>;
  /** Stops all consumers and the producer. */
  close(): Promise<void>;
}
