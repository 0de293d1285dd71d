import { DataSource, QueryFailedError } from 'typeorm';
import { useLabelTable } from './persistence.fixtures';
import { PipeliningClient } from './pipelining-client';
import { readSideBySide, readsSideBySide, readsTogether, readTogether } from './reads';

const serverUrl = () => process.env.TEST_POSTGRES_URL as string;

const { table, dataSource, sent, labels } = useLabelTable('t_reads', ['one', 'two']);

describe('reads sent together (readTogether, readsTogether)', () => {
  const opening = 'START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY';
  const settings = `SELECT current_setting('transaction_isolation') AS isolation, current_setting('transaction_read_only') AS read_only, current_setting('statement_timeout') AS time_limit`;
  const byId = `SELECT label FROM ${table} WHERE id = $1`;
  const outsideTransactions = async () => (await dataSource.query('SELECT now() = statement_timestamp() AS alone'))[0].alone;

  it('go in one message that opens a read-only transaction on one snapshot, with the time limit, and commits', async () => {
    const rows = await readTogether(dataSource.manager, [{ text: byId, values: [1] }, { text: settings }], 5000);
    expect(rows).toEqual([[{ label: 'one' }], [{ isolation: 'repeatable read', read_only: 'on', time_limit: '5s' }]]);
    expect(sent).toEqual([`${opening};\nSET LOCAL statement_timeout = 5000;\n${byId};\n${settings};\nCOMMIT`]);
    expect(await outsideTransactions()).toBe(true); // the connection was left outside any transaction
  });

  it('refuse a write, as QueryFailedError, roll back, and the connection serves on', async () => {
    const failure = await readTogether(dataSource.manager, [{ text: `INSERT INTO ${table} (id, label) VALUES ($1, $2)`, values: [50, 'fifty'] }]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError).driverError).toMatchObject({ code: '25006' }); // read-only transaction
    expect(sent).toEqual([expect.stringMatching(/^START TRANSACTION/), 'ROLLBACK']);
    expect(await labels()).not.toContain('fifty');
    expect(await outsideTransactions()).toBe(true);
  });

  it('are cancelled past the time limit (SQLSTATE 57014), and the connection serves on', async () => {
    const failure = await readTogether(dataSource.manager, [{ text: 'SELECT pg_sleep(2)' }], 50).catch((error: unknown) => error);
    expect((failure as QueryFailedError).driverError).toMatchObject({ code: '57014' });
    expect(await readTogether(dataSource.manager, [{ text: settings }])).toEqual([[{ isolation: 'repeatable read', read_only: 'on', time_limit: '0' }]]);
  });

  it('asked in the same turn go in one message, each given its rows; one asked later in one of its own', async () => {
    const reads = readsTogether(dataSource.manager, 5000);
    const [one, two] = await Promise.all([reads.query(byId, [1]), reads.query(byId, [2])]);
    expect([one, two]).toEqual([[{ label: 'one' }], [{ label: 'two' }]]);
    expect(await reads.query(settings)).toEqual([{ isolation: 'repeatable read', read_only: 'on', time_limit: '5s' }]);
    expect(sent).toEqual([
      `${opening};\nSET LOCAL statement_timeout = 5000;\n${byId};\n${byId};\nCOMMIT`,
      `${opening};\nSET LOCAL statement_timeout = 5000;\n${settings};\nCOMMIT`,
    ]);
  });

  it('asked in the same turn all fail when one does', async () => {
    const reads = readsTogether(dataSource.manager);
    const answers = await Promise.allSettled([reads.query(byId, [1]), reads.query('SELECT $1::int', ['not a number'])]);
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
    expect(answers.map((answer) => (answer as PromiseRejectedResult).reason)).toEqual([expect.any(QueryFailedError), expect.any(QueryFailedError)]);
  });

  it('run one after the other in the same transaction on a client that does not pipeline', async () => {
    const plain = new DataSource({ type: 'postgres', url: serverUrl(), extra: { max: 1 } });
    await plain.initialize();
    sent.length = 0; // what initialising it sent
    try {
      expect(await readTogether(plain.manager, [{ text: byId, values: [1] }, { text: settings }], 5000)).toEqual([[{ label: 'one' }], [{ isolation: 'repeatable read', read_only: 'on', time_limit: '5s' }]]);
      expect(sent).toEqual([opening, 'SET LOCAL statement_timeout = 5000', byId, settings, 'COMMIT']);
    } finally {
      await plain.destroy();
    }
  });
});

describe('reads side by side (readSideBySide, readsSideBySide)', () => {
  const whereAndWhen = `SELECT pg_backend_pid() AS pid, txid_current_snapshot()::text AS snapshot, current_setting('statement_timeout') AS time_limit, $1::int AS part`;
  let wide: DataSource;
  beforeAll(async () => {
    wide = new DataSource({ type: 'postgres', url: serverUrl(), extra: { max: 3, Client: PipeliningClient } });
    await wide.initialize();
  });
  afterAll(() => wide.destroy());
  type Where = { pid: number; snapshot: string; time_limit: string; part: number };

  it('run each on a connection of its own, on one snapshot, each with the time limit', async () => {
    const rows = (await readSideBySide(wide.manager, [1, 2, 3].map((part) => ({ text: whereAndWhen, values: [part] })), 5000)) as Where[][];
    expect(rows.map(([row]) => row.part)).toEqual([1, 2, 3]);
    expect(new Set(rows.map(([row]) => row.pid)).size).toBe(3);
    expect(new Set(rows.map(([row]) => row.snapshot)).size).toBe(1);
    expect(rows.map(([row]) => row.time_limit)).toEqual(['5s', '5s', '5s']);
    expect(sent.filter((text) => text.startsWith('START TRANSACTION'))).toHaveLength(3);
    expect(sent.filter((text) => /SET TRANSACTION SNAPSHOT/.test(text))).toHaveLength(2);
  });

  it('fail as a whole when one fails, roll every part back, and the pool serves on', async () => {
    const failure = await readSideBySide(wide.manager, [{ text: whereAndWhen, values: [1] }, { text: 'SELECT $1::int', values: ['not a number'] }]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    const again = (await readSideBySide(wide.manager, [1, 2].map((part) => ({ text: whereAndWhen, values: [part] })))) as Where[][];
    expect(new Set(again.map(([row]) => row.pid)).size).toBe(2); // the connections promised to the failed read were given back
  });

  it('run one after the other, in one message, when the pool could not give every part a connection', async () => {
    const rows = (await readSideBySide(dataSource.manager, [1, 2].map((part) => ({ text: whereAndWhen, values: [part] })))) as Where[][];
    expect(rows.map(([row]) => row.part)).toEqual([1, 2]);
    expect(sent.filter((text) => text.startsWith('START TRANSACTION'))).toHaveLength(1); // the pool of one connection
    const beside = readSideBySide(wide.manager, [1, 2].map((part) => ({ text: `${whereAndWhen}, pg_sleep(0.2)`, values: [part] })));
    const squeezed = (await readSideBySide(wide.manager, [3, 4].map((part) => ({ text: whereAndWhen, values: [part] })))) as Where[][];
    expect(squeezed[0][0].pid).toBe(squeezed[1][0].pid); // three connections, two promised to the read in progress
    await beside;
  });

  it('asked in the same turn run side by side (readsSideBySide)', async () => {
    const reads = readsSideBySide(wide.manager, 5000);
    const [[one], [two]] = (await Promise.all([reads.query(whereAndWhen, [1]), reads.query(whereAndWhen, [2])])) as Where[][];
    expect(one.pid).not.toBe(two.pid);
    expect(one.snapshot).toBe(two.snapshot);
  });
});
