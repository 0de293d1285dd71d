import { join } from 'node:path';

/** The preload the launcher is started with (see its header): it counts every pg query by login. */
export const QUERY_COUNTER_PRELOAD = join(__dirname, 'query-counter.js');

/** Queries (round trips) and the transactions among them, by database login. */
export type QueryCounts = Record<string, { queries: number; transactions: number }>;

/** Round trips and transactions per request of a phase (its load and its drain), or per second while idle; round trips also by service. */
export interface RoundTrips {
  queries: number;
  transactions: number;
  /** Service (its login icjims_<schema>, named as the service) → round trips; any other login under its own name. */
  byService: Record<string, number>;
}

/** The counts so far, from the launcher's loopback counter. */
export async function readQueryCounts(port: number): Promise<QueryCounts> {
  const response = await fetch(`http://127.0.0.1:${port}/`);
  if (!response.ok) throw new Error(`query counter answered ${response.status}`);
  return (await response.json()) as QueryCounts;
}

/** Each service runs as its own login `icjims_<schema>`; the schema is the service's name with underscores. */
const serviceOf = (login: string) => (login.startsWith('icjims_') ? login.slice('icjims_'.length).replace(/_/g, '-') : login);

/** What was sent between two readings, divided by `units` (the requests made in between, or the seconds). */
export function roundTripsPer(before: QueryCounts, after: QueryCounts, units: number): RoundTrips {
  const per = (count: number) => Math.round((count / Math.max(units, 1e-9)) * 10) / 10;
  const byService: Record<string, number> = {};
  let queries = 0;
  let transactions = 0;
  for (const [login, counts] of Object.entries(after)) {
    const sent = counts.queries - (before[login]?.queries ?? 0);
    queries += sent;
    transactions += counts.transactions - (before[login]?.transactions ?? 0);
    if (sent > 0) byService[serviceOf(login)] = per(sent);
  }
  return { queries: per(queries), transactions: per(transactions), byService };
}
