import { BatchHandler, batchesOf, BusMessage, EventBus, messageEventType, Subscription } from './event-bus';

interface Delivery {
  message: BusMessage;
  done(error?: unknown): void;
}

/** One subscribed group: its queue and the batch it has in hand. */
interface Group {
  topics: readonly string[];
  /** Messages of other types are not delivered to the group (absent: every type). */
  eventTypes: ReadonlySet<string> | undefined;
  handle: BatchHandler;
  maxBatchSize: number;
  queue: Delivery[];
  /** The batch being handled. */
  inHand: readonly Delivery[];
  /** Set while the group works through its queue. */
  draining: Promise<void> | undefined;
}

/**
 * The embedded transport: every service in one process. `publish` queues each message for
 * every subscribed group and resolves only when they have all handled it, so the outbox
 * marks a row published only after its consumers committed. Each group takes what is queued
 * for it, up to its batch size, one batch at a time in publish order (as a Kafka partition
 * would); messages published while a batch is in hand wait and go in the next one.
 *
 * A handler that rejects makes `publish` reject, for that batch and for everything queued
 * behind it in the group (so nothing overtakes what must be redelivered); the relay then
 * retries the rows and the consumers' inboxes drop what they already processed.
 *
 * Unlike Kafka it keeps nothing for a consumer that has not subscribed yet, so a bus
 * created `held` accepts no publication until `release()` — the launcher releases it once
 * every service of the process has subscribed.
 */
export class InProcessBus implements EventBus {
  readonly transport = 'in-process' as const;
  private readonly groups = new Map<string, Group>();
  private closed = false;
  private released: Promise<void>;
  private releaseNow: () => void = () => undefined;

  constructor(options: { held?: boolean } = {}) {
    this.released = options.held ? new Promise((resolve) => (this.releaseNow = resolve)) : Promise.resolve();
  }

  /** Lets publications through (they wait until then). */
  release(): void {
    this.releaseNow();
  }

  async publish(messages: readonly BusMessage[]): Promise<void> {
    await this.released;
    if (this.closed) throw new Error('event bus is closed');
    const deliveries: Promise<void>[] = [];
    for (const group of this.groups.values()) {
      for (const message of messages) {
        if (!wants(group, message)) continue;
        deliveries.push(new Promise((resolve, reject) => group.queue.push({ message, done: (error) => (error ? reject(error) : resolve()) })));
      }
      this.drain(group);
    }
    const outcomes = await Promise.allSettled(deliveries);
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** Works through the group's queue unless it already does; picks up what arrived as it finished. */
  private drain(group: Group): void {
    if (group.draining || group.queue.length === 0) return;
    group.draining = this.deliverQueued(group).finally(() => {
      group.draining = undefined;
      this.drain(group);
    });
  }

  private async deliverQueued(group: Group): Promise<void> {
    while (group.queue.length > 0) {
      const batch = group.queue.splice(0, group.maxBatchSize);
      group.inHand = batch;
      try {
        await group.handle(batch.map((delivery) => delivery.message));
        for (const delivery of batch) delivery.done();
      } catch (error) {
        for (const delivery of [...batch, ...group.queue.splice(0)]) delivery.done(error ?? new Error('event handler rejected'));
      } finally {
        group.inHand = [];
      }
    }
  }

  async subscribe(subscription: Subscription): Promise<void> {
    if (this.groups.has(subscription.group)) throw new Error(`group ${subscription.group} is already subscribed`);
    const { handle, maxBatchSize } = batchesOf(subscription);
    const eventTypes = subscription.eventTypes && new Set(subscription.eventTypes);
    this.groups.set(subscription.group, { topics: subscription.topics, eventTypes, handle, maxBatchSize, queue: [], inHand: [], draining: undefined });
  }

  /** No new messages reach the group; what is already queued for it is handled first. */
  async unsubscribe(group: string): Promise<void> {
    const subscribed = this.groups.get(group);
    this.groups.delete(group);
    while (subscribed?.draining) await subscribed.draining;
  }

  async isHealthy(): Promise<boolean> {
    return !this.closed;
  }

  /** The group's backlog: messages queued for it or in the batch in hand (nothing is kept for a group not subscribed). */
  async consumerLag(group: string, topics: readonly string[]): Promise<Map<string, number>> {
    const lag = new Map(topics.map((topic) => [topic, 0]));
    const subscribed = this.groups.get(group);
    for (const { message } of subscribed ? [...subscribed.inHand, ...subscribed.queue] : []) {
      const count = lag.get(message.topic);
      if (count !== undefined) lag.set(message.topic, count + 1);
    }
    return lag;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.releaseNow(); // publications still waiting fail now rather than hang
    await Promise.all([...this.groups.keys()].map((group) => this.unsubscribe(group)));
  }
}

/** A group gets the messages of its topics, less those of a type it does not handle (a message without a type goes to it). */
function wants(group: Group, message: BusMessage): boolean {
  if (!group.topics.includes(message.topic)) return false;
  const type = messageEventType(message);
  return !group.eventTypes || type === undefined || group.eventTypes.has(type);
}
