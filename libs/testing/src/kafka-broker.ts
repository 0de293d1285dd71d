import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import type * as Testcontainers from 'testcontainers';
import type * as TestcontainersKafka from '@testcontainers/kafka';

export interface KafkaForTests {
  brokers: string[];
  kind: 'external' | 'testcontainers' | 'kcat-mock';
  /** KafkaBus consumer timings that keep suites fast on this broker (a `Partial<KafkaConsumerTuning>`). */
  consumerTuning: ConsumerTuningForTests;
  stop(): Promise<void>;
}

export interface ConsumerTuningForTests {
  readonly sessionTimeout: number;
  readonly heartbeatInterval: number;
  readonly rebalanceTimeout: number;
  readonly maxWaitTimeInMs: number;
  readonly redeliveryInitialDelayMs: number;
  readonly redeliveryMaxDelayMs: number;
}

const FAST_CONSUMER_TIMINGS = { heartbeatInterval: 500, maxWaitTimeInMs: 100, redeliveryInitialDelayMs: 50, redeliveryMaxDelayMs: 1_000 };

/** A real broker refuses session timeouts below its group.min.session.timeout.ms, 6 s by default. */
const REAL_KAFKA_TUNING: ConsumerTuningForTests = { ...FAST_CONSUMER_TIMINGS, sessionTimeout: 6_000, rebalanceTimeout: 6_000 };

/**
 * librdkafka's mock cluster:
 * - a fetch always waits the full `maxWaitTimeInMs`, even when data arrives, so it is the delivery latency;
 * - a new group is formed 3 s after its first JoinGroup (fixed), and members silent for `sessionTimeout`
 *   are expired, counted from the JoinGroup: below ~4 s the joining member is dropped before the group
 *   forms and the join hangs until the request times out;
 * - a group is re-formed `sessionTimeout - 1000` ms after a member joins or leaves a formed group.
 */
const MOCK_CLUSTER_TUNING: ConsumerTuningForTests = { ...FAST_CONSUMER_TIMINGS, sessionTimeout: 4_000, rebalanceTimeout: 4_000 };

const DOCKER_PROBE_TIMEOUT_MS = 5_000;
const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.0';
const KAFKA_CONTAINER_PORT = 9093;
const KCAT_START_TIMEOUT_MS = 10_000;
const KCAT_STOP_TIMEOUT_MS = 2_000;

/**
 * Finds a Kafka broker for a suite: `KAFKA_BROKERS` when set; else a real Kafka in Docker
 * (testcontainers) when a Docker engine answers; else librdkafka's mock cluster through `kcat`.
 * Throws when none is available — in CI as well as locally; callers decide whether to skip.
 */
export async function startKafkaForTests(): Promise<KafkaForTests> {
  const external = process.env.KAFKA_BROKERS?.split(',').map((broker) => broker.trim()).filter(Boolean);
  if (external?.length) return { brokers: external, kind: 'external', consumerTuning: REAL_KAFKA_TUNING, stop: async () => undefined };

  // Loaded only on this path: it takes ~0.6 s to load, and Jest's VM cannot run a native import().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const testcontainers = require('testcontainers') as typeof Testcontainers;
  if (await dockerEngineAnswers(testcontainers)) return startKafkaContainer();

  const kcat = findOnPath('kcat');
  if (kcat) return startKcatMockCluster(kcat);

  const options =
    'set KAFKA_BROKERS=host:port to use a running Kafka, start a Docker engine (a Kafka container is started ' +
    'through testcontainers), or install kcat (Debian: apt-get install kcat) for librdkafka\'s mock cluster';
  if (process.env.CI === 'true') {
    throw new Error(`No Kafka broker could be found for the tests, and CI must not skip them: ${options}.`);
  }
  throw new Error(`No Kafka broker could be found for the tests: ${options}.`);
}

async function dockerEngineAnswers(testcontainers: typeof Testcontainers): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  // The probe must not hang the suite (a DOCKER_HOST that never answers): give up after a few seconds.
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DOCKER_PROBE_TIMEOUT_MS);
  });
  const probe = testcontainers.getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function startKafkaContainer(): Promise<KafkaForTests> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { KafkaContainer } = require('@testcontainers/kafka') as typeof TestcontainersKafka;
  // testcontainers' reaper removes the container should this process die without stop().
  const container = await new KafkaContainer(KAFKA_IMAGE).withKraft().start();
  return {
    brokers: [`${container.getHost()}:${container.getMappedPort(KAFKA_CONTAINER_PORT)}`],
    kind: 'testcontainers',
    consumerTuning: REAL_KAFKA_TUNING,
    stop: async () => {
      await container.stop();
    },
  };
}

function findOnPath(command: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/**
 * librdkafka's mock cluster, hosted by a `kcat` producer that waits on stdin: it serves the
 * Kafka protocol on 127.0.0.1 for as long as its stdin stays open, so it also ends by itself
 * when this process dies (the pipe closes).
 */
async function startKcatMockCluster(kcat: string): Promise<KafkaForTests> {
  // -b is required but ignored once the mock cluster is enabled; -t names a topic nobody uses.
  const child = spawn(kcat, ['-P', '-b', '127.0.0.1:1', '-t', 'keepalive', '-X', 'test.mock.num.brokers=1'], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  // Ending stdin of a kcat that has just died can raise EPIPE; its exit is what we act on.
  child.stdin?.on('error', () => undefined);
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  try {
    const broker = await readMockBootstrapAddress(child);
    await waitForTcp(broker, KCAT_START_TIMEOUT_MS);
    return {
      brokers: [broker],
      kind: 'kcat-mock',
      consumerTuning: MOCK_CLUSTER_TUNING,
      stop: async () => {
        process.removeListener('exit', killOnExit);
        await stopChild(child);
      },
    };
  } catch (error) {
    process.removeListener('exit', killOnExit);
    await stopChild(child);
    throw error;
  }
}

/**
 * Without `-d mock` librdkafka still prints a notice, "Mock cluster enabled: … replaced with
 * 127.0.0.1:PORT"; with it, a debug line "bootstrap.servers=127.0.0.1:PORT". Accept either.
 * Debug output would be one line per request, so we do without it and drain the rest of stderr.
 */
function readMockBootstrapAddress(child: ChildProcess): Promise<string> {
  const stderr = child.stderr;
  if (!stderr) return Promise.reject(new Error('kcat was started without a stderr pipe'));
  return new Promise((resolve, reject) => {
    let seen = '';
    const finish = (error: Error | undefined, broker?: string): void => {
      clearTimeout(timer);
      stderr.removeListener('data', onData);
      child.removeListener('error', onError);
      child.removeListener('exit', onExit);
      stderr.resume(); // keep draining so kcat never blocks on a full pipe
      if (broker) resolve(broker);
      else reject(error);
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      const match = /(?:bootstrap\.servers=|replaced with )(127\.0\.0\.1:\d+)/.exec(seen);
      if (match) finish(undefined, match[1]);
    };
    const onError = (error: Error): void => finish(new Error(`kcat could not be started: ${error.message}`));
    const onExit = (code: number | null, signal: string | null): void =>
      finish(new Error(`kcat exited (code ${code}, signal ${signal}) before its mock cluster was up: ${seen.slice(-500)}`));
    const timer = setTimeout(
      () => finish(new Error(`kcat did not report its mock cluster address within ${KCAT_START_TIMEOUT_MS} ms: ${seen.slice(-500)}`)),
      KCAT_START_TIMEOUT_MS,
    );
    stderr.on('data', onData);
    child.once('error', onError);
    child.once('exit', onExit);
  });
}

async function waitForTcp(address: string, timeoutMs: number): Promise<void> {
  const [host, port] = address.split(':');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port: Number(port) }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (accepted) return;
    if (Date.now() > deadline) throw new Error(`${address} did not accept connections within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Ends stdin (kcat then exits by itself); kills it if it lingers. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  let timer: NodeJS.Timeout | undefined;
  const lingered = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), KCAT_STOP_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (lingered) {
    child.kill('SIGKILL');
    await exited;
  }
}
