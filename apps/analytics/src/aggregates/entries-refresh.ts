import { EntityManager } from 'typeorm';
import type { AggregateTable } from './aggregate-part';

/** What entriesRefreshSql keeps: entries of cases and the cube of their counts. */
export interface EntriesAndCube {
  /** Common table expressions ending in `fresh`, which holds the entries of the cases `cases` as the facts stand now (the entries' columns). */
  fresh: string;
  /** The entries' table; its key (beginning with case_id) identifies an entry. */
  entries: AggregateTable & { key: readonly string[] };
  /** The cube: its key and its one count. */
  cube: AggregateTable & { key: readonly string[]; counts: readonly [string] };
  /** SQL selecting the cube's cells (key columns, then the count) of the entry rows `st` in `from`, each counting `weight`. */
  cells(from: string, weight: string): string;
}

/**
 * One statement that recomputes the entries of the cases in `cases` (SQL of a set of case ids)
 * and moves the cube by the difference: the entries held counted out, the fresh ones in (nothing
 * when they did not change), unchanged entries not written. The cells are touched in key order,
 * so that two transactions never wait on each other's cells crosswise.
 */
export function entriesRefreshSql({ fresh, entries, cube, cells }: EntriesAndCube, cases: string): string {
  const columns = entries.columns.join(', ');
  const ids = entries.key;
  const kept = entries.columns.filter((column) => !ids.includes(column));
  const [count] = cube.counts;
  const key = cube.key.join(', ');
  return `WITH ${fresh},
     held AS (
       SELECT ${columns} FROM ${entries.name} WHERE case_id IN (${cases})
     ), saved AS (
       INSERT INTO ${entries.name} (${columns}) SELECT ${columns} FROM fresh
       ON CONFLICT (${ids.join(', ')}) DO UPDATE SET ${kept.map((column) => `${column} = excluded.${column}`).join(', ')}
       WHERE (${kept.map((column) => `${entries.name}.${column}`).join(', ')}) IS DISTINCT FROM (${kept.map((column) => `excluded.${column}`).join(', ')})
     ), dropped AS (
       DELETE FROM ${entries.name} h WHERE h.case_id IN (${cases})
         AND NOT EXISTS (SELECT 1 FROM fresh f WHERE ${ids.map((column) => `f.${column} = h.${column}`).join(' AND ')})
     ), change AS (
       SELECT ${columns}, -1 AS weight FROM held
       UNION ALL SELECT ${columns}, 1 FROM fresh
     ), cells AS (
       ${cells('change st', 'st.weight')}
     )
     INSERT INTO ${cube.name} (${key}, ${count})
     SELECT ${key}, ${count} FROM cells WHERE ${count} <> 0 ORDER BY ${key}
     ON CONFLICT (${key}) DO UPDATE SET ${count} = ${cube.name}.${count} + excluded.${count}`;
}

/**
 * Runs a statement prepared once per connection under `name`, in the manager's transaction: a
 * refresh's many common table expressions take longer to plan than to run (≈10 ms against ≈1.5 ms
 * for one case), and a prepared statement's plan is kept. Without a transaction, a plain query.
 */
export async function runPrepared(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<void> {
  if (!manager.queryRunner) return void (await manager.query(text, values));
  const client = (await manager.queryRunner.connect()) as { query(statement: { name: string; text: string; values: unknown[] }): Promise<unknown> };
  await client.query({ name, text, values });
}
