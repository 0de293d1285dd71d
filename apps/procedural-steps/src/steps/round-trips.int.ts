import type { Server } from 'node:http';
import { countRoundTrips, http, RoundTripCounter, RunningServices } from '@icjims/testing';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '@icjims/messaging';
import { KnownCase } from '../known-cases/known-case.entity';
import { addPerson, announceCase, at, startProceduralSteps } from '../procedural-steps.fixtures';
import { lockCaseHead } from './case-heads';
import { JournalWriter } from './journal-writer';

/**
 * Each round trip as its first word and the table it touches (`WITH …` by the table it writes), e.g. `INSERT outbox`; transaction control as is;
 * statements sent in one message (`;` and a new line between them: persistence's PipeliningClient) joined by ` + `, e.g. `INSERT outbox + COMMIT`.
 */
const kinds = (queries: string[]): string[] => queries.map((sql) => sql.split(/;\n/).map(kind).join(' + '));

function kind(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  if (/^(START TRANSACTION|COMMIT|ROLLBACK)/i.test(text)) return text.toUpperCase();
  const table = (/^WITH/i.test(text) ? /(?:INSERT INTO|(?<!FOR )UPDATE)\s+"?([a-z_]+)"?(?:\."?([a-z_]+)"?)?/i : /(?:FROM|INTO|UPDATE)\s+"?([a-z_]+)"?(?:\."?([a-z_]+)"?)?/i).exec(text);
  return `${text.split(' ')[0].toUpperCase()} ${table ? (table[2] ?? table[1]) : '?'}`;
}

/** The transaction opened and the case's head locked, in one message: with the state kept with it and the deadline rules' revision. */
const LOCK = 'START TRANSACTION + SELECT known_cases';

/** The statements of the step's own transaction: from the one that opens it and locks the case to its COMMIT. */
function stepTransaction(queries: string[]): string[] {
  const shapes = kinds(queries);
  const lock = shapes.indexOf(LOCK);
  return shapes.slice(lock, shapes.findIndex((shape, index) => index > lock && shape.endsWith('COMMIT')) + 1);
}


/**
 * The step's transaction with its outbox rows set apart: the outbox is libs/messaging's, which
 * may write a transaction's events in one statement or one each, and sends the last with the
 * COMMIT. `events`: how many it records.
 */
function withOutbox(transaction: string[], events: number): string[] {
  const outbox = transaction.flatMap((message) => message.split(' + ')).filter((shape) => shape === 'INSERT outbox').length;
  expect(outbox).toBeGreaterThanOrEqual(1);
  expect(outbox).toBeLessThanOrEqual(events);
  expect(transaction.length).toBeLessThanOrEqual(3);
  return transaction.map((message) => message.split(' + ').filter((shape) => shape !== 'INSERT outbox').join(' + ')).filter(Boolean);
}

/** A query that reads steps of the journal. */
const readsSteps = (sql: string) => /\bFROM\s+("?procedural_steps"?\.)?"?steps"?(\s|$)/i.test(sql);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * A regression guard on the database round trips of one step through the real stack (HTTP,
 * guards, the one write path, PostgreSQL), and the proof that an append reads no journal: the
 * figures and what each round trip is are in docs/procedural-journal.md. A change that adds one
 * fails here, on purpose; update the figure and the page together.
 */
describe('database round trips of a step and of a journal read', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;
  let counter: RoundTripCounter;

  beforeAll(async () => {
    services = await startProceduralSteps();
    base = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    counter = countRoundTrips(services.apps[0].getHttpServer() as Server);
    // The relay publishes committed events in passes of its own; nudged by the commit, its pass would run in the request's context.
    await services.apps[0].get(OutboxRelay).stop();
  });
  afterAll(() => {
    counter?.stop();
    return services?.stop();
  });

  const record = (caseId: string, body: object) => http('POST', `${base}/cases/${caseId}/steps`, { token: prosecutor, body });
  async function recorded(caseId: string, body: object): Promise<string[]> {
    let status = 0;
    let detail = '';
    const queries = await counter.during(async () => {
      const response = await record(caseId, body);
      [status, detail] = [response.status, response.body?.detail];
    });
    expect({ status, detail }).toMatchObject({ status: 201 });
    return queries;
  }

  it('records a step in at most three round trips of its own transaction, none of them reading the journal', async () => {
    const caseId = await announceCase(services.bus);
    const suspect = await addPerson(services.bus, caseId, 'suspect');

    // A status change: its case.status-changed event is one more (step.recorded, case.status-changed).
    expect(withOutbox(stepTransaction(await recorded(caseId, { stepType: 'investigation_started', occurredAt: at(3) })), 2)).toEqual([
      LOCK,
      'WITH steps + COMMIT', // the step appended and the head (version, hash, status, state) updated, in one statement sent with the COMMIT
    ]);
    // A step that starts a clock: the clock written in one statement.
    expect(withOutbox(stepTransaction(await recorded(caseId, { stepType: 'detention', occurredAt: at(4), personId: suspect, details: { ground: 'caught_in_the_act' } })), 1)).toEqual([
      LOCK, // … and whether the person named is a person of the case
      'WITH steps + WITH deadlines', // the clocks the step started, stopped or extended, in the append's message
      'COMMIT',
    ]);
    // A step that moves no clock and no status.
    const plain = await recorded(caseId, { stepType: 'suspicion_notified', occurredAt: at(4, 10), personId: suspect, details: { offenceArticle: '209-1' } });
    expect(stepTransaction(plain)).toEqual([LOCK, 'WITH steps + INSERT outbox + COMMIT']);
    expect(plain.filter(readsSteps)).toEqual([]);
  });

  it('locks, appends and writes the outbox with statements each connection prepares once: their plans are kept', async () => {
    const runner = services.apps[0].get(DataSource).createQueryRunner();
    try {
      await runner.connect();
      // Two steps on one connection, each the one write path's as a request makes it.
      for (const caseId of [await announceCase(services.bus), await announceCase(services.bus)]) {
        await runner.startTransaction();
        const { known } = (await lockCaseHead(runner.manager, caseId)) as { known: KnownCase };
        await services.apps[0].get(JournalWriter).append(runner.manager, known, { stepType: 'investigation_started', occurredAt: new Date(at(3)), recordedBy: 'prosecutor-1', details: {} });
        await runner.commitTransaction();
      }
      const prepared: { name: string }[] = await runner.query(`SELECT name FROM pg_prepared_statements ORDER BY name`);
      expect(prepared.map(({ name }) => name.replace(/-[\w-]{22}$/, '-…'))).toEqual(['case-head-lock', 'journal-append-…', 'outbox-insert-…']);
    } finally {
      await runner.release();
    }
  });

  it('reads a journal in two: the case and its steps in one message of a read-only transaction, then the access event', async () => {
    const caseId = await announceCase(services.bus);
    expect((await record(caseId, { stepType: 'investigation_started', occurredAt: at(3) })).status).toBe(201);
    let answer: { status: number; body: { sequence: number }[] } | undefined;
    const queries = await counter.during(async () => (answer = await http('GET', `${base}/cases/${caseId}/steps`, { token: prosecutor })));
    expect(answer?.status).toBe(200);
    expect(answer?.body.map((step) => step.sequence)).toEqual([1, 2]);
    expect(kinds(queries)).toEqual(['START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY + SELECT known_cases + SELECT steps + COMMIT', 'INSERT outbox']);
    // Another region's case: refused, and nothing read of it is answered.
    const other = await services.tokenFor('prosecutor', { region: 'KG-C' });
    expect((await http('GET', `${base}/cases/${caseId}/steps`, { token: other })).status).toBe(403);
  });

  it('appends to a case of 10,000 steps as to a new one: its journal is read once, to keep its state, and never again', async () => {
    async function inCourt(): Promise<string> {
      const caseId = await announceCase(services.bus);
      const accused = await addPerson(services.bus, caseId, 'suspect');
      for (const body of [
        { stepType: 'investigation_started', occurredAt: at(3) },
        { stepType: 'suspicion_notified', occurredAt: at(4), personId: accused, details: { offenceArticle: '209-1' } },
        { stepType: 'indictment', occurredAt: at(5) },
      ]) {
        expect((await record(caseId, body)).status).toBe(201);
      }
      return caseId;
    }
    const [long, fresh] = [await inCourt(), await inCourt()];

    // 10,000 hearings written straight into the journal (as the schema owner), and the head moved past them
    // with no state kept: as a case recorded before states were kept, whose first append folds it once.
    const extra = 10_000;
    await services.db.query(
      `WITH hearings AS (
         INSERT INTO procedural_steps.steps (id, case_id, sequence, step_type, occurred_at, recorded_by, details, prev_hash, hash)
         SELECT gen_random_uuid(), $1, 4 + n, 'court_hearing', $2::timestamptz + n * interval '1 minute', 'bulk-loader', '{}', repeat('0', 64), encode(sha256(n::text::bytea), 'hex')
           FROM generate_series(1, $3::int) AS n
       )
       UPDATE procedural_steps.known_cases SET version = 4 + $3::int, last_hash = encode(sha256($3::int::text::bytea), 'hex'), journal_state = NULL WHERE case_id = $1`,
      [long, at(6), extra],
    );
    const hearing = (day: number, minute: number) => ({ stepType: 'court_hearing', occurredAt: `2026-11-${day}T12:${String(minute).padStart(2, '0')}:00.000Z` });

    const folding = await recorded(long, hearing(20, 0));
    expect(folding.filter(readsSteps)).toHaveLength(1);

    const timed = async (caseId: string, minute: number) => {
      const started = performance.now();
      const queries = await recorded(caseId, hearing(21, minute));
      return { ms: performance.now() - started, transaction: stepTransaction(queries), readsJournal: queries.some(readsSteps) };
    };
    const longRuns = [];
    const freshRuns = [];
    for (let minute = 0; minute < 7; minute += 1) {
      longRuns.push(await timed(long, minute));
      freshRuns.push(await timed(fresh, minute));
    }
    expect(longRuns.map((run) => run.readsJournal)).toEqual(freshRuns.map(() => false));
    expect(new Set(longRuns.map((run) => run.transaction.join()))).toEqual(new Set([freshRuns[0].transaction.join()]));
    expect(withOutbox(freshRuns[0].transaction, 1)).toEqual([LOCK, 'WITH steps + COMMIT']);
    // Time does not grow with the journal: a generous bound, so that a busy machine cannot fail it (a replay of 10,000 steps takes far longer).
    expect(median(longRuns.map((run) => run.ms))).toBeLessThan(3 * median(freshRuns.map((run) => run.ms)) + 25);

    const [{ version }] = (await services.db.query(`SELECT version FROM procedural_steps.known_cases WHERE case_id = $1`, [long])).rows;
    expect(version).toBe(4 + extra + 1 + longRuns.length);
  });
});
