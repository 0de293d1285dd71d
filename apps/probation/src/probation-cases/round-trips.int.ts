import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { countRoundTrips, eventually, http, publishEvents, RoundTripCounter, RunningServices, startServices } from '@icjims/testing';
import { OutboxRelay } from '@icjims/messaging';
import { stepRecorded } from '../probation.fixtures';
import { probationService } from '../probation.service';

const OFFICE = 'PR-KG-GB-LENINSKY';

/**
 * A regression guard on the database round trips of one probation command through the real
 * stack (HTTP, guards, idempotency, the one write path, PostgreSQL): the figure and what each
 * round trip is are in docs/probation.md. A change that adds one fails here, on purpose; update
 * the figure and the page together.
 */
describe('database round trips of a probation command and of a journal read', () => {
  let services: RunningServices;
  let base: string;
  let officer: string;
  let counter: RoundTripCounter;

  beforeAll(async () => {
    services = await startServices([probationService]);
    base = `${services.urls.probation}/api/v1`;
    officer = await services.tokenFor('probation_officer', { region: 'KG-GB', office: OFFICE, sub: 'officer-17' });
    counter = countRoundTrips(services.apps[0].getHttpServer() as Server);
  });
  afterAll(() => {
    counter?.stop();
    return services?.stop();
  });

  async function allocatedCase(): Promise<string> {
    const event = stepRecorded({ details: { sentenceType: 'probation', termMonths: 12, obligations: ['report_regularly'] }, occurredAt: new Date(Date.now() - 86_400_000).toISOString() });
    await publishEvents(services.bus, event);
    const admin = await services.tokenFor('admin');
    const id = await eventually(async () => (await http('GET', `${base}/probation-cases?caseId=${event.data.caseId}`, { token: admin })).body[0]?.id as string | undefined);
    const supervisor = await services.tokenFor('probation_supervisor', { region: 'KG-GB', office: OFFICE, sub: 'supervisor-1' });
    expect((await http('POST', `${base}/probation-cases/${id}/allocations`, { token: supervisor, body: { kind: 'initial', office: OFFICE, officerId: 'officer-17' } })).status).toBe(201);
    return id;
  }

  /** Each round trip as its first word and the table it touches, e.g. `INSERT probation.outbox`; transaction control as is; statements sent in one message (persistence's PipeliningClient) joined by ` + `. */
  const kinds = (queries: string[]) =>
    queries.map((sql) =>
      sql
        .split(/;\n/)
        .map((statement) => {
          const text = statement.replace(/\s+/g, ' ').trim();
          if (/^(START TRANSACTION|COMMIT|ROLLBACK)/i.test(text)) return text.toUpperCase();
          const table = /(?:FROM|INTO|UPDATE)\s+"?([a-z_]+)"?(?:\."?([a-z_]+)"?)?/i.exec(text);
          return `${text.split(' ')[0].toUpperCase()} ${table ? [table[1], table[2]].filter(Boolean).join('.') : '?'}`;
        })
        .join(' + '),
    );

  it('records a contact in six round trips: the command’s transaction, its access event in it, and the key’s answer', async () => {
    const id = await allocatedCase();
    // The relay publishes committed events in passes of its own; nudged by the commit, its pass would run in the request's context.
    await services.apps[0].get(OutboxRelay).stop();
    const body = { contactKind: 'phone', outcome: 'attended', expectedVersion: 2 };
    let status = 0;
    const queries = await counter.during(async () => {
      status = (await http('POST', `${base}/probation-cases/${id}/contact-records`, { token: officer, body, headers: { 'idempotency-key': randomUUID() } })).status;
    });
    expect(status).toBe(201);
    // Six, as docs/probation.md explains each.
    expect(kinds(queries)).toEqual([
      'SELECT idempotency_keys', // an earlier answer to this Idempotency-Key?
      'START TRANSACTION + INSERT idempotency_keys', // the transaction opened and the key claimed, in one message
      'SELECT probation_streams', // the head locked, with its state
      'WITH probation_entries + UPDATE idempotency_keys', // the entry appended and the head updated, in one statement; the unit of work's result kept with the key
      'INSERT probation.outbox + COMMIT', // probation-entry.recorded and the request's access.recorded, in one INSERT sent with the COMMIT
      'UPDATE idempotency_keys', // the answer kept again, after the commit
    ]);

    // Without an Idempotency-Key: the key's four go, and the head's lock opens the transaction.
    const unkeyed = await counter.during(() => http('POST', `${base}/probation-cases/${id}/contact-records`, { token: officer, body: { ...body, expectedVersion: 3 } }));
    expect(kinds(unkeyed)).toEqual(['START TRANSACTION + SELECT probation_streams', 'WITH probation_entries + INSERT probation.outbox + COMMIT']);
  });

  it('reads a journal in two: the head and the entries in one message of a read-only transaction, then the access event', async () => {
    const id = await allocatedCase();
    await services.apps[0].get(OutboxRelay).stop();
    let answer: { status: number; headers: Headers; body: { sequence: number }[] } | undefined;
    const queries = await counter.during(async () => (answer = await http('GET', `${base}/probation-cases/${id}/journal`, { token: officer })));
    expect(answer?.status).toBe(200);
    expect(answer?.body.map((entry) => entry.sequence)).toEqual([1, 2]);
    expect(answer?.headers.get('etag')).toBe('"2"'); // the version of the entries answered
    // The head's SELECT names probation_entries first (when it was annulled), hence its shape.
    expect(kinds(queries)).toEqual(['START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY + SELECT probation_entries + SELECT probation_entries + COMMIT', 'INSERT probation.outbox']);
    expect(queries[0]).toMatch(/FROM probation_streams s WHERE/);
    // Another office's officer: refused, and nothing read is answered.
    const other = await services.tokenFor('probation_officer', { region: 'KG-C', office: 'PR-KG-C-1', sub: 'officer-99' });
    expect((await http('GET', `${base}/probation-cases/${id}/journal`, { token: other })).status).toBe(403);
  });
});
