import { Client, QueryResult } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { useLabelTable } from './persistence.fixtures';
import { PipeliningClient, queryTogether, sendWithNext, statementName } from './pipelining-client';

const serverUrl = () => process.env.TEST_POSTGRES_URL as string;

describe('PipeliningClient, sendWithNext and queryTogether', () => {
  const { table, dataSource, sent, labels } = useLabelTable('t_start');

  it('sends a parameterised first statement with the START, in one round trip, and its rows come back alone', async () => {
    const rows = await dataSource.transaction(async (manager) => {
      const first = await manager.query(`INSERT INTO ${table} (id, label) VALUES ($1, $2) RETURNING label, now()::text AS began`, [1, 'one']);
      const [{ same }] = await manager.query('SELECT now()::text = $1 AS same', [first[0].began]);
      return { first, same };
    });
    expect(rows.first).toEqual([{ label: 'one', began: expect.any(String) }]);
    expect(rows.same).toBe(true); // the second statement ran in the same transaction
    expect(sent).toEqual([
      `START TRANSACTION;\nINSERT INTO ${table} (id, label) VALUES ($1, $2) RETURNING label, now()::text AS began`,
      'SELECT now()::text = $1 AS same',
      'COMMIT',
    ]);
  });

  it('sends a first statement without parameters as one query after the START, with its own rows', async () => {
    const rows = await dataSource.transaction((manager) => manager.query(`INSERT INTO ${table} (id, label) VALUES (2, 'two') RETURNING id`));
    expect(rows).toEqual([{ id: 2 }]);
    expect(sent).toEqual([`START TRANSACTION;\nINSERT INTO ${table} (id, label) VALUES (2, 'two') RETURNING id`, 'COMMIT']);
  });

  it('gives UPDATE and DELETE their affected counts', async () => {
    const affected = await dataSource.transaction((manager) => manager.query(`UPDATE ${table} SET label = label WHERE id = ANY($1::int[])`, [[1, 2, 99]]));
    expect(affected).toEqual([[], 2]);
  });

  it('rolls back what the first statement wrote when the work fails after it', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO ${table} (id, label) VALUES ($1, $2)`, [3, 'three']);
        throw new Error('the work fails');
      }),
    ).rejects.toThrow('the work fails');
    expect(await labels()).toEqual(['one', 'two']);
    expect(sent.slice(0, 2)).toEqual([`START TRANSACTION;\nINSERT INTO ${table} (id, label) VALUES ($1, $2)`, 'ROLLBACK']);
  });

  it('fails with the first statement\'s own error, leaves nothing written, and the connection serves the next transaction', async () => {
    await expect(dataSource.transaction((manager) => manager.query(`INSERT INTO ${table} (id, label) VALUES ($1, $2)`, [1, 'duplicate']))).rejects.toThrow(/duplicate key/);
    await expect(dataSource.transaction((manager) => manager.query(`INSERT INTO ${table} (id, label) VALUES (1, 'duplicate')`))).rejects.toThrow(/duplicate key/);
    await expect(dataSource.transaction((manager) => manager.query('SELECT $1::int AS n', ['not a number']))).rejects.toThrow(/invalid input syntax/);
    expect(sent.filter((text) => text === 'ROLLBACK')).toHaveLength(3);
    await dataSource.transaction((manager) => manager.query(`INSERT INTO ${table} (id, label) VALUES ($1, $2)`, [4, 'four']));
    expect(await labels()).toEqual(['one', 'two', 'four']);
  });

  it('sends nothing for a transaction without statements, committed or rolled back', async () => {
    await dataSource.transaction(async () => undefined);
    await expect(dataSource.transaction(async () => Promise.reject(new Error('before any statement')))).rejects.toThrow('before any statement');
    expect(sent).toEqual([]);
    const [{ state }] = await dataSource.query('SELECT pg_current_xact_id_if_assigned() IS NULL AND now() = statement_timestamp() AS state');
    expect(state).toBe(true); // not left inside a transaction
  });

  it('keeps the isolation level asked for, and savepoints inside', async () => {
    const [levels, inner] = await dataSource.transaction('SERIALIZABLE', async (manager) => {
      const level = await manager.query('SHOW transaction_isolation');
      const nested = await manager.transaction(async (savepoint) => {
        await savepoint.query(`INSERT INTO ${table} (id, label) VALUES ($1, $2)`, [5, 'five']);
        return savepoint.query('SHOW transaction_isolation');
      });
      return [level, nested];
    });
    expect(levels).toEqual([{ transaction_isolation: 'serializable' }]);
    expect(inner).toEqual([{ transaction_isolation: 'serializable' }]);
    expect(sent[0]).toBe('START TRANSACTION;\nSET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
    expect(await labels()).toEqual(['one', 'two', 'four', 'five']);
  });

  it('gives a first query of several statements their results, as pg does', async () => {
    const client = new PipeliningClient({ connectionString: serverUrl() });
    await client.connect();
    try {
      await client.query('START TRANSACTION');
      const results = (await client.query(`SELECT 'a' AS x; SELECT 'b' AS y`)) as unknown as QueryResult[];
      await client.query('ROLLBACK');
      expect(results.map((result) => result.rows)).toEqual([[{ x: 'a' }], [{ y: 'b' }]]);
    } finally {
      await client.end();
    }
  });

  it('sends the START on its own, first, before a query given a callback', async () => {
    const client = new PipeliningClient({ connectionString: serverUrl() });
    await client.connect();
    try {
      await client.query('START TRANSACTION');
      const result = await new Promise<QueryResult>((resolve, reject) => client.query('SELECT 1 AS one', (error: Error | null, res: QueryResult) => (error ? reject(error) : resolve(res))));
      await new Promise((resolve) => setTimeout(resolve, 5));
      const [{ inside }] = (await client.query('SELECT now() <> statement_timestamp() AS inside')).rows;
      await client.query('ROLLBACK');
      expect(result.rows).toEqual([{ one: 1 }]);
      expect(inside).toBe(true); // the transaction began with the START, before the callback's query
      expect(sent.slice(0, 2)).toEqual(['START TRANSACTION', 'SELECT 1 AS one']);
    } finally {
      await client.end();
    }
  });

  describe('a write sent with the next statement', () => {
    const insert = `INSERT INTO ${table} (id, label) VALUES ($1, $2)`;

    it('goes in the COMMIT\'s message and is committed', async () => {
      await dataSource.transaction(async (manager) => {
        await manager.query(`SELECT 1 FROM ${table} WHERE id = $1`, [1]);
        await sendWithNext(manager, insert, [10, 'ten']);
      });
      expect(sent).toEqual([`START TRANSACTION;\nSELECT 1 FROM ${table} WHERE id = $1`, `${insert};\nCOMMIT`]);
      expect(await labels()).toContain('ten');
    });

    it('goes with the START and the COMMIT when it is the only statement: one round trip', async () => {
      await dataSource.transaction((manager) => sendWithNext(manager, insert, [11, 'eleven']));
      expect(sent).toEqual([`START TRANSACTION;\n${insert};\nCOMMIT`]);
      expect(await labels()).toContain('eleven');
    });

    it('goes before a statement that reads, in its message, which sees it', async () => {
      const rows = await dataSource.transaction(async (manager) => {
        await sendWithNext(manager, insert, [12, 'twelve']);
        return manager.query(`SELECT label FROM ${table} WHERE id = $1`, [12]);
      });
      expect(rows).toEqual([{ label: 'twelve' }]);
      expect(sent).toEqual([`START TRANSACTION;\n${insert};\nSELECT label FROM ${table} WHERE id = $1`, 'COMMIT']);
    });

    it('goes in a message of its own before a statement without parameters (which might be several), in order', async () => {
      const rows = await dataSource.transaction(async (manager) => {
        await manager.query(`SELECT 1 FROM ${table} WHERE id = $1`, [1]);
        await sendWithNext(manager, insert, [13, 'thirteen']);
        return manager.query(`SELECT label FROM ${table} WHERE id = 13`);
      });
      expect(rows).toEqual([{ label: 'thirteen' }]);
      expect(sent.slice(1)).toEqual([insert, `SELECT label FROM ${table} WHERE id = 13`, 'COMMIT']);
    });

    it('fails the COMMIT when it fails, with its own error, and nothing of the transaction is kept', async () => {
      await expect(
        dataSource.transaction(async (manager) => {
          await manager.query(insert, [14, 'fourteen']);
          await sendWithNext(manager, insert, [1, 'a duplicate key']);
        }),
      ).rejects.toThrow(/duplicate key/);
      expect(sent.slice(1)).toEqual([`${insert};\nCOMMIT`, 'ROLLBACK']);
      expect(await labels()).not.toContain('fourteen');
      await dataSource.transaction((manager) => sendWithNext(manager, insert, [15, 'fifteen'])); // the connection serves on
      expect(await labels()).toContain('fifteen');
    });

    it('is dropped unsent when the transaction rolls back, and by a savepoint\'s rollback when it came after the savepoint', async () => {
      await expect(
        dataSource.transaction(async (manager) => {
          await sendWithNext(manager, insert, [16, 'sixteen']);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(sent).toEqual([]);
      await dataSource.transaction(async (manager) => {
        await sendWithNext(manager, insert, [17, 'seventeen']);
        await expect(
          manager.transaction(async (savepoint) => {
            await sendWithNext(savepoint, insert, [18, 'eighteen']);
            throw new Error('not this one');
          }),
        ).rejects.toThrow('not this one');
      });
      const kept = await labels();
      expect(kept).toContain('seventeen');
      expect(kept).not.toContain('sixteen');
      expect(kept).not.toContain('eighteen');
    });

    it('runs at once outside a transaction, and on a client that does not pipeline', async () => {
      await sendWithNext(dataSource.manager, insert, [19, 'nineteen']);
      expect(await labels()).toContain('nineteen');
      const plain = new DataSource({ type: 'postgres', url: serverUrl(), extra: { max: 1 } });
      await plain.initialize();
      try {
        await plain.transaction(async (manager) => {
          await sendWithNext(manager, insert, [20, 'twenty']);
          expect((await manager.query(`SELECT label FROM ${table} WHERE id = 20`))[0]).toEqual({ label: 'twenty' });
        });
      } finally {
        await plain.destroy();
      }
    });
  });

  describe('statements sent together (queryTogether)', () => {
    const insert = `INSERT INTO ${table} (id, label) VALUES ($1, $2)`;
    const byId = `SELECT label FROM ${table} WHERE id = $1`;

    it('go in one message with the START and what the transaction holds, which they see, and give each its rows', async () => {
      const rows = await dataSource.transaction(async (manager) => {
        await sendWithNext(manager, insert, [30, 'thirty']);
        return queryTogether(manager, [
          { text: byId, values: [30] },
          { text: `SELECT count(*)::int AS n FROM ${table} WHERE id = ANY($1::int[])`, values: [[30, 31]] },
        ]);
      });
      expect(rows).toEqual([[{ label: 'thirty' }], [{ n: 1 }]]);
      expect(sent).toEqual([`START TRANSACTION;\n${insert};\n${byId};\nSELECT count(*)::int AS n FROM ${table} WHERE id = ANY($1::int[])`, 'COMMIT']);
    });

    it('fail as TypeORM\'s QueryFailedError, and the transaction keeps nothing', async () => {
      await expect(
        dataSource.transaction(async (manager) => {
          await sendWithNext(manager, insert, [32, 'thirty-two']);
          await queryTogether(manager, [{ text: byId, values: [32] }, { text: 'SELECT $1::int AS n', values: ['not a number'] }]);
        }),
      ).rejects.toThrow(QueryFailedError);
      expect(await labels()).not.toContain('thirty-two');
      await dataSource.transaction((manager) => queryTogether(manager, [{ text: byId, values: [1] }])); // the connection serves on
    });

    it('are refused outside a transaction (readTogether reads there)', async () => {
      await expect(queryTogether(dataSource.manager, [{ text: byId, values: [1] }])).rejects.toThrow(/runs in a transaction/);
      expect(sent).toEqual([]);
    });

    it('run one after the other on a client that does not pipeline', async () => {
      const plain = new DataSource({ type: 'postgres', url: serverUrl(), extra: { max: 1 } });
      await plain.initialize();
      sent.length = 0; // what initialising it sent
      try {
        expect(await plain.transaction((manager) => queryTogether(manager, [{ text: byId, values: [1] }, { text: 'SELECT 2 AS two' }]))).toEqual([[{ label: 'one' }], [{ two: 2 }]]);
        expect(sent).toEqual(['START TRANSACTION', byId, 'SELECT 2 AS two', 'COMMIT']);
      } finally {
        await plain.destroy();
      }
    });
  });

  describe('a prepared statement (a named one) sent with the next statement', () => {
    const insert = `INSERT INTO ${table} (id, label) VALUES ($1, $2)`;
    const prepared = async () => (await dataSource.query(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'pipelined-%' ORDER BY name`)).map((row: { name: string }) => row.name);

    it('is parsed the first time, only bound after that, and pg’s own named queries find it prepared', async () => {
      await dataSource.transaction((manager) => sendWithNext(manager, insert, [40, 'forty'], 'pipelined-insert'));
      await dataSource.transaction((manager) => sendWithNext(manager, insert, [41, 'forty-one'], 'pipelined-insert'));
      await dataSource.transaction(async (manager) => {
        await sendWithNext(manager, insert, [42, 'forty-two'], 'pipelined-insert');
        await sendWithNext(manager, insert, [43, 'forty-three'], 'pipelined-insert'); // the same name twice in one message
      });
      expect(await prepared()).toEqual(['pipelined-insert']);
      const runner = dataSource.createQueryRunner();
      try {
        await ((await runner.connect()) as Client).query({ name: 'pipelined-insert', text: insert, values: [44, 'forty-four'] });
      } finally {
        await runner.release();
      }
      expect(await labels()).toEqual(expect.arrayContaining(['forty', 'forty-one', 'forty-two', 'forty-three', 'forty-four']));
    });

    it('is not the connection’s when its message failed before its Parse, and is parsed again next time', async () => {
      await expect(
        dataSource.transaction(async (manager) => {
          await sendWithNext(manager, insert, [1, 'a duplicate key']);
          await sendWithNext(manager, `SELECT $1::int AS n`, [45], 'pipelined-select');
        }),
      ).rejects.toThrow(/duplicate key/);
      expect(await prepared()).toEqual(['pipelined-insert']);
      await dataSource.transaction((manager) => sendWithNext(manager, `SELECT $1::int AS n`, [46], 'pipelined-select'));
      expect(await prepared()).toEqual(['pipelined-insert', 'pipelined-select']);
    });

    it('is the connection’s when a value after it could not be written, since its Parse went out and was answered', async () => {
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      await expect(
        dataSource.transaction(async (manager) => {
          await sendWithNext(manager, `SELECT $1::int AS n`, [48], 'pipelined-before-a-bad-value');
          await sendWithNext(manager, `SELECT $1::jsonb AS j`, [circular]);
        }),
      ).rejects.toThrow(/circular/i);
      await dataSource.transaction((manager) => sendWithNext(manager, `SELECT $1::int AS n`, [49], 'pipelined-before-a-bad-value'));
      expect(await prepared()).toContain('pipelined-before-a-bad-value');
    });

    it('refuses a name given to another statement, as pg does', async () => {
      await expect(dataSource.transaction((manager) => sendWithNext(manager, `SELECT $1::text AS other`, ['x'], 'pipelined-insert'))).rejects.toThrow(/Prepared statements must be unique/);
      await dataSource.transaction((manager) => sendWithNext(manager, insert, [47, 'forty-seven'], 'pipelined-insert')); // the connection serves on
      expect(await labels()).toContain('forty-seven');
    });
  });

  it('names a statement by its text: the same text the same name, another text another, within PostgreSQL’s 63 bytes', () => {
    const text = `INSERT INTO ${table} (id, label) VALUES ($1, $2)`;
    const name = statementName('journal-append', text);
    expect(name).toBe(statementName('journal-append', `${text}`));
    expect(name).not.toBe(statementName('journal-append', `${text}, ($3, $4)`));
    expect(name).toMatch(/^journal-append-[\w-]{22}$/);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
  });
});
