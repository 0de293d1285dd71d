import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { freePort } from '@icjims/persistence';
import { eventually, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { tempFolder } from '../e2e/support/processes';
import { PostgresProcess, startPostgresProcess } from './support/postgres-process';

/** One request's fate: answered (status, content type, how long it took) or not answered within the client's patience. */
interface Answer {
  key: string;
  status: number | 'timeout' | 'refused';
  contentType: string;
  ms: number;
  id?: string;
  /** Whether PostgreSQL was down when it was sent. */
  duringOutage: boolean;
}

const A_CASE = { source: 'complaint', receivedAt: '2026-11-20T09:00:00Z', registeredAt: '2026-11-20T10:00:00Z', region: 'KG-GB', district: 'leninsky', agency: 'GUVD-GB', offenceArticle: '209-1', description: 'Fraud' };
// A client gives up after this long: an answer later than that is a hang.
const PATIENCE_MS = 10_000;

/**
 * PostgreSQL stopped under a load of registrations (a fast shutdown, as an operator's stop or a
 * failover does) and started again on the same folder and port: meanwhile every request is
 * answered promptly with 503 problem+json (no 500, no hang); nothing is half-written; the service
 * serves again by itself (no restart of Node), and each registration retried with its
 * Idempotency-Key is recorded exactly once, with exactly one case.registered event.
 */
describe('PostgreSQL stopped mid-load', () => {
  let postgres: PostgresProcess;
  let services: RunningServices;
  const dataDir = `${tempFolder('pg-stopped')}/postgres`;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    postgres = await startPostgresProcess(dataDir, port);
    services = await startServices([caseRegistryService], { databaseUrl: postgres.url });
    // The harness's own sessions are cut too: that is expected, not an error of the test.
    for (const session of [services.db, services.dbAsService('case-registry')]) session.on('error', () => undefined);
  }, 120_000);
  afterAll(async () => {
    await services?.stop().catch(() => undefined);
    await postgres?.stop();
    rmSync(dirname(dataDir), { recursive: true, force: true });
  });

  it('answers 503 problem+json promptly while it is down, writes nothing partly, and serves again alone once it is back', async () => {
    const api = `${services.urls['case-registry']}/api/v1`;
    const token = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    let down = false;
    const answers: Answer[] = [];
    const register = async (key: string): Promise<Answer> => {
      const started = Date.now();
      const duringOutage = down;
      try {
        const response = await fetch(`${api}/cases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(A_CASE),
          signal: AbortSignal.timeout(PATIENCE_MS),
        });
        const body = (await response.json()) as { id?: string };
        return { key, status: response.status, contentType: response.headers.get('content-type') ?? '', ms: Date.now() - started, id: body.id, duringOutage };
      } catch (error) {
        return { key, status: (error as Error).name === 'TimeoutError' ? 'timeout' : 'refused', contentType: '', ms: Date.now() - started, duringOutage };
      }
    };
    let loading = true;
    const clients = Array.from({ length: 4 }, async () => {
      while (loading) {
        answers.push(await register(randomUUID()));
        await sleep(20);
      }
    });

    await sleep(2_000);
    down = true;
    const stoppedAt = Date.now();
    await postgres.stop(); // SIGINT: a fast shutdown, open sessions cut
    await sleep(8_000);
    postgres = await startPostgresProcess(dataDir, port);
    down = false;
    const back = Date.now();
    // Recovery by itself: registrations succeed again without touching the service.
    await eventually(async () => ((await register(randomUUID())).status === 201 ? true : undefined), 60_000, 'a registration accepted again');
    const recoveredMs = Date.now() - back;
    await sleep(1_000);
    loading = false;
    await Promise.all(clients);

    const during = answers.filter((answer) => answer.duringOutage);
    const statuses = (list: Answer[]) => list.reduce<Record<string, number>>((counts, answer) => ({ ...counts, [answer.status]: (counts[answer.status] ?? 0) + 1 }), {});
    process.stderr.write(
      `PostgreSQL down ${back - stoppedAt} ms: ${answers.length} requests (${JSON.stringify(statuses(answers))}); while down ${JSON.stringify(statuses(during))}, ` +
        `slowest answer ${Math.max(...during.map((answer) => answer.ms))} ms; serving again ${recoveredMs} ms after it was back\n`,
    );
    expect(during.length).toBeGreaterThan(0);
    // Never a 5xx other than 503, never a hang; a 503 is problem+json and comes within a couple of seconds.
    expect(answers.filter((answer) => typeof answer.status !== 'number' || (answer.status >= 500 && answer.status !== 503))).toEqual([]);
    const unavailable = answers.filter((answer) => answer.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable.filter((answer) => !answer.contentType.startsWith('application/problem+json'))).toEqual([]);
    expect(unavailable.filter((answer) => answer.ms > 3_000)).toEqual([]);
    expect(answers.filter((answer) => ![201, 503].includes(answer.status as number))).toEqual([]);

    // Each refused registration, sent again with its key, is recorded now; each accepted one stays as it was.
    for (const refused of unavailable) expect((await register(refused.key)).status).toBe(201);
    for (const accepted of answers.filter((answer) => answer.status === 201)) {
      const again = await register(accepted.key);
      expect({ status: again.status, id: again.id }).toEqual({ status: 201, id: accepted.id });
    }
    // No partial write: as many cases as keys, each with one case.registered event in the outbox.
    const keys = new Set(answers.map((answer) => answer.key)).size;
    const db = new Client({ connectionString: postgres.url });
    await db.connect();
    const { rows } = await db.query<{ cases: number; events: number; lone: number }>(
      `SELECT (SELECT count(*)::int FROM case_registry.cases) AS cases,
              (SELECT count(*)::int FROM case_registry.outbox WHERE event_type = 'icjims.case-registry.case.registered.v1') AS events,
              (SELECT count(*)::int FROM case_registry.cases c WHERE (SELECT count(*) FROM case_registry.outbox o
                 WHERE o.event_type = 'icjims.case-registry.case.registered.v1' AND o.message_key = c.id::text) <> 1) AS lone`,
    );
    await db.end();
    // The probe registrations of the recovery wait are cases too, without a key in `answers`.
    expect(rows[0].cases).toBeGreaterThanOrEqual(keys);
    expect(rows[0]).toMatchObject({ events: rows[0].cases, lone: 0 });
  }, 240_000);
});
