import { createHash } from 'node:crypto';
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

/** Statements in one message on `client` (sendPipeline): each its rows. A failure is TypeORM's QueryFailedError naming them, as from `manager.query`. */
export async function rowsOfPipeline(client: Client, statements: readonly Statement[]): Promise<unknown[][]> {
  try {
    return (await sendPipeline(client, statements)).map((result) => result.rows);
  } catch (error) {
    throw new QueryFailedError(statements.map((statement) => statement.text).join(';\n'), [], error as Error);
  }
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
 * the transaction `manager` runs, in one message on a PipeliningClient with what it holds before
 * them: their rows, in order. A failure is TypeORM's QueryFailedError, as from `manager.query`. On
 * another client they run one after the other. Reads outside a transaction: reads.ts' `readTogether`
 * (one message, one snapshot).
 */
export async function queryTogether(manager: EntityManager, statements: readonly Statement[]): Promise<unknown[][]> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('queryTogether runs in a transaction: outside one, readTogether reads on one snapshot');
  const client: unknown = await runner.connect();
  if (!(client instanceof PipeliningClient)) {
    const rows: unknown[][] = [];
    for (const { text, values } of statements) rows.push(await runner.query(text, values && [...values]));
    return rows;
  }
  const sent = [...(holding.get(client) ?? []), ...statements];
  holding.delete(client);
  return (await rowsOfPipeline(client, sent)).slice(sent.length - statements.length);
}

/**
 * A name under which `text` can be a prepared statement (Statement's `name`): the same for the
 * same text, different for another, within PostgreSQL's 63 bytes for a name.
 */
export function statementName(prefix: string, text: string): string {
  return `${prefix}-${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
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
