import { Client, Query, QueryResult } from 'pg';

/** What TypeORM sends to open a transaction (PostgresQueryRunner.startTransaction). */
const START = 'START TRANSACTION';

/** The answer to a statement that was not sent (its result carries no rows). */
function unsent(command: string): QueryResult {
  return { command, rowCount: null, oid: 0, fields: [], rows: [] };
}

/** The results of what was asked, from those of `START TRANSACTION` followed by it: pg gives one result, or an array when there are several. */
function afterStart(results: QueryResult | QueryResult[]): QueryResult | QueryResult[] {
  const asked = (results as QueryResult[]).slice(1);
  return asked.length === 1 ? asked[0] : asked;
}

/** The wire messages of a parameterised statement, written after those of `START TRANSACTION`, one Sync for both. */
class QueryAfterStart extends Query {
  /** Read by the bench's query counter: this message opens a transaction. */
  readonly opensTransaction = true;

  prepare(connection: { parse(m: object): void; bind(m: object): void; execute(m: object): void }): void {
    connection.parse({ text: START });
    connection.bind({});
    connection.execute({});
    (Query.prototype as unknown as { prepare(c: unknown): void }).prepare.call(this, connection);
  }
}

/**
 * A `pg` client (the pool's, through TypeORM's `extra.Client`) that sends TypeORM's `START
 * TRANSACTION` with the transaction's first statement, in the same message, instead of in a round
 * trip of its own: a transaction of n statements costs n + 1 round trips, not n + 2.
 *
 * The START is held until the next query. A statement without parameters is sent as one
 * simple-protocol query after it (`START TRANSACTION;\n…`); one with parameters as its
 * extended-protocol messages after START's, with one Sync for both (pg's Query, whose `prepare`
 * writes a statement's messages). Either way PostgreSQL runs the START first, and an error in the
 * statement leaves the transaction aborted, as if they had been sent apart. A transaction that
 * ends before its first statement (COMMIT or ROLLBACK next) sends nothing. Anything else next (a
 * callback, a stream) has the START sent on its own first, in order.
 */
export class TransactionStartingClient extends Client {}

/** The clients holding a START TRANSACTION not yet sent. */
const holding = new WeakSet<Client>();

// Set on the prototype, typed as pg's own: its overloads cannot be written as one method signature.
TransactionStartingClient.prototype.query = function query(this: TransactionStartingClient, ...args: unknown[]): unknown {
  const [text, values, callback] = args;
  if (text === START && values === undefined && callback === undefined && !holding.has(this)) {
    holding.add(this);
    return Promise.resolve(unsent('BEGIN'));
  }
  // pg's query as it is now (the query counters of the bench and the tests wrap it).
  const send = (...sent: unknown[]) => (Client.prototype.query as (...sent: unknown[]) => unknown).apply(this, sent);
  if (!holding.delete(this)) return send(...args);
  if (typeof text !== 'string' || callback !== undefined || (values !== undefined && !Array.isArray(values))) {
    // Sent first and in order; its failure (the connection's) fails what follows it too.
    (send(START) as Promise<unknown>).catch(() => undefined);
    return send(...args);
  }
  if (text === 'COMMIT' || text === 'ROLLBACK') return Promise.resolve(unsent(text));
  if (!values?.length) return (send(`${START};\n${text}`, values) as Promise<QueryResult[]>).then(afterStart);
  return new Promise((resolve, reject) => {
    send(new QueryAfterStart(text, values, (error: Error | undefined, results: unknown) => (error ? reject(error) : resolve(afterStart(results as QueryResult[])))));
  });
} as Client['query'];
