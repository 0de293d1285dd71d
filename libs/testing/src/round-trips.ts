import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Client } from 'pg';

/** The queries of the request being handled, when a count is running; undefined elsewhere (background work, other requests). */
const requestQueries = new AsyncLocalStorage<string[] | undefined>();
let counting = false;

/** Every query of a `pg` client (TypeORM's included) is noted in the log of the request it serves, if any. Once per process. */
function countPgQueries(): void {
  if (counting) return;
  counting = true;
  const query = Client.prototype.query as (...args: unknown[]) => unknown;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const [first] = args;
    requestQueries.getStore()?.push(typeof first === 'string' ? first : String((first as { text?: unknown })?.text ?? first));
    return query.apply(this, args);
  } as typeof Client.prototype.query;
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
