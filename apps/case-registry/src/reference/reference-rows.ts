import { EntityManager } from 'typeorm';

/**
 * The reference tables as rows of plain values, for the two writers that must say what they
 * changed: the pack's adoption and an admin's PUT. Each change they make is appended to
 * reference_changes with the row before and after, in the writer's transaction.
 */

export type ReferenceKind = 'region' | 'district' | 'agency' | 'offence' | 'court';

/** A row by its column names (snake_case), without changed_by_admin. */
export type ReferenceRow = Record<string, unknown>;

interface ReferenceTable {
  table: string;
  keys: string[];
  columns: string[];
}

/** Parents before children: districts need their region, cases' rows need theirs. */
export const REFERENCE_TABLES: Record<ReferenceKind, ReferenceTable> = {
  region: { table: 'regions', keys: ['code'], columns: ['labels'] },
  district: { table: 'districts', keys: ['region', 'code'], columns: ['labels'] },
  agency: { table: 'agencies', keys: ['code'], columns: ['labels', 'kind'] },
  offence: { table: 'offences', keys: ['article'], columns: ['labels', 'severity', 'iccs_code', 'iccs_section', 'sexual_or_gender_based_violence'] },
  court: { table: 'courts', keys: ['code'], columns: ['labels', 'level', 'region'] },
};

export const REFERENCE_KINDS = Object.keys(REFERENCE_TABLES) as ReferenceKind[];

/** The code a change is recorded under: "KG-GB", or "KG-GB/leninsky" for a district. */
export function codeOf(kind: ReferenceKind, row: ReferenceRow): string {
  return REFERENCE_TABLES[kind].keys.map((key) => row[key]).join('/');
}

/** JSON with object keys sorted, so that two rows compare equal whatever order jsonb gave their labels. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function sameRow(kind: ReferenceKind, a: ReferenceRow, b: ReferenceRow): boolean {
  return REFERENCE_TABLES[kind].columns.every((column) => canonical(a[column]) === canonical(b[column]));
}

export interface StoredRow {
  row: ReferenceRow;
  changedByAdmin: boolean;
}

/** The whole table by code (reference tables are small: at most some thousand rows). */
export async function storedRows(manager: EntityManager, kind: ReferenceKind): Promise<Map<string, StoredRow>> {
  const { table, keys, columns } = REFERENCE_TABLES[kind];
  const rows: (ReferenceRow & { changed_by_admin: boolean })[] = await manager.query(`SELECT ${[...keys, ...columns].join(', ')}, changed_by_admin FROM ${table}`);
  return new Map(rows.map(({ changed_by_admin, ...row }) => [codeOf(kind, row), { row, changedByAdmin: changed_by_admin }]));
}

export interface ReferenceChange {
  kind: ReferenceKind;
  code: string;
  change: 'added' | 'changed' | 'removed';
  before: ReferenceRow | null;
  after: ReferenceRow | null;
}

/** Inserts or updates rows in one statement, marking them as an admin's or the pack's. */
export async function upsertRows(manager: EntityManager, kind: ReferenceKind, rows: ReferenceRow[], changedByAdmin: boolean): Promise<void> {
  if (!rows.length) return;
  const { table, keys, columns } = REFERENCE_TABLES[kind];
  const all = [...keys, ...columns, 'changed_by_admin'];
  await manager.query(
    `INSERT INTO ${table} (${all.join(', ')})
     SELECT ${all.join(', ')} FROM jsonb_populate_recordset(null::${table}, $1::jsonb)
     ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${[...columns, 'changed_by_admin'].map((column) => `${column} = EXCLUDED.${column}`).join(', ')}`,
    [JSON.stringify(rows.map((row) => ({ ...row, changed_by_admin: changedByAdmin })))],
  );
}

/**
 * Writes the rows that differ from what is stored and returns the changes, for recordChanges.
 * `stored` is the table as storedRows read it in the same transaction.
 */
export async function applyRows(
  manager: EntityManager,
  kind: ReferenceKind,
  rows: ReferenceRow[],
  stored: Map<string, StoredRow>,
  changedByAdmin: boolean,
): Promise<ReferenceChange[]> {
  const changes: ReferenceChange[] = [];
  const written: ReferenceRow[] = [];
  for (const row of rows) {
    const code = codeOf(kind, row);
    const before = stored.get(code);
    if (before && sameRow(kind, before.row, row) && before.changedByAdmin === changedByAdmin) continue;
    written.push(row);
    if (!before) changes.push({ kind, code, change: 'added', before: null, after: row });
    else if (!sameRow(kind, before.row, row)) changes.push({ kind, code, change: 'changed', before: before.row, after: row });
  }
  await upsertRows(manager, kind, written, changedByAdmin);
  return changes;
}

/** Appends the changes to the history, in one statement. */
export async function recordChanges(manager: EntityManager, source: string, changes: ReferenceChange[]): Promise<void> {
  if (!changes.length) return;
  await manager.query(
    `INSERT INTO reference_changes (source, kind, code, change, before, after)
     SELECT $1, kind, code, change, before, after FROM jsonb_to_recordset($2::jsonb) AS c (kind text, code text, change text, before jsonb, after jsonb)`,
    [source, JSON.stringify(changes)],
  );
}
