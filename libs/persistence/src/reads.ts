import type { EntityManager } from 'typeorm';
import { PipeliningClient, rowsOfPipeline, Statement } from './pipelining-client';

/*
 * Reads that need no transaction of a change, in as few round trips as the driver allows: in one
 * message (readTogether), or side by side on several connections (readSideBySide), on one snapshot.
 */

/** What opens a transaction of reads: REPEATABLE READ (one snapshot), READ ONLY, on `snapshot` if given (pg_export_snapshot's), its statements limited to `timeLimitMs`. */
function readingTransaction(timeLimitMs?: number, snapshot?: string): Statement[] {
  const opening: Statement[] = [{ text: 'START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY' }];
  // Neither takes parameters: the snapshot's id checked, the limit an integer.
  if (snapshot !== undefined) {
    if (!/^[0-9A-F]+(-[0-9A-F]+)+$/.test(snapshot)) throw new Error(`not a snapshot id: ${snapshot.slice(0, 40)}`);
    opening.push({ text: `SET TRANSACTION SNAPSHOT '${snapshot}'` });
  }
  if (timeLimitMs !== undefined) opening.push({ text: `SET LOCAL statement_timeout = ${Math.max(1, Math.trunc(timeLimitMs))}` });
  return opening;
}

/**
 * Runs reads in one round trip, on one snapshot, and nothing else: on a connection of the pool, one
 * message opens a REPEATABLE READ, READ ONLY transaction (its statements limited to `timeLimitMs`
 * each, if given), runs them and commits. Their rows, in order. A failure is TypeORM's
 * QueryFailedError (a statement past the time limit: SQLSTATE 57014), and the transaction is rolled
 * back. On another client they run one after the other, in the same transaction.
 */
export function readTogether(manager: EntityManager, statements: readonly Statement[], timeLimitMs?: number): Promise<unknown[][]> {
  return readOn(manager, readingTransaction(timeLimitMs), statements);
}

/** `statements` after `opening`, then COMMIT, in one message on a connection of the pool (readTogether). */
async function readOn(manager: EntityManager, opening: readonly Statement[], statements: readonly Statement[]): Promise<unknown[][]> {
  const sent = [...opening, ...statements, { text: 'COMMIT' }];
  const runner = manager.connection.createQueryRunner();
  try {
    const client: unknown = await runner.connect();
    try {
      if (!(client instanceof PipeliningClient)) {
        const rows: unknown[][] = [];
        for (const { text, values } of sent) rows.push(await runner.query(text, values && [...values]));
        return rows.slice(opening.length, -1);
      }
      return (await rowsOfPipeline(client, sent)).slice(opening.length, -1);
    } catch (error) {
      // After a failure the transaction stays open, aborted, until a ROLLBACK ends it; a broken connection is the pool's to drop.
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/** Connections each pool has promised to reads side by side now in progress. */
const promised = new WeakMap<object, number>();

/**
 * Runs reads side by side, each on a connection of its own (PostgreSQL runs a session on one core:
 * heavy reads take a core each), on one snapshot: the first connection opens the transaction and
 * exports its snapshot (one round trip), every other imports it in the message of its read, and the
 * first commits once they all have answered. Their rows, in order; the time limit and failures as
 * readTogether's. The first connection waits for the others while it holds its own: so that such
 * waits can never take the whole pool, reads side by side are only started while the connections
 * they need, with those of the others in progress, fit in it; otherwise, and for one statement or
 * a client that does not pipeline, they run one after the other (readTogether).
 */
export async function readSideBySide(manager: EntityManager, statements: readonly Statement[], timeLimitMs?: number): Promise<unknown[][]> {
  const pool = manager.connection.driver as unknown as { master?: { options?: { max?: number } } };
  const inProgress = promised.get(manager.connection) ?? 0;
  if (statements.length < 2 || inProgress + statements.length > (pool.master?.options?.max ?? 10)) return readTogether(manager, statements, timeLimitMs);
  promised.set(manager.connection, inProgress + statements.length);
  const runner = manager.connection.createQueryRunner();
  try {
    const client: unknown = await runner.connect();
    if (!(client instanceof PipeliningClient)) return await readTogether(manager, statements, timeLimitMs);
    const opening = [...readingTransaction(timeLimitMs), { text: 'SELECT pg_export_snapshot() AS snapshot' }];
    try {
      const exported = await rowsOfPipeline(client, opening);
      const [{ snapshot }] = exported[exported.length - 1] as { snapshot: string }[];
      // The exporting transaction stays open until every other has imported the snapshot: it commits last.
      const answers = await Promise.allSettled([
        rowsOfPipeline(client, [statements[0]]).then(([rows]) => rows),
        ...statements.slice(1).map((statement) => readOn(manager, readingTransaction(timeLimitMs, snapshot), [statement]).then(([rows]) => rows)),
      ]);
      const refused = answers.find((answer): answer is PromiseRejectedResult => answer.status === 'rejected');
      if (refused) throw refused.reason;
      await rowsOfPipeline(client, [{ text: 'COMMIT' }]);
      return answers.map((answer) => (answer as PromiseFulfilledResult<unknown[]>).value);
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
    promised.set(manager.connection, (promised.get(manager.connection) ?? statements.length) - statements.length);
  }
}

/** What code that only reads needs of an EntityManager. */
export type Reads = Pick<EntityManager, 'query'>;

/**
 * `query` for code written against an EntityManager's: the queries asked in the same turn of the
 * event loop (those of a `Promise.all`) go in one `readTogether`, on one snapshot, each limited to
 * `timeLimitMs`; a query asked later goes in a message of its own, on a snapshot of its own.
 */
export function readsTogether(manager: EntityManager, timeLimitMs?: number): Reads {
  return readsInTurns((statements) => readTogether(manager, statements, timeLimitMs));
}

/** As readsTogether, but the queries asked in the same turn run side by side (readSideBySide): for heavy reads split in parts. */
export function readsSideBySide(manager: EntityManager, timeLimitMs?: number): Reads {
  return readsInTurns((statements) => readSideBySide(manager, statements, timeLimitMs));
}

/** `query` that gathers the queries asked in one turn of the event loop and has `read` run them: each its rows. */
function readsInTurns(read: (statements: Statement[]) => Promise<unknown[][]>): Reads {
  type Asked = { statement: Statement; resolve(rows: unknown[]): void; reject(error: unknown): void };
  let turn: Asked[] | undefined;
  const send = (asked: Asked[]) => {
    turn = undefined;
    read(asked.map(({ statement }) => statement)).then(
      (rows) => asked.forEach(({ resolve }, i) => resolve(rows[i])),
      (error: unknown) => asked.forEach(({ reject }) => reject(error)),
    );
  };
  return {
    query: (text: string, values?: unknown[]) =>
      new Promise<unknown[]>((resolve, reject) => {
        if (!turn) {
          const asked: Asked[] = (turn = []);
          queueMicrotask(() => send(asked));
        }
        turn.push({ statement: { text, values }, resolve, reject });
      }),
  } as Reads;
}
