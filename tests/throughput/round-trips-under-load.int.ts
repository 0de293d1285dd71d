import { Client } from 'pg';
import { eventually, http, QueryTally, RunningServices, startServices, tallyAllQueries } from '@icjims/testing';
import { analyticsService } from '../../apps/analytics/src/analytics.service';
import { auditService } from '../../apps/audit/src/audit.service';
import { registration } from '../../apps/case-registry/src/case-registry.fixtures';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { probationService } from '../../apps/probation/src/probation.service';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';

/**
 * Issue 11, "The write path": the database round trips of a request, all services included —
 * its own transaction, its access event, every relay pass and every consumer's work it causes,
 * the background polls that run meanwhile — amortised under load. All five services run in one
 * process on the in-process bus, as `npm start` runs them (relays poll every second); every
 * query any pg client of the process sends is counted (`tallyAllQueries`), from the first
 * request of a phase until everything it caused has drained: outboxes published, audit holding
 * an entry for every access event, analytics every step. The test's own session is left out.
 *
 * The ceilings guard against a regression (docs/architecture.md, "The write path"; issue 11 asks
 * ≤ 12 for a step; before it: registration 38.8, step 20.8, read 9.6). THROUGHPUT_REQUESTS and THROUGHPUT_CONCURRENCY change
 * the load (default 100 at 16).
 */
const REQUESTS = Number(process.env.THROUGHPUT_REQUESTS ?? 100);
const CONCURRENCY = Number(process.env.THROUGHPUT_CONCURRENCY ?? 16);
// Measured at 4.2, 3.0 and 2.4 (200 at 16 in flight, 2026-12-06 evening; 17.2, 7.5 and 5.4 before statements were sent
// together): the idle relay polls (about ten a second) weigh more per request the slower the run, so each ceiling keeps
// about twice its figure, and a step stays within the issue's 12.
const CEILINGS = { registration: 9, step: 6, read: 5 };

const SCHEMAS = ['case_registry', 'procedural_steps', 'probation', 'analytics', 'audit'];

describe('database round trips per request under load, all services included', () => {
  let services: RunningServices;
  let prosecutor: string;
  let db: Client;
  const caseIds: string[] = [];
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    services = await startServices([caseRegistryService, proceduralStepsService, probationService, analyticsService, auditService], { relayPollIntervalMs: 1000 });
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    db = services.db;
  }, 60_000);
  afterAll(async () => {
    console.log(`round trips per request (${REQUESTS} at ${CONCURRENCY} in flight): ${JSON.stringify(figures)}`);
    await services?.stop();
  });

  const api = (service: string) => `${services.urls[service]}/api/v1`;

  /** Sends `count` requests, `CONCURRENCY` at a time; `send(i)` must answer as expected. */
  async function load(count: number, send: (index: number) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next < count) await send(next++); }));
  }

  /** Everything committed has gone through: no outbox row waits, audit has every access event, analytics every step. */
  async function drained(): Promise<void> {
    const sum = (expression: (schema: string) => string) => SCHEMAS.map((schema) => `(${expression(schema)})`).join(' + ');
    await eventually(
      async () => {
        const { rows: [state] } = await db.query(`SELECT
            ${sum((schema) => `SELECT count(*) FROM ${schema}.outbox WHERE published_at IS NULL`)} AS waiting,
            ${sum((schema) => `SELECT count(*) FROM ${schema}.outbox WHERE event_type LIKE '%.access.recorded.v1'`)} AS access_events,
            (SELECT count(*) FROM audit.access_log) AS access_entries,
            (SELECT count(*) FROM procedural_steps.outbox WHERE event_type LIKE '%.step.recorded.v1') AS steps,
            (SELECT count(*) FROM analytics.inbox WHERE event_type LIKE '%.step.recorded.v1') AS counted_steps,
            ${sum((schema) => `SELECT count(*) FROM ${schema}.outbox WHERE event_type = 'dead-letter'`)} AS dead_letters`);
        expect(Number(state.dead_letters)).toBe(0);
        return Number(state.waiting) === 0 && state.access_entries === state.access_events && state.steps === state.counted_steps ? true : undefined;
      },
      60_000,
      'every event to be relayed and consumed',
    );
  }

  /** Runs a phase of `count` requests and gives the round trips per request; prints where they went. */
  async function measured(name: keyof typeof CEILINGS, count: number, send: (index: number) => Promise<void>): Promise<number> {
    await drained();
    const tally = tallyAllQueries();
    const started = Date.now();
    await load(count, send);
    await drained();
    const elapsed = Date.now() - started;
    tally.stop();
    const owner = services.db.user;
    const perRequest = tally.total((login) => login !== owner) / count;
    figures[name] = Math.round(perRequest * 10) / 10;
    console.log(breakdown(name, tally, count, owner, elapsed));
    return perRequest;
  }

  it('registers a case within its ceiling of round trips', async () => {
    const perRequest = await measured('registration', REQUESTS, async () => {
      const response = await http('POST', `${api('case-registry')}/cases`, { token: prosecutor, body: registration() });
      expect(response.status).toBe(201);
      caseIds.push(response.body.id);
    });
    expect(perRequest).toBeLessThanOrEqual(CEILINGS.registration);
  }, 120_000);

  it('records a step within its ceiling of round trips', async () => {
    const occurredAt = new Date(Date.now() - 60_000).toISOString();
    const perRequest = await measured('step', caseIds.length, async (index) => {
      const response = await http('POST', `${api('procedural-steps')}/cases/${caseIds[index]}/steps`, { token: prosecutor, body: { stepType: 'investigation_started', occurredAt } });
      expect(response.status).toBe(201);
    });
    expect(perRequest).toBeLessThanOrEqual(CEILINGS.step);
  }, 120_000);

  it('reads a case within its ceiling of round trips', async () => {
    const perRequest = await measured('read', caseIds.length, async (index) => {
      const response = await http('GET', `${api('case-registry')}/cases/${caseIds[index]}`, { token: prosecutor, purpose: 'investigation' });
      expect(response.status).toBe(200);
    });
    expect(perRequest).toBeLessThanOrEqual(CEILINGS.read);
  }, 120_000);
});

/** Per login (a service's own), its round trips per request and its most frequent statements. */
function breakdown(name: string, tally: QueryTally, count: number, owner: string | undefined, elapsed: number): string {
  const per = (value: number) => (value / count).toFixed(2);
  const lines = [`${name}: ${per(tally.total((login) => login !== owner))} round trips per request over ${count} requests (${elapsed} ms)`];
  for (const [login, total] of Object.entries(tally.byLogin())) {
    if (login === owner) continue;
    const shapes = tally.byShape(login).slice(0, 8).map(([shape, n]) => `${shape} ${per(n)}`);
    lines.push(`  ${login}: ${per(total)} — ${shapes.join(', ')}`);
  }
  return lines.join('\n');
}
