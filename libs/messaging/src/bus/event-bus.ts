/** One message on the bus: a CloudEvent in structured JSON mode, keyed by case id. */
export interface BusMessage {
  topic: string;
  key: string;
  /** The CloudEvent as JSON. */
  value: string;
  headers: Record<string, string>;
}

/**
 * Handles one delivered message. Resolving acknowledges it (the offset is committed);
 * rejecting means "try again later" — the bus redelivers it. Poison messages must be
 * dead-lettered by the handler, not rejected, or the consumer would stall on them.
 */
export type MessageHandler = (message: BusMessage) => Promise<void>;

export interface Subscription {
  /** Consumer group: one per consuming service, so each service sees every message once. */
  group: string;
  topics: readonly string[];
  handler: MessageHandler;
}

/** The one event-bus interface; Kafka and in-process transports implement it. */
export interface EventBus {
  readonly transport: 'in-process' | 'kafka';
  /** Resolves once every message is durably accepted (Kafka acks=all) or delivered (in-process). */
  publish(messages: readonly BusMessage[]): Promise<void>;
  /** Starts consuming; messages with the same key arrive in publish order. */
  subscribe(subscription: Subscription): Promise<void>;
  /** Stops the group's consumer after the message in hand is finished. */
  unsubscribe(group: string): Promise<void>;
  /** True when the bus can accept and deliver messages. */
  isHealthy(): Promise<boolean>;
  /** Stops all consumers and the producer. */
  close(): Promise<void>;
}
