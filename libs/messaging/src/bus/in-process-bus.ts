import { BusMessage, EventBus, Subscription } from './event-bus';

/**
 * The embedded transport: every service in one process. `publish` hands each message to
 * every subscribed group in turn and resolves only when they have all handled it, so the
 * outbox marks a row published only after its consumers committed. A handler that rejects
 * makes `publish` reject; the relay then retries the row and the consumers' inboxes drop
 * what they already processed.
 *
 * Unlike Kafka it keeps nothing for a consumer that has not subscribed yet, so a bus
 * created `held` accepts no publication until `release()` — the launcher releases it once
 * every service of the process has subscribed.
 */
export class InProcessBus implements EventBus {
  readonly transport = 'in-process' as const;
  private readonly subscriptions = new Map<string, Subscription>();
  // Serialises deliveries per group, as a Kafka partition would.
  private readonly queues = new Map<string, Promise<unknown>>();
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
    for (const message of messages) {
      for (const subscription of this.subscriptions.values()) {
        if (subscription.topics.includes(message.topic)) await this.deliver(subscription, message);
      }
    }
  }

  private deliver(subscription: Subscription, message: BusMessage): Promise<void> {
    const previous = this.queues.get(subscription.group) ?? Promise.resolve();
    const delivery = previous.catch(() => undefined).then(() => subscription.handler(message));
    this.queues.set(subscription.group, delivery);
    return delivery;
  }

  async subscribe(subscription: Subscription): Promise<void> {
    if (this.subscriptions.has(subscription.group)) throw new Error(`group ${subscription.group} is already subscribed`);
    this.subscriptions.set(subscription.group, subscription);
  }

  async unsubscribe(group: string): Promise<void> {
    this.subscriptions.delete(group);
    await this.queues.get(group)?.catch(() => undefined);
    this.queues.delete(group);
  }

  async isHealthy(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.releaseNow(); // publications still waiting fail now rather than hang
    await Promise.all([...this.subscriptions.keys()].map((group) => this.unsubscribe(group)));
  }
}
