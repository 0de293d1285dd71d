import { EntityManager } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { AggregateTable, rebuiltTable } from './aggregate-part';
import { AGGREGATES } from './aggregate-parts';

/** The memory each sort, hash or grouping of a rebuild may take (PostgreSQL's work_mem, in its transaction only). */
const REBUILD_WORK_MEM = '256MB';

export interface RebuildOptions {
  /** The jurisdiction's time zone, whose months the cubes count in (the projection's); by default the installation's (ICJIMS_JURISDICTION…). */
  timeZone?: string;
  /** Compare a fresh rebuild with the aggregates held and leave them as they are. */
  check?: boolean;
  /** Only the aggregates of these names (a migration fills the ones it adds, not every one again); by default all of them. */
  parts?: readonly string[];
}

export interface RebuildResult {
  /** Facts read: cases, step revisions, and the other facts the parts rebuilt read (persons' roles, merges, breaches). */
  facts: number;
  /** The rows rebuilt, by table. */
  rows: Record<string, number>;
  ms: number;
  /** The time each part took to rebuild from the facts (before its rows replaced those held), by part. */
  partMs: Record<string, number>;
  /** With `check`: the tables whose rows differ between the rebuild and those held, with how many rows (none when they agree). */
  differences?: Record<string, number>;
}

/**
 * Every aggregate (or those of `parts`) recomputed from the facts, set-based, in one transaction (a savepoint
 * inside the caller's): the projection is locked out of the aggregates meanwhile (it waits,
 * then applies its change to the rebuilt ones), readers are not. With `check`, the rebuild is
 * compared with the aggregates held, which are left as they are. Those whose tables do not
 * exist yet (a migration before theirs is running) are left out.
 */
export async function rebuildAggregates(manager: EntityManager, options: RebuildOptions = {}): Promise<RebuildResult> {
  const began = performance.now();
  const timeZone = options.timeZone ?? loadJurisdiction(process.env).timeZone;
  const unknown = options.parts?.filter((name) => !AGGREGATES.some((part) => part.name === name)) ?? [];
  if (unknown.length) throw new Error(`no aggregate named ${unknown.join(', ')}`);
  const asked = AGGREGATES.filter((part) => !options.parts || options.parts.includes(part.name));
  return manager.transaction(async (tx) => {
    const [{ present }]: { present: string[] }[] = await tx.query(
      `SELECT ARRAY(SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL) AS present`,
      [asked.flatMap((part) => part.tables.map((table) => table.name))],
    );
    const parts = asked.filter((part) => part.tables.every((table) => present.includes(table.name)));
    const tables = parts.flatMap((part) => part.tables);
    if (!tables.length) return { facts: 0, rows: {}, ms: Math.round(performance.now() - began), partMs: {}, ...(options.check && { differences: {} }) };
    // EXCLUSIVE: no other writer (the projection's next change waits), readers go on.
    await tx.query(`LOCK TABLE ${tables.map((table) => table.name).join(', ')} IN EXCLUSIVE MODE`);
    // Millions of entries are sorted, grouped and joined: in memory, not in batches on disk (the default 4 MB would spill them).
    await tx.query(`SET LOCAL work_mem = '${REBUILD_WORK_MEM}'`);
    const rebuilt = tables.map((table) => rebuiltTable(table.name)).join(', ');
    await tx.query(`DROP TABLE IF EXISTS ${rebuilt}`);
    const partMs: Record<string, number> = {};
    for (const part of parts) {
      const partBegan = performance.now();
      await part.rebuild(tx, timeZone);
      partMs[part.name] = Math.round(performance.now() - partBegan);
    }
    const factTables = [...new Set(['fact_cases', 'fact_steps', ...parts.flatMap((part) => part.otherFacts ?? [])])];
    const [counted]: Record<string, number>[] = await tx.query(
      `SELECT (${factTables.map((table) => `(SELECT count(*) FROM ${table})`).join(' + ')})::bigint AS facts,
         ${tables.map((table) => `(SELECT count(*) FROM ${rebuiltTable(table.name)})::int AS "${table.name}"`).join(', ')}`,
    );
    const { facts, ...rows } = counted;
    const differences = options.check ? await differencesFromHeld(tx, tables) : undefined;
    if (!options.check) for (const table of tables) await replaceHeld(tx, table);
    await tx.query(`DROP TABLE IF EXISTS ${rebuilt}`);
    return { facts: Number(facts), rows, ms: Math.round(performance.now() - began), partMs, ...(differences && { differences }) };
  });
}

/** The rows held replaced by the rebuild's (a cube's in key order: a table's cells then lie on few pages, not one page each). */
async function replaceHeld(tx: EntityManager, table: AggregateTable): Promise<void> {
  const columns = table.columns.join(', ');
  await tx.query(`DELETE FROM ${table.name}`);
  await tx.query(`INSERT INTO ${table.name} (${columns}) SELECT ${columns} FROM ${rebuiltTable(table.name)}${table.key ? ` ORDER BY ${table.key.join(', ')}` : ''}`);
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
