import { build } from '../e2e/support/processes';
import { createTestDatabase, KafkaForTests, startKafkaForTests } from '@icjims/testing';
import { CaseWalks, stepsPerCase, WalkPlan } from './support/case-walks';
import { expectRecordedOnce } from './support/recorded-once';
import { ServiceProcesses } from './support/service-processes';
import { SERVICES } from './support/target';

const PLAN: WalkPlan = { cases: 500, hearingsPerCase: 15, concurrency: 16, propagationMs: 300_000 };

/**
 * kill -9 of single services of a deployment (five processes on Kafka) during a load of 10,000
 * steps (issue 11): procedural-steps (the journal's writer) at 4,000 accepted steps, analytics (a
 * consumer) at 7,000, each started again at once while the clients keep retrying; then every accepted step is
 * recorded once everywhere and every request has exactly one access entry.
 */
describe('kill -9 of a service during 10,000 steps, on Kafka', () => {
  let kafka: KafkaForTests;
  let services: ServiceProcesses;

  beforeAll(async () => {
    build(...SERVICES);
    kafka = await startKafkaForTests();
    services = new ServiceProcesses(await createTestDatabase('kill_service'), kafka.brokers);
    await services.startAll();
  }, 600_000);
  afterAll(async () => {
    await services?.stopAll();
    await kafka?.stop();
  });

  it('records every accepted step once in the journal, analytics and probation, and every request once in the audit log', async () => {
    const started = Date.now();
    const walks = new CaseWalks(services, PLAN);
    const restarts: Promise<void>[] = [];
    const killAt = { 4000: 'procedural-steps', 7000: 'analytics' } as const;
    walks.onStep = (accepted) => {
      const service = killAt[accepted as keyof typeof killAt];
      if (service) restarts.push(services.kill(service).then(() => services.start(service)));
    };
    await walks.run().catch(async (error: unknown) => {
      await Promise.allSettled(restarts);
      throw error;
    });
    await Promise.all(restarts);
    expect(restarts).toHaveLength(2);
    await expectRecordedOnce(services, walks, 600_000);
    const unanswered = walks.attempts.filter((attempt) => attempt.status === null).length;
    process.stderr.write(`kill -9 of procedural-steps and analytics during ${PLAN.cases * stepsPerCase(PLAN)} steps on Kafka: ${walks.attempts.length} requests, ${unanswered} unanswered; ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }, 30 * 60_000);
});
