import { EntityManager } from 'typeorm';
import { sendWithNext } from '@icjims/persistence';
import type { AggregateTable } from './aggregate-part';

/** A cube of the entries' counts: its table (its key and counts) and how a set of entry rows makes its cells. */
export interface CubeOfEntries {
  /** The cube: its key and its counts (a cell whose counts all net to zero is not written). */
  cube: AggregateTable & { key: readonly string[]; counts: readonly string[] };
  /** SQL selecting the cube's cells (key columns, then the counts in their order) of the entry rows `st` in `from`, each counting `weight`. */
  cells(from: string, weight: string): string;
}

/** What entriesRefreshSql keeps: entries of cases and the cube (or cubes) of their counts. */
export interface EntriesAndCube extends CubeOfEntries {
  /** Common table expressions ending in `fresh`, which holds the entries of the cases `cases` as the facts stand now (the entries' columns). */
  fresh: string;
  /** The entries' table (a case's entries found by their case_id); its key identifies an entry. */
  entries: AggregateTable & { key: readonly string[] };
  /** Other cubes of the same entries, moved by the same difference in the same statement. */
  moreCubes?: readonly CubeOfEntries[];
}

/** SQL moving a cube by the cells of `change` (the held entries counting -1, the fresh +1): in key order, a cell's counts added to. */
function moveCubeSql({ cube, cells }: CubeOfEntries): string {
  const key = cube.key.join(', ');
  const counts = cube.counts.join(', ');
  return `INSERT INTO ${cube.name} (${key}, ${counts})
     SELECT ${key}, ${counts} FROM (${cells('change st', 'st.weight')}) cells WHERE ${cube.counts.map((count) => `${count} <> 0`).join(' OR ')} ORDER BY ${key}
     ON CONFLICT (${key}) DO UPDATE SET ${cube.counts.map((count) => `${count} = ${cube.name}.${count} + excluded.${count}`).join(', ')}`;
}

/**
 * One statement that recomputes the entries of the cases in `cases` (SQL of a set of case ids)
 * and moves the cube (and `moreCubes`, in the same statement) by the difference:
 * the entries held counted out, the fresh ones in (nothing when they did not change), unchanged
 * entries not written. The cells are touched in key order, so that two transactions never wait
 * on each other's cells crosswise.
 */
export function entriesRefreshSql({ fresh, entries, cube, cells, moreCubes = [] }: EntriesAndCube, cases: string): string {
  const columns = entries.columns.join(', ');
  const ids = entries.key;
  const kept = entries.columns.filter((column) => !ids.includes(column));
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
     )${moreCubes.map((more, index) => `, moved_${index + 1} AS (${moveCubeSql(more)})`).join('')}
     ${moveCubeSql({ cube, cells })}`;
}

/**
 * Runs a statement prepared once per connection under `name`, in the manager's transaction: a
 * refresh's many common table expressions take longer to plan than to run (≈10 ms against ≈1.5 ms
 * for one case), and a prepared statement's plan is kept. Its answer is not needed: it goes with
 * the transaction's next statement (sendWithNext), a batch's refreshes together with its COMMIT.
 * Without a transaction, a plain query.
 */
export function runPrepared(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<void> {
  return sendWithNext(manager, text, values, name);
}
