import { EntityManager } from 'typeorm';

/*
 * What every aggregate is to the projection and to a rebuild. An aggregate keeps, per case, rows
 * derived from the facts (entries: a case's stages, spans, persons' entries …) and cubes of their
 * counts, current in the projection's transaction; a rebuild recomputes them from the facts.
 * aggregate-parts.ts lists them.
 */

/** A table an aggregate keeps. */
export interface AggregateTable {
  name: string;
  /** Every column, as a rebuild copies and compares them. */
  columns: readonly string[];
  /**
   * Columns, never null, that identify a row (its primary key): a rebuild matches rows held and
   * rebuilt on them by hashing, then compares the rest; by default every column (a row with a
   * null is then rewritten by every rebuild). A rebuild writes new rows in key order (the key's
   * index grows page after page; a table's cells then lie on few pages).
   */
  key?: readonly string[];
  /** A cube's counts: a cell counting nothing in all of them is no cell (the projection leaves zeros behind). */
  counts?: readonly string[];
}

/** What happened to a case, for the aggregates that it can change. */
export type CaseChange =
  | { kind: 'registered' }
  | { kind: 'step'; stepType: string }
  | { kind: 'roleGiven' }
  | { kind: 'roleEnded' }
  | { kind: 'breach' }
  | { kind: 'probation' };

export interface AggregatePart {
  /** The name a rebuild and a migration ask for it by. */
  name: string;
  /** Its tables; the part is left out of a rebuild while they do not exist yet, or lack some of their columns (a migration before theirs runs). */
  tables: readonly AggregateTable[];
  /** Fills a temporary table `rebuilt_<name>` for each of its tables from the facts as they stand now (in the rebuild's transaction, its tables locked). */
  rebuild(tx: EntityManager, timeZone: string): Promise<void>;
  /** The fact tables it reads besides fact_cases and fact_steps (persons' roles, merges, breaches), whose rows a rebuild counts in its rate. */
  otherFacts?: readonly string[];
  /** Whether this change of a case can change it (then `refreshCases` runs for the case). */
  changedBy(change: CaseChange): boolean;
  /**
   * The rows of the cases `caseIds` (distinct) recomputed from their facts and the cubes moved by the
   * difference, in the projection's transaction: one statement for any number of cases (a batch of
   * events). Absent when another part's statement refreshes it.
   */
  refreshCases?(manager: EntityManager, caseIds: readonly string[], timeZone: string): Promise<void>;
  /** The rows of every case these person records appear in, recomputed (a merge or unmerge changes who counts once there). Absent when it counts no persons. */
  refreshPersons?(manager: EntityManager, personIds: readonly string[], timeZone: string): Promise<void>;
}

/** SQL of the set of case ids a part's `refreshCases` statement refreshes: its parameter $1, an array. */
export const REFRESHED_CASES = 'SELECT unnest($1::uuid[])';

/** The temporary table a rebuild fills for a table. */
export function rebuiltTable(table: string): string {
  return `rebuilt_${table}`;
}

/**
 * `(VALUES …) AS g(grain, …columns)`: a cube's grains, each its index and whether it keeps each of
 * `columns` (`keeps`, one row of flags per grain, by index); only those of `grains` when given.
 */
export function grainsTableSql(keeps: readonly (readonly boolean[])[], columns: readonly string[], grains: readonly number[] = keeps.map((_flags, index) => index)): string {
  return `(VALUES ${grains.map((index) => `(${[index, ...keeps[index]].join(', ')})`).join(', ')}) AS g(grain, ${columns.join(', ')})`;
}
