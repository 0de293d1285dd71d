import * as pg from 'pg';
import { Client, Query, QueryResult } from 'pg';
import { QueryFailedError } from 'typeorm';
import type { EntityManager } from 'typeorm';

/** What TypeORM sends to open a transaction (PostgresQueryRunner.startTransaction). */
const START = 'START TRANSACTION';

/**
 * A statement and its parameters: held back by a client to go in the message of its next one, or
 * sent with others. A `name` makes it a prepared statement of the connection, parsed (and planned)
 * the first time it is sent on it, only bound and executed after that, as pg's named queries are.
 */
export interface Statement {
  text: string;
  values?: readonly unknown[];
  name?: string;
}

/** What each client holds back. */
const holding = new WeakMap<Client, Statement[]>();

/** pg's mapping of a JavaScript value to the text of a parameter, as its own queries bind them. */
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

/** The answer to a statement that was not sent (its result carries no rows). */
function unsent(command: string): QueryResult {
  return { command, rowCount: null, oid: 0, fields: [], rows: [] };
}

/** The results of what was asked, from those of a message that held other statements before it: pg gives one result, or an array when there are several. */
function askedOf(results: QueryResult | QueryResult[], before: number): QueryResult | QueryResult[] {
  if (!Array.isArray(results)) return results;
  const asked = results.slice(before);
  return asked.length === 1 ? asked[0] : asked;
}

/**
 * Statements sent as one message of the extended protocol: each one's Parse, Bind, Describe and
 * Execute, then one Sync. PostgreSQL runs them in order and, after an error, skips the rest;
 * pg gives their results in an array. Its `text` is them all, `;`-separated, for whoever
 * reads what a client sends (the query counters of the bench and the tests).
 */
class Pipeline extends Query {
  /** The statements this message parses, in order: a named one is the connection's once its ParseComplete comes. */
  private readonly parses: Statement[] = [];
  private parsed?: () => void;

  constructor(
    private readonly statements: readonly Statement[],
    callback: (error: Error | undefined, results: unknown) => void,
  ) {
    super(statements.map((statement) => statement.text).join(';\n'), undefined, callback);
  }

  requiresPreparation(): boolean {
    return true;
  }

  prepare(connection: PgConnection): void {
    const { parsedStatements: parsed, submittedNamedStatements: submitted } = connection;
    // PostgreSQL answers each Parse in order (and none after an error): a named statement is the connection's from its answer on.
    this.parsed = () => {
      const { name, text } = this.parses.shift() ?? {};
      if (!name) return;
      parsed[name] = text as string;
      delete submitted[name];
    };
    connection.on('parseComplete', this.parsed);
    try {
      for (const statement of this.statements) {
        const { text, values, name = '' } = statement;
        const known = name ? (parsed[name] ?? submitted[name]) : undefined;
        if (known !== undefined && known !== text) throw new Error(`Prepared statements must be unique - '${name}' was used for a different statement`);
        if (known === undefined) {
          connection.parse({ text, name });
          this.parses.push(statement);
          if (name) submitted[name] = text;
        }
        connection.bind({ statement: name, values, valueMapper: prepareValue });
        connection.describe({ type: 'P', name: '' });
        connection.execute({});
      }
    } catch (error) {
      // A value pg cannot write (as its own prepare does): what was written runs, then the error is the query's. The
      // answers to what was written still come, up to the Sync's (handleReadyForQuery), and are recorded.
      connection.sync();
      (Query.prototype as unknown as { handleError(error: unknown, connection: PgConnection): void }).handleError.call(this, error, connection);
      return;
    }
    connection.sync();
  }

  handleReadyForQuery(connection: PgConnection): void {
    this.settle(connection);
    (Query.prototype as unknown as { handleReadyForQuery(connection: PgConnection): void }).handleReadyForQuery.call(this, connection);
  }

  /** pg's client calls it instead of handleReadyForQuery when PostgreSQL refused what the message asked. */
  handleError(error: unknown, connection: PgConnection): void {
    this.settle(connection);
    (Query.prototype as unknown as { handleError(error: unknown, connection: PgConnection): void }).handleError.call(this, error, connection);
  }

  /** The message is answered: a named statement still waiting for its Parse's answer was skipped after an error, and is not the connection's. */
  private settle(connection: PgConnection): void {
    if (this.parsed) connection.removeListener('parseComplete', this.parsed);
    this.parsed = undefined;
    for (const { name } of this.parses.splice(0)) if (name) delete connection.submittedNamedStatements[name];
  }
}

/** What a Pipeline uses of pg's Connection. */
interface PgConnection extends Record<'parse' | 'bind' | 'describe' | 'execute' | 'sync', (message?: object) => void> {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  on(event: 'parseComplete', listener: () => void): void;
  removeListener(event: 'parseComplete', listener: () => void): void;
}

/** Sends `statements` as one Pipeline on `client`: every statement's result, in order. */
function sendPipeline(client: Client, statements: readonly Statement[]): Promise<QueryResult[]> {
  return new Promise((resolve, reject) =>
    sendNow(client, [new Pipeline(statements, (error, results) => (error ? reject(error) : resolve(Array.isArray(results) ? results : [results as QueryResult])))]),
  );
}

/**
 * A `pg` client (the services' pools make theirs with it, through TypeORM's `extra.Client`) that
 * sends statements in fewer round trips:
 *
 * - TypeORM's `START TRANSACTION` is held and goes in the message of the transaction's first
 *   statement: in front of one without parameters (`START TRANSACTION;\n…`, the simple protocol),
 *   else as a Pipeline. A transaction that ends before its first statement sends nothing.
 * - A write given to `sendWithNext` is held and goes in the message of the transaction's next
 *   statement, its COMMIT at the latest (a Pipeline); a ROLLBACK drops it unsent.
 *
 * PostgreSQL runs what was held first, in order; an error in any of them fails the message, and
 * the transaction is aborted, as if each had been sent apart. A statement without parameters after
 * held writes other than its COMMIT might be several (the extended protocol takes one): the held
 * ones go in a message of their own before it, as does anything after a held START that is not a
 * query's text (a callback, a stream).
 */
export class PipeliningClient extends Client {}

/** pg's query as it is now (the query counters of the bench and the tests wrap it), on `client`. */
const sendNow = (client: Client, args: readonly unknown[]) => (Client.prototype.query as (...sent: unknown[]) => unknown).apply(client, args as unknown[]);

// Set on the prototype, typed as pg's own: its overloads cannot be written as one method signature.
PipeliningClient.prototype.query = function query(this: PipeliningClient, ...args: unknown[]): unknown {
  const [text, values, callback] = args;
  const held = holding.get(this);
  if (!held) {
    if (text !== START || values !== undefined || callback !== undefined) return sendNow(this, args);
    holding.set(this, [{ text: START }]);
    return Promise.resolve(unsent('BEGIN'));
  }
  holding.delete(this);
  const writes = held.filter((statement) => statement.text !== START);
  const started = writes.length < held.length;
  if (text === 'ROLLBACK' && values === undefined && callback === undefined) return started ? Promise.resolve(unsent(text)) : sendNow(this, [text]);
  if (text === 'COMMIT' && values === undefined && callback === undefined && !writes.length) return Promise.resolve(unsent(text));
  const pipeline = (statements: Statement[]) => sendPipeline(this, statements).then((results) => askedOf(results, statements.length - 1));
  const asText = typeof text === 'string' && callback === undefined && (values === undefined || Array.isArray(values));
  if (asText && (values?.length || text === 'COMMIT')) return pipeline([...held, { text, values }]);
  if (asText && !writes.length) return (sendNow(this, [`${START};\n${text}`, values]) as Promise<QueryResult[]>).then((results) => askedOf(results, 1));
  // The held statements first, in a message of their own; their error is the one given (pg answers in order).
  const first = pipeline(held);
  const then = sendNow(this, args);
  if (!(then instanceof Promise)) {
    first.catch(() => undefined); // a failure of the connection fails what follows too
    return then;
  }
  return Promise.all([first, then]).then(([, result]) => result);
} as Client['query'];

/**
 * Has a write whose result is not needed sent with the next statement of the transaction that
 * `manager` runs — its COMMIT at the latest — in the same message (PipeliningClient): one round
 * trip fewer. Its failure fails that statement, so the transaction does not commit; its text and
 * values are not logged by TypeORM. Outside a transaction, or on another client, it runs now.
 * `name`: a prepared statement of the connection (Statement).
 */
export async function sendWithNext(manager: EntityManager, text: string, values: readonly unknown[], name?: string): Promise<void> {
  const client = pipeliningClientOf(manager);
  if (client) {
    const held = holding.get(client);
    if (held) held.push({ text, values, name });
    else holding.set(client, [{ text, values, name }]);
  } else if (name && manager.queryRunner) {
    await ((await manager.queryRunner.connect()) as Client).query({ name, text, values: [...values] });
  } else {
    await manager.query(text, [...values]);
  }
}

/**
 * Runs statements that do not depend on one another's answers, whose answers are all needed, in
 * one message on a PipeliningClient: their rows, in order. In a transaction, with what it holds
 * before them; outside one, on a connection of the pool, as one implicit transaction (each reads
 * its own snapshot, as at READ COMMITTED: `readTogether` reads one). A failure is TypeORM's
 * QueryFailedError, as from `manager.query`. On another client they run one after the other.
 */
export async function queryTogether(manager: EntityManager, statements: readonly Statement[]): Promise<unknown[][]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const client: unknown = await runner.connect();
    if (!(client instanceof PipeliningClient)) {
      const rows: unknown[][] = [];
      for (const { text, values } of statements) rows.push(await runner.query(text, values && [...values]));
      return rows;
    }
    const sent = [...(holding.get(client) ?? []), ...statements];
    holding.delete(client);
    const results = await sendPipeline(client, sent).catch((error: Error) => {
      throw new QueryFailedError(sent.map((statement) => statement.text).join(';\n'), [], error);
    });
    return results.slice(sent.length - statements.length).map((result) => result.rows);
  } finally {
    if (runner !== manager.queryRunner) await runner.release();
  }
}

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
      const results = await sendPipeline(client, sent).catch((error: Error) => {
        throw new QueryFailedError(sent.map((statement) => statement.text).join(';\n'), [], error);
      });
      return results.slice(opening.length, -1).map((result) => result.rows);
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
    const failed = (error: Error) => {
      throw new QueryFailedError(statements.map((statement) => statement.text).join(';\n'), [], error);
    };
    const opening = [...readingTransaction(timeLimitMs), { text: 'SELECT pg_export_snapshot() AS snapshot' }];
    try {
      const exported = await sendPipeline(client, opening).catch(failed);
      const { snapshot } = exported[exported.length - 1].rows[0] as { snapshot: string };
      // The exporting transaction stays open until every other has imported the snapshot: it commits last.
      const answers = await Promise.allSettled([
        sendPipeline(client, [statements[0]]).then((results) => results[0].rows, failed),
        ...statements.slice(1).map((statement) => readOn(manager, readingTransaction(timeLimitMs, snapshot), [statement]).then((rows) => rows[0])),
      ]);
      const refused = answers.find((answer): answer is PromiseRejectedResult => answer.status === 'rejected');
      if (refused) throw refused.reason;
      await sendPipeline(client, [{ text: 'COMMIT' }]).catch(failed);
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

/** Runs one Statement as `manager.query` does (a name is not used): its rows. */
export function runStatement<T = unknown>(manager: EntityManager, { text, values }: Statement): Promise<T[]> {
  return manager.query(text, values && [...values]);
}

/** The PipeliningClient of the transaction `manager` runs, if it runs one on such a client. */
function pipeliningClientOf(manager: EntityManager): PipeliningClient | undefined {
  const runner = manager.queryRunner as (EntityManager['queryRunner'] & { databaseConnection?: unknown }) | undefined;
  const client = runner?.isTransactionActive ? runner.databaseConnection : undefined;
  return client instanceof PipeliningClient ? client : undefined;
}
