import { setTimeout as sleep } from 'node:timers/promises';
import {
  Admin,
  Consumer,
  EachBatchPayload,
  IHeaders,
  Kafka,
  KafkaJSError,
  KafkaMessage,
  LogEntry,
  Partitioners,
  Producer,
  RetryOptions,
  logLevel as KafkaLogLevel,
} from 'kafkajs';
import { BatchHandler, batchesOf, BusMessage, EventBus, Subscription } from '../bus/event-bus';
import { stopIdleRequestQueueTimers } from './request-queue-timers';

export type BusLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type BusLogger = (level: BusLogLevel, message: string, extra?: Record<string, unknown>) => void;

/** Consumer timings. The defaults suit a real cluster; tests against librdkafka's mock cluster need shorter ones. */
export interface KafkaConsumerTuning {
  sessionTimeout: number;
  heartbeatInterval: number;
  rebalanceTimeout: number;
  /** Longest a fetch waits for data. */
  maxWaitTimeInMs: number;
  /** Pause before a rejected message is handed to the handler again; doubles on each rejection up to the maximum. */
  redeliveryInitialDelayMs: number;
  redeliveryMaxDelayMs: number;
}

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** Receives the bus's and kafkajs' log entries; by default warnings and errors go to the console. */
  logger?: BusLogger;
  consumerTuning?: Partial<KafkaConsumerTuning>;
  /** Partitions of the topics the bus creates itself (when the cluster lets it). */
  topicPartitions?: number;
  /** kafkajs' retry policy for connections and requests; its default retries 5 times from 300 ms (about 10 s in all). */
  retry?: RetryOptions;
}

const DEFAULT_CONSUMER_TUNING: KafkaConsumerTuning = {
  sessionTimeout: 30_000,
  heartbeatInterval: 3_000,
  rebalanceTimeout: 60_000,
  maxWaitTimeInMs: 5_000,
  redeliveryInitialDelayMs: 500,
  redeliveryMaxDelayMs: 30_000,
};
const DEFAULT_TOPIC_PARTITIONS = 3;
const TOPIC_CREATION_TIMEOUT_MS = 5_000;
const HEALTH_PROBE_TIMEOUT_MS = 2_000;
const HEALTH_CACHE_MS = 2_000;
const DISCONNECT_TIMEOUT_MS = 5_000;

type GroupBatches = ReturnType<typeof batchesOf>;

interface GroupConsumer {
  consumer: Consumer;
  /** Settles when subscribe() has finished starting the consumer; unsubscribe waits for it. */
  started: Promise<void>;
  /** Aborted by unsubscribe: a message waiting to be redelivered is left uncommitted. */
  stopping: AbortController;
  /** kafkajs gave up on this consumer (a crash it does not restart from). */
  crashed: boolean;
}

/**
 * The deployment transport, on kafkajs. Publishing waits for acks from all in-sync replicas.
 * Each group gets its own consumer, starting from the earliest offset when the group is new;
 * messages reach the handler in batches (one partition's, in offset order, at most the
 * subscription's batch size); an offset is committed only after the handler resolved, and a
 * rejected batch is handed to the handler again (with growing pauses) until it resolves, so
 * one key's messages stay in order.
 */
export class KafkaBus implements EventBus {
  readonly transport = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly logger: BusLogger;
  private readonly tuning: KafkaConsumerTuning;
  private readonly topicPartitions: number;
  private readonly groups = new Map<string, GroupConsumer>();
  /** One creation attempt per topic, shared by every publish and subscribe that needs it. */
  private readonly topicsEnsured = new Map<string, Promise<void>>();
  private connecting: Promise<void> | undefined;
  private producerConnected = false;
  private lastHealth: { healthy: boolean; checkedAt: number } | undefined;
  private healthProbe: Promise<boolean> | undefined;
  private closed = false;

  constructor(options: KafkaBusOptions) {
    stopIdleRequestQueueTimers();
    this.logger = options.logger ?? logWarningsToConsole;
    this.tuning = { ...DEFAULT_CONSUMER_TUNING, ...options.consumerTuning };
    this.topicPartitions = options.topicPartitions ?? DEFAULT_TOPIC_PARTITIONS;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      retry: options.retry,
      logLevel: KafkaLogLevel.INFO,
      logCreator: () => (entry) => forwardKafkaLog(this.logger, entry),
    });
    this.producer = this.kafka.producer({
      // librdkafka's mock cluster reports controller id 0, on which the idempotent producer fails.
      idempotent: false,
      // One request in flight: a retried request cannot overtake a later one, so a key keeps its order.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      // Murmur2 like the Java client: a key lands on the same partition whoever produces it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.producer.on(this.producer.events.CONNECT, () => {
      this.producerConnected = true;
    });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.producerConnected = false;
    });
    this.admin = this.kafka.admin();
  }

  /** Connects the producer and the admin client; publish and subscribe call it, so it is optional. */
  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('event bus is closed'));
    this.connecting ??= Promise.all([this.producer.connect(), this.admin.connect()]).then(
      async () => {
        // close() does not wait for a connection in progress (kafkajs cannot cancel its retries).
        if (!this.closed) return;
        await this.disconnectClients();
        throw new Error('event bus is closed');
      },
      (error: unknown) => {
        this.connecting = undefined; // let the next call try again
        throw error;
      },
    );
    return this.connecting;
  }

  async publish(messages: readonly BusMessage[]): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    if (messages.length === 0) return;
    await this.connect();
    const topics = [...new Set(messages.map((message) => message.topic))];
    await this.ensureTopics(topics);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: topics.map((topic) => ({
        topic,
        messages: messages
          .filter((message) => message.topic === topic)
          .map(({ key, value, headers }) => ({ key, value, headers })),
      })),
    });
  }

  async subscribe(subscription: Subscription): Promise<void> {
    const { group, topics } = subscription;
    if (this.closed) throw new Error('event bus is closed');
    if (this.groups.has(group)) throw new Error(`group ${group} is already subscribed`);
    const batches = batchesOf(subscription);
    const consumer = this.kafka.consumer({
      groupId: group,
      sessionTimeout: this.tuning.sessionTimeout,
      heartbeatInterval: this.tuning.heartbeatInterval,
      rebalanceTimeout: this.tuning.rebalanceTimeout,
      maxWaitTimeInMs: this.tuning.maxWaitTimeInMs,
      allowAutoTopicCreation: true,
    });
    const entry: GroupConsumer = { consumer, started: Promise.resolve(), stopping: new AbortController(), crashed: false };
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return; // kafkajs restarts the consumer itself
      entry.crashed = true;
      this.logger('error', 'kafka consumer crashed and will not restart', { group, error: describeError(payload.error) });
    });
    entry.started = this.startConsumer(entry, group, topics, batches);
    this.groups.set(group, entry);
    try {
      await entry.started;
    } catch (error) {
      if (this.groups.get(group) === entry) this.groups.delete(group);
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async startConsumer(entry: GroupConsumer, group: string, topics: readonly string[], batches: GroupBatches): Promise<void> {
    await this.connect();
    await this.ensureTopics(topics);
    await entry.consumer.connect();
    // A new group starts at the earliest offset: a service that starts late still sees what was published before.
    await entry.consumer.subscribe({ topics: [...topics], fromBeginning: true });
    // Resolves once the consumer has joined the group (on the mock cluster, 3 s for a new group).
    await entry.consumer.run({
      // Offsets are resolved by hand, chunk by chunk, only once the handler has accepted a chunk.
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(entry, group, batches, payload),
    });
  }

  /**
   * A fetched batch is one partition's messages in offset order. It is handed over in chunks
   * of at most the subscription's batch size; a chunk's last offset is resolved (and committed
   * when kafkajs' auto-commit is due) only after the handler resolved. A rebalance that took
   * the partition away (stale batch) or a stop ends the batch early: the rest stays uncommitted
   * and is delivered again to whoever owns the partition then.
   */
  private async handleBatch(entry: GroupConsumer, group: string, batches: GroupBatches, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    for (let start = 0; start < batch.messages.length; start += batches.maxBatchSize) {
      if (!payload.isRunning() || payload.isStale()) return;
      const chunk = batch.messages.slice(start, start + batches.maxBatchSize);
      await this.handleUntilAccepted(entry, group, batches.handle, payload, chunk);
      payload.resolveOffset(chunk[chunk.length - 1].offset);
      await payload.commitOffsetsIfNecessary();
      await payload.heartbeat();
    }
  }

  /**
   * A rejected chunk is retried here rather than by crashing the consumer: a crash makes
   * kafkajs leave and rejoin the group (a rebalance for every member) and its restarts do not
   * back off. The member keeps heartbeating while the handler works and while it waits.
   */
  private async handleUntilAccepted(
    entry: GroupConsumer,
    group: string,
    handle: BatchHandler,
    payload: EachBatchPayload,
    chunk: KafkaMessage[],
  ): Promise<void> {
    const messages = chunk.map((message) => toBusMessage(payload.batch.topic, message));
    for (let attempt = 1; ; attempt++) {
      try {
        await this.whileHeartbeating(payload, () => handle(messages));
        return;
      } catch (error) {
        const delayMs = Math.min(this.tuning.redeliveryMaxDelayMs, this.tuning.redeliveryInitialDelayMs * 2 ** (attempt - 1));
        // Never the values or headers: they may carry case data.
        this.logger('warn', 'event handler rejected a batch; handing it over again after a pause', {
          group,
          topic: payload.batch.topic,
          partition: payload.batch.partition,
          offset: chunk[0].offset,
          messages: chunk.length,
          attempt,
          delayMs,
          error: describeError(error),
        });
        await this.pauseBeforeRedelivery(entry, payload, delayMs);
      }
    }
  }

  /** A large batch can take longer than the session timeout: heartbeats go on meanwhile (kafkajs spaces them itself). */
  private async whileHeartbeating(payload: EachBatchPayload, work: () => Promise<void>): Promise<void> {
    const timer = setInterval(() => {
      // A rebalance shows up here as an error; the batch then ends as stale after this chunk.
      payload.heartbeat().catch(() => undefined);
    }, this.tuning.heartbeatInterval);
    try {
      await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** Keeps heartbeating while it waits so the group does not evict the member; a rebalance ends the wait by throwing. */
  private async pauseBeforeRedelivery(entry: GroupConsumer, payload: EachBatchPayload, delayMs: number): Promise<void> {
    const until = Date.now() + delayMs;
    for (let left = delayMs; left > 0; left = until - Date.now()) {
      try {
        await sleep(Math.min(left, this.tuning.heartbeatInterval), undefined, { signal: entry.stopping.signal });
      } catch {
        // A KafkaJSError so that kafkajs does not log it as a handler failure; the offset stays uncommitted.
        throw new KafkaJSError('consumer is stopping; the message will be redelivered', { retriable: true });
      }
      await payload.heartbeat();
    }
  }

  async unsubscribe(group: string): Promise<void> {
    const entry = this.groups.get(group);
    if (!entry) return;
    this.groups.delete(group);
    entry.stopping.abort();
    await entry.started.catch(() => undefined);
    // kafkajs lets the handler finish the message in hand, commits, then leaves the group.
    await entry.consumer.disconnect();
  }

  /** True when the producer is connected, every consumer is alive, and the cluster answers a metadata request within 2 s. */
  async isHealthy(): Promise<boolean> {
    if (this.closed) return false;
    if ([...this.groups.values()].some((entry) => entry.crashed)) return false;
    if (this.lastHealth && Date.now() - this.lastHealth.checkedAt < HEALTH_CACHE_MS) return this.lastHealth.healthy;
    this.healthProbe ??= this.probeCluster().then((healthy) => {
      this.lastHealth = { healthy, checkedAt: Date.now() };
      this.healthProbe = undefined;
      return healthy;
    });
    const healthy = await this.healthProbe;
    return healthy && !this.closed;
  }

  private async probeCluster(): Promise<boolean> {
    try {
      await withTimeout(
        this.connect().then(() => this.admin.describeCluster()),
        HEALTH_PROBE_TIMEOUT_MS,
        'kafka metadata request',
      );
      return this.producerConnected;
    } catch (error) {
      this.logger('warn', 'kafka health probe failed', { error: describeError(error) });
      return false;
    }
  }

  /**
   * Per topic, the high watermarks less the group's committed offsets, summed over the
   * partitions (a partition the group never committed counts from its low watermark, as a
   * new group starts from the earliest offset). Two admin requests per topic, bounded in time.
   */
  async consumerLag(group: string, topics: readonly string[]): Promise<Map<string, number>> {
    await this.connect();
    const lag = new Map<string, number>();
    const committed = await withTimeout(this.admin.fetchOffsets({ groupId: group, topics: [...topics] }), HEALTH_PROBE_TIMEOUT_MS, 'kafka offsets request');
    for (const { topic, partitions } of committed) {
      const watermarks = await withTimeout(this.admin.fetchTopicOffsets(topic), HEALTH_PROBE_TIMEOUT_MS, 'kafka watermarks request');
      const offsetOf = new Map(partitions.map(({ partition, offset }) => [partition, Number(offset)]));
      let behind = 0;
      for (const { partition, high, low } of watermarks) {
        const consumed = offsetOf.get(partition) ?? -1;
        behind += Math.max(0, Number(high) - (consumed >= 0 ? consumed : Number(low)));
      }
      lag.set(topic, behind);
    }
    return lag;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const groups = [...this.groups.keys()];
    // One consumer failing to stop must not keep the others, or the producer, running.
    const stopped = await Promise.allSettled(groups.map((group) => this.unsubscribe(group)));
    stopped.forEach((result, index) => {
      if (result.status === 'rejected') {
        this.logger('warn', 'kafka consumer did not stop cleanly', { group: groups[index], error: describeError(result.reason) });
      }
    });
    if (this.connecting) await this.disconnectClients();
  }

  /** kafkajs waits for requests in flight (up to its 30 s request timeout) before it disconnects: bounded here. */
  private async disconnectClients(): Promise<void> {
    try {
      await withTimeout(Promise.all([this.producer.disconnect(), this.admin.disconnect()]), DISCONNECT_TIMEOUT_MS, 'kafka disconnect');
    } catch (error) {
      this.logger('warn', 'kafka producer or admin client did not disconnect cleanly', { error: describeError(error) });
    }
  }

  private ensureTopics(topics: readonly string[]): Promise<void> {
    const missing = topics.filter((topic) => !this.topicsEnsured.has(topic));
    if (missing.length > 0) {
      const creation = this.createTopics(missing);
      for (const topic of missing) this.topicsEnsured.set(topic, creation);
    }
    return Promise.all(topics.map((topic) => this.topicsEnsured.get(topic))).then(() => undefined);
  }

  /**
   * Creating topics up front gives them our partition count; when the cluster refuses (no
   * controller on librdkafka's mock cluster, missing ACLs, a timeout), the broker creates them
   * on first use instead, so a failure is only logged. Never rejects.
   */
  private async createTopics(topics: string[]): Promise<void> {
    try {
      await withTimeout(
        this.admin.createTopics({
          topics: topics.map((topic) => ({ topic, numPartitions: this.topicPartitions })),
          timeout: TOPIC_CREATION_TIMEOUT_MS,
        }),
        TOPIC_CREATION_TIMEOUT_MS,
        'topic creation',
      );
    } catch (error) {
      // The mock cluster names controller 0, which kafkajs cannot find: expected there, so only debug.
      const level = error instanceof Error && error.name === 'KafkaJSBrokerNotFound' ? 'debug' : 'warn';
      this.logger(level, 'could not create topics; relying on the broker creating them on first use', {
        topics,
        error: describeError(error),
      });
    }
  }
}

function toBusMessage(topic: string, message: KafkaMessage): BusMessage {
  return {
    topic,
    key: message.key?.toString('utf8') ?? '',
    value: message.value?.toString('utf8') ?? '',
    headers: headersToStrings(message.headers),
  };
}

/** kafkajs hands headers over as Buffers, or arrays when a name repeats; Kafka's rule is that the last one wins. */
function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined) result[name] = value.toString();
  }
  return result;
}

const KAFKA_LOG_LEVELS: Record<KafkaLogLevel, BusLogLevel> = {
  [KafkaLogLevel.NOTHING]: 'debug',
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

/** kafkajs can attach raw protocol payloads (message values among them) to its entries: those are dropped. */
const KAFKA_LOG_FIELDS_DROPPED = new Set(['message', 'timestamp', 'logger', 'payload']);

function forwardKafkaLog(logger: BusLogger, { namespace, level, log }: LogEntry): void {
  const extra: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(log)) {
    if (!KAFKA_LOG_FIELDS_DROPPED.has(field)) extra[field] = value;
  }
  logger(KAFKA_LOG_LEVELS[level], `kafkajs ${namespace}: ${log.message}`, extra);
}

function logWarningsToConsole(level: BusLogLevel, message: string, extra?: Record<string, unknown>): void {
  if (level === 'warn') console.warn(message, extra ?? {});
  if (level === 'error') console.error(message, extra ?? {});
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Rejects when `work` has not settled in time; `work` carries on, its outcome ignored. */
function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
