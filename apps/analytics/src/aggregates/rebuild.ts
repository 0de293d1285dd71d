import { EntityManager } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { AggregatePart, AggregateTable, rebuiltTable } from './aggregate-part';
import { AGGREGATES } from './aggregate-parts';

/** The memory each sort, hash or grouping of a rebuild may take (PostgreSQL's work_mem, in its transaction only). */
const REBUILD_WORK_MEM = '256MB';

/** The sessions `npm run analytics:rebuild` (and the bench, as it) rebuilds on unless told otherwise: one per core of a small server. */
export const REBUILD_SESSIONS = 2;

export interface RebuildOptions {
  /** The jurisdiction's time zone, whose months the cubes count in (the projection's); by default the installation's (ICJIMS_JURISDICTION…). */
  timeZone?: string;
  /** Compare a fresh rebuild with the aggregates held and leave them as they are. */
  check?: boolean;
  /** Only the aggregates of these names (a migration fills the ones it adds, not every one again); by default all of them. */
  parts?: readonly string[];
  /**
   * How many database sessions rebuild side by side (default 1): with more, each part is a
   * transaction of its own on a connection of the manager's pool (which must allow as many), taken
   * in turn by the session that is free — PostgreSQL runs one session on one core, and most of a
   * part's statements cannot run in parallel. One inside a transaction of the caller's (a
   * migration's): other sessions would not see what it has not committed.
   */
  sessions?: number;
}

export interface RebuildResult {
  /** Facts read: cases, step revisions, and the other facts the parts rebuilt read (persons' roles, merges, breaches). */
  facts: number;
  /** The rows rebuilt, by table. */
  rows: Record<string, number>;
  ms: number;
  /** The time each part took to rebuild from the facts (before its rows replaced those held), by part. */
  partMs: Record<string, number>;
  /** The time the rows held took to be made the rebuilt ones, by table (none with `check`). */
  replaceMs: Record<string, number>;
  /** The sessions the parts were rebuilt on. */
  sessions: number;
  /** With `check`: the tables whose rows differ between the rebuild and those held, with how many rows (none when they agree). */
  differences?: Record<string, number>;
}

/** What rebuilding some parts in one transaction gave. */
type PartsRebuilt = Pick<RebuildResult, 'rows' | 'partMs' | 'replaceMs' | 'differences'>;

/**
 * Every aggregate (or those of `parts`) recomputed from the facts, set-based, in one transaction (a
 * savepoint inside the caller's) — or, on several `sessions`, one transaction per part. While a
 * part is rebuilt the projection is locked out of its tables (it waits, then applies its change
 * to the rebuilt ones), readers are not — but those of a table that held no row (the first rebuild
 * after a bulk load of the facts), which the tables' owner fills without its indexes, wait for the
 * rebuild to end rather than read nothing. With `check`, the rebuild is compared with the
 * aggregates held, which are left as they are. Those whose tables do not exist yet, or lack
 * some of their columns (a migration before theirs is running), are left out.
 */
export async function rebuildAggregates(manager: EntityManager, options: RebuildOptions = {}): Promise<RebuildResult> {
  const began = performance.now();
  const timeZone = options.timeZone ?? loadJurisdiction(process.env).timeZone;
  const unknown = options.parts?.filter((name) => !AGGREGATES.some((part) => part.name === name)) ?? [];
  if (unknown.length) throw new Error(`no aggregate named ${unknown.join(', ')}`);
  const asked = AGGREGATES.filter((part) => !options.parts || options.parts.includes(part.name));
  const sessions = manager.queryRunner?.isTransactionActive ? 1 : Math.max(1, Math.floor(options.sessions ?? 1));
  const nothing: PartsRebuilt = { rows: {}, partMs: {}, replaceMs: {}, ...(options.check && { differences: {} }) };
  const done = (facts: number, rebuilt: PartsRebuilt, used: number): RebuildResult => ({ facts, ...rebuilt, ms: Math.round(performance.now() - began), sessions: used });
  if (sessions === 1) {
    return manager.transaction(async (tx) => {
      const parts = await presentParts(tx, asked);
      const facts = factTablesOf(parts);
      if (!parts.length) return done(0, nothing, 1);
      await analyzeFacts(tx, facts);
      const rebuilt = await rebuildInTransaction(tx, parts, timeZone, options.check);
      return done(await countFacts(tx, facts), rebuilt, 1);
    });
  }
  const parts = await presentParts(manager, asked);
  const facts = factTablesOf(parts);
  // Committed before the parts begin, so that every session plans with them.
  if (parts.length) await analyzeFacts(manager, facts);
  const waiting = [...parts];
  const rebuilt = new Map<AggregatePart, PartsRebuilt>();
  const used = Math.min(sessions, parts.length);
  const ended = await Promise.allSettled(
    Array.from({ length: used }, async () => {
      const runner = manager.connection.createQueryRunner();
      try {
        for (let part = waiting.shift(); part; part = waiting.shift()) {
          const next = part;
          rebuilt.set(next, await runner.manager.transaction((tx) => rebuildInTransaction(tx, [next], timeZone, options.check)));
        }
      } catch (error) {
        // The other sessions take no further part; what they are at ends first, then the error is thrown.
        waiting.length = 0;
        throw error;
      } finally {
        await runner.release();
      }
    }),
  );
  const failed = ended.find((session): session is PromiseRejectedResult => session.status === 'rejected');
  if (failed) throw failed.reason;
  // In the parts' order (their tables in theirs), whichever session finished first.
  const merged = parts.reduce<PartsRebuilt>((all, part) => {
    const one = rebuilt.get(part)!;
    return {
      rows: { ...all.rows, ...one.rows },
      partMs: { ...all.partMs, ...one.partMs },
      replaceMs: { ...all.replaceMs, ...one.replaceMs },
      ...(options.check && { differences: { ...all.differences, ...one.differences } }),
    };
  }, nothing);
  return done(parts.length ? await countFacts(manager, facts) : 0, merged, Math.max(used, 1));
}

/**
 * The parts asked for whose tables all exist with all their columns: a table of an older shape (a
 * migration before the one giving it its columns is running) is as good as absent.
 */
async function presentParts(manager: EntityManager, asked: readonly AggregatePart[]): Promise<AggregatePart[]> {
  const [{ present }]: { present: string[] }[] = await manager.query(
    `SELECT ARRAY(
       SELECT t.name FROM jsonb_to_recordset($1::jsonb) AS t(name text, columns text[])
       WHERE (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = to_regclass(t.name) AND a.attname = ANY(t.columns) AND NOT a.attisdropped) = cardinality(t.columns)
     ) AS present`,
    [JSON.stringify(asked.flatMap((part) => part.tables.map(({ name, columns }) => ({ name, columns }))))],
  );
  return asked.filter((part) => part.tables.every((table) => present.includes(table.name)));
}

function factTablesOf(parts: readonly AggregatePart[]): string[] {
  return [...new Set(['fact_cases', 'fact_steps', ...parts.flatMap((part) => part.otherFacts ?? [])])];
}

/**
 * The facts' statistics, sampled: facts loaded in bulk just before (an upgrade right after a load)
 * have none until autovacuum samples them, and the planner then chose nested loops that took
 * minutes (600 cases: 187 s, not 0.4 s).
 */
async function analyzeFacts(manager: EntityManager, factTables: readonly string[]): Promise<void> {
  await manager.query(`ANALYZE ${factTables.join(', ')}`);
}

async function countFacts(manager: EntityManager, factTables: readonly string[]): Promise<number> {
  const [{ facts }]: { facts: string }[] = await manager.query(`SELECT (${factTables.map((table) => `(SELECT count(*) FROM ${table})`).join(' + ')})::bigint AS facts`);
  return Number(facts);
}

/** `parts` rebuilt in the transaction `tx`, their tables locked, and (but with `check`) made the rows held. */
async function rebuildInTransaction(tx: EntityManager, parts: readonly AggregatePart[], timeZone: string, check = false): Promise<PartsRebuilt> {
  const tables = parts.flatMap((part) => part.tables);
  // EXCLUSIVE: no other writer (the projection's next change waits), readers go on.
  await tx.query(`LOCK TABLE ${tables.map((table) => table.name).join(', ')} IN EXCLUSIVE MODE`);
  const empty = check ? new Set<string>() : await emptyTables(tx, tables);
  // An empty table is filled without its indexes (dropped, then built from the rows), which only ACCESS EXCLUSIVE allows.
  if (empty.size) await tx.query(`LOCK TABLE ${[...empty].join(', ')} IN ACCESS EXCLUSIVE MODE`);
  // Millions of entries are sorted, grouped and joined, and indexed: in memory, not in batches on disk (the default 4 and 64 MB would spill them).
  await tx.query(`SET LOCAL work_mem = '${REBUILD_WORK_MEM}'; SET LOCAL maintenance_work_mem = '${REBUILD_WORK_MEM}'`);
  const rebuilt = tables.map((table) => rebuiltTable(table.name)).join(', ');
  await tx.query(`DROP TABLE IF EXISTS ${rebuilt}`);
  const partMs: Record<string, number> = {};
  for (const part of parts) {
    const partBegan = performance.now();
    await part.rebuild(tx, timeZone);
    partMs[part.name] = Math.round(performance.now() - partBegan);
  }
  const [rows]: Record<string, number>[] = await tx.query(`SELECT ${tables.map((table) => `(SELECT count(*) FROM ${rebuiltTable(table.name)})::int AS "${table.name}"`).join(', ')}`);
  const differences = check ? await differencesFromHeld(tx, tables) : undefined;
  const replaceMs: Record<string, number> = {};
  if (!check) {
    // Millions of rows matched on many text columns: by hashing, which the planner costs too high for keys of many columns (it would sort them by collation, or search the index once per row).
    await tx.query(`SET LOCAL enable_mergejoin = off; SET LOCAL enable_nestloop = off`);
    for (const table of tables) {
      const replaceBegan = performance.now();
      await (empty.has(table.name) ? fillEmpty(tx, table) : replaceHeld(tx, table));
      replaceMs[table.name] = Math.round(performance.now() - replaceBegan);
    }
    await tx.query(`SET LOCAL enable_mergejoin TO DEFAULT; SET LOCAL enable_nestloop TO DEFAULT`);
  }
  await tx.query(`DROP TABLE IF EXISTS ${rebuilt}`);
  return { rows, partMs, replaceMs, ...(differences && { differences }) };
}

/**
 * The rows held made those of the rebuild, writing only the rows that differ: after a rebuild
 * that finds the aggregates right (the usual case) none, where deleting and inserting millions of
 * rows with their indexes took most of the rebuild's time. Rows are matched by their key (by
 * hashing), then compared whole, nulls alike; new rows are written in key order: the key's
 * index then grows page after page (a table filled from nothing, after a bulk load of the facts,
 * took a fifth longer with its rows in the rebuild's order), and a cube's cells lie on few pages.
 */
async function replaceHeld(tx: EntityManager, table: AggregateTable): Promise<void> {
  const key = table.key ?? table.columns;
  const rest = table.columns.filter((column) => !key.includes(column));
  const same = `${key.map((column) => `r.${column} = h.${column}`).join(' AND ')}${
    rest.length ? ` AND (${rest.map((column) => `r.${column}`).join(', ')}) IS NOT DISTINCT FROM (${rest.map((column) => `h.${column}`).join(', ')})` : ''
  }`;
  const rebuilt = rebuiltTable(table.name);
  // Counted and sampled: the planner's estimates of the rebuilt rows.
  await tx.query(`ANALYZE ${rebuilt}`);
  await tx.query(`DELETE FROM ${table.name} h WHERE NOT EXISTS (SELECT 1 FROM ${rebuilt} r WHERE ${same})`);
  const columns = table.columns.join(', ');
  await tx.query(
    `INSERT INTO ${table.name} (${columns}) SELECT ${columns} FROM ${rebuilt} r WHERE NOT EXISTS (SELECT 1 FROM ${table.name} h WHERE ${same}) ORDER BY ${key.join(', ')}`,
  );
}

/**
 * The tables of `tables` that hold no row (the first rebuild after a bulk load of the facts, or a
 * migration's of the tables it adds) and whose indexes this session may drop (as their owner:
 * the migration login, not the service's).
 */
async function emptyTables(tx: EntityManager, tables: readonly AggregateTable[]): Promise<Set<string>> {
  const [row]: Record<string, boolean>[] = await tx.query(
    `SELECT ${tables.map(({ name }) => `pg_has_role((SELECT relowner FROM pg_class WHERE oid = '${name}'::regclass), 'USAGE') AND NOT EXISTS (SELECT 1 FROM ${name}) AS "${name}"`).join(', ')}`,
  );
  return new Set(Object.keys(row).filter((name) => row[name]));
}

/**
 * An empty table filled with the rebuilt rows, in key order, without its indexes: dropped
 * first and built again from the rows (its primary key as its constraint): 1.08 million
 * people entries in 6–7 s, not 11 (200k cases, back to back); a cube's sort by its key is most of
 * what is left.
 */
async function fillEmpty(tx: EntityManager, table: AggregateTable): Promise<void> {
  const indexes: { index: string; definition: string; constraint: string | null; constraintDefinition: string | null }[] = await tx.query(
    `SELECT i.indexrelid::regclass::text AS index, pg_get_indexdef(i.indexrelid) AS definition, quote_ident(c.conname) AS constraint, pg_get_constraintdef(c.oid) AS "constraintDefinition"
     FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
     WHERE i.indrelid = $1::regclass ORDER BY i.indexrelid`,
    [table.name],
  );
  for (const { index, constraint } of indexes) await tx.query(constraint ? `ALTER TABLE ${table.name} DROP CONSTRAINT ${constraint}` : `DROP INDEX ${index}`);
  const columns = table.columns.join(', ');
  await tx.query(`INSERT INTO ${table.name} (${columns}) SELECT ${columns} FROM ${rebuiltTable(table.name)} ORDER BY ${(table.key ?? table.columns).join(', ')}`);
  for (const { definition, constraint, constraintDefinition } of indexes) {
    await tx.query(constraint ? `ALTER TABLE ${table.name} ADD CONSTRAINT ${constraint} ${constraintDefinition}` : definition);
  }
}

/** Rows in one and not the other, both ways, of each table that differs; cells held that count nothing are no cells. */
async function differencesFromHeld(tx: EntityManager, tables: readonly AggregateTable[]): Promise<Record<string, number>> {
  const differing = ({ name, columns, counts }: AggregateTable) => {
    const list = columns.join(', ');
    const held = counts ? `(SELECT * FROM ${name} WHERE ${counts.map((count) => `${count} <> 0`).join(' OR ')}) h` : name;
    return `(SELECT count(*) FROM ((SELECT ${list} FROM ${rebuiltTable(name)} EXCEPT ALL SELECT ${list} FROM ${held})
      UNION ALL (SELECT ${list} FROM ${held} EXCEPT ALL SELECT ${list} FROM ${rebuiltTable(name)})) d)::int AS "${name}"`;
  };
  const [row]: Record<string, number>[] = await tx.query(`SELECT ${tables.map(differing).join(', ')}`);
  return Object.fromEntries(Object.entries(row).filter(([, rows]) => rows > 0));
}
