import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Client } from 'pg';

/** The queries of the request being handled, when a count is running; undefined elsewhere (background work, other requests). */
const requestQueries = new AsyncLocalStorage<string[] | undefined>();
let counting = false;

/** The process-wide tallies running (tallyAllQueries). */
const tallies = new Set<QueryTally>();

/**
 * Every query of a `pg` client (TypeORM's included) is noted in the log of the request it
 * serves, if any, and in every running tally with the client's login. Once per process.
 */
function countPgQueries(): void {
  if (counting) return;
  counting = true;
  const query = Client.prototype.query as (...args: unknown[]) => unknown;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const [first] = args;
    const sql = typeof first === 'string' ? first : String((first as { text?: unknown })?.text ?? first);
    requestQueries.getStore()?.push(sql);
    for (const tally of tallies) tally.note(this.user ?? '', sql);
    return query.apply(this, args);
  } as typeof Client.prototype.query;
}

/**
 * A statement's shape: its first words and the table it touches, e.g. `INSERT outbox` or `SELECT
 * access_log_head`; transaction control as is; statements sent in one message (`;` and a new line
 * between them, as persistence's PipeliningClient shows them) joined by ` + `, e.g. `START
 * TRANSACTION + SELECT known_cases`.
 */
export function statementShape(sql: string): string {
  const statements = sql.split(/;\n/);
  if (statements.length > 1) return statements.map(statementShape).join(' + ');
  const text = sql.replace(/\s+/g, ' ').trim();
  if (/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(text)) return text.split(/[ ;]/)[0].toUpperCase() === 'START' ? 'START TRANSACTION' : text.split(/[ ;]/)[0].toUpperCase();
  const table = /(?:FROM|INTO|UPDATE)\s+"?([a-z_]+)"?(?:\."?([a-z_]+)"?)?/i.exec(text);
  return `${text.split(/[ (]/)[0].toUpperCase()} ${table ? (table[2] ?? table[1]) : '?'}`;
}

/**
 * Every query any `pg` client of this process sends while it runs — requests, relays,
 * consumers, sealers, anything — by login and statement shape: what a database sees, for
 * measuring round trips per request under load.
 */
export class QueryTally {
  private readonly counts = new Map<string, Map<string, number>>();

  /** Notes one query of `login`. */
  note(login: string, sql: string): void {
    const shapes = this.counts.get(login) ?? new Map<string, number>();
    this.counts.set(login, shapes);
    const shape = statementShape(sql);
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }

  /** Queries noted, of the logins given (default: all). */
  total(logins?: (login: string) => boolean): number {
    let sum = 0;
    for (const [login, shapes] of this.counts) if (!logins || logins(login)) for (const count of shapes.values()) sum += count;
    return sum;
  }

  /** Queries per login. */
  byLogin(): Record<string, number> {
    return Object.fromEntries([...this.counts.keys()].sort().map((login) => [login, this.total((other) => other === login)]));
  }

  /** Queries per statement shape of one login, most frequent first. */
  byShape(login: string): [shape: string, count: number][] {
    return [...(this.counts.get(login) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  /** Stops noting; what was noted stays readable. */
  stop(): this {
    tallies.delete(this);
    return this;
  }
}

/** Starts noting every query this process sends, on any `pg` client, until `stop()`. */
export function tallyAllQueries(): QueryTally {
  countPgQueries();
  const tally = new QueryTally();
  tallies.add(tally);
  return tally;
}

/** Counts the database round trips of the HTTP requests a server handles while `during` runs. */
export interface RoundTripCounter {
  /** Runs `work` (its requests to the server), waits until the server has answered them, and gives the SQL of every query they made, in order. */
  during(work: () => Promise<unknown>): Promise<string[]>;
  stop(): void;
}

/**
 * A database round trip costs real CPU: this counts them per request, as a regression guard. It
 * notes each query a `pg` client sends from the asynchronous context of a request to `server`
 * (where the request's handler runs), so the service's background work — outbox relay, sealer,
 * rounds — and the test's own queries are not counted. Run one request at a time in `during`.
 */
export function countRoundTrips(server: Server): RoundTripCounter {
  countPgQueries();
  let log: string[] | undefined;
  let open = 0;
  let settled: (() => void) | undefined;
  const enter = (_request: IncomingMessage, response: ServerResponse) => {
    // Enters the request's context before the application's listener runs, in the same synchronous emit.
    requestQueries.enterWith(log);
    if (!log) return;
    open += 1;
    response.once('close', () => {
      open -= 1;
      if (open === 0) settled?.();
    });
  };
  server.prependListener('request', enter);
  return {
    async during(work) {
      const queries: string[] = [];
      log = queries;
      try {
        await work();
        if (open > 0) await new Promise<void>((resolve) => (settled = resolve));
      } finally {
        log = undefined;
        settled = undefined;
      }
      return [...queries];
    },
    stop: () => void server.removeListener('request', enter),
  };
}
