import { createServer, Server } from 'node:http';
import { Client } from 'pg';
import { createTestDatabase } from './database';
import { http } from './http-client';
import { countRoundTrips, statementShape, tallyAllQueries } from './round-trips';

describe('countRoundTrips', () => {
  let db: Client;
  let noise: Client;
  let server: Server;
  let url: string;
  let background: NodeJS.Timeout;
  let pending: Promise<unknown> | undefined;

  beforeAll(async () => {
    const url0 = await createTestDatabase('round_trips');
    db = new Client({ connectionString: url0 });
    noise = new Client({ connectionString: url0 });
    await Promise.all([db.connect(), noise.connect()]);
    // A request that makes two round trips, or three with ?more.
    server = createServer((request, response) => {
      void (async () => {
        await db.query('SELECT 1');
        await db.query({ text: 'SELECT $1::int AS n', values: [2] });
        if (request.url?.includes('more')) await new Promise((resolve) => setTimeout(resolve, 5)).then(() => db.query('SELECT 3'));
        response.end('ok');
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    url = `http://127.0.0.1:${address.port}`;
    // Background work meanwhile, as a service's relay polls: never counted.
    background = setInterval(() => {
      if (pending) return;
      pending = noise.query('SELECT 0').then(() => (pending = undefined));
    }, 1);
  });
  afterAll(async () => {
    clearInterval(background);
    await pending; // the background's last query, before its client ends
    await new Promise((resolve) => server.close(resolve));
    await Promise.all([db.end(), noise.end()]);
  });

  it('counts the queries of the requests made during the work, in order, and nothing of the background', async () => {
    const counter = countRoundTrips(server);
    expect(await counter.during(() => http('GET', `${url}/`))).toEqual(['SELECT 1', 'SELECT $1::int AS n']);
    expect(await counter.during(() => http('GET', `${url}/?more`))).toEqual(['SELECT 1', 'SELECT $1::int AS n', 'SELECT 3']);
    expect(await counter.during(async () => db.query('SELECT 42'))).toEqual([]); // the test's own query is no request's
    counter.stop();
  });

  it('counts nothing of requests made outside a count, or after it stops', async () => {
    const counter = countRoundTrips(server);
    await http('GET', `${url}/`);
    expect(await counter.during(() => Promise.resolve())).toEqual([]);
    counter.stop();
    const another = countRoundTrips(server);
    another.stop();
    expect(await another.during(() => http('GET', `${url}/`))).toEqual([]);
  });

  it('tallies every query of the process, background included, by login and statement shape, until stopped', async () => {
    const tally = tallyAllQueries();
    await http('GET', `${url}/`);
    await noise.query('SELECT 0');
    await db.query('INSERT INTO nowhere_at_all SELECT 1').catch(() => undefined);
    tally.stop();
    await db.query('SELECT 1'); // after the stop: not counted
    const login = db.user ?? '';
    expect(tally.byShape(login)).toEqual(expect.arrayContaining([['SELECT ?', expect.any(Number)], ['INSERT nowhere_at_all', 1]]));
    expect(tally.total()).toBeGreaterThanOrEqual(4); // the request's two, the background's, the insert
    expect(tally.byLogin()).toEqual({ [login]: tally.total() });
  });

  it('names a statement by its first word and its table', () => {
    expect(statementShape('  SELECT a FROM "probation"."outbox" WHERE x')).toBe('SELECT outbox');
    expect(statementShape('WITH lock AS (SELECT 1) UPDATE access_log_head SET x = 1')).toBe('WITH access_log_head');
    expect(statementShape('BEGIN; SELECT 1')).toBe('BEGIN');
    expect(statementShape('START TRANSACTION')).toBe('START TRANSACTION');
  });
});
