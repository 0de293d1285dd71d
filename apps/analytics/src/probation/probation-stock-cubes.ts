import type { CubeOfEntries } from '../aggregates/entries-refresh';
import type { ProbationBreakdown } from './probation-figures';

/*
 * The cubes the current stocks at a period's end and days under supervision are read from
 * (migration 1763900000533), made of the probation cases' states (probation_case_states,
 * probation-states.ts) and moved with them. A state either ended (`to_at`: closed) or is the
 * current one of its case (open). Period ends are month starts of the zone (whole months), and a
 * state counts in the stock at a month start B when it is active and max(from_at, starts_at) < B
 * ≤ to_at (stocksAtPeriodEnd); its supervision time runs from max(from_at, starts_at) to to_at,
 * or now. So:
 * - a closed state is one row per month start it counts at (`open` false, `boundary`), and its
 *   supervision time is split by month (`seconds` of each month it overlaps);
 * - an open state counts at every month start from the first after max(from_at, starts_at) on,
 *   whatever the date asked: one row at that first month start (`open` true, `boundary`); its
 *   supervision time up to any instant T is T − its start, so it is kept as the number of open
 *   states (`states`) and the sum of their starts' epochs (`seconds`) by the month they start in.
 * Assessments overdue: of an open row, from the first month start on or after the day after the
 * next assessment was due (`overdue_from`; infinity when none was set); of closed rows, how many
 * were overdue by that day then (`overdue`; their `overdue_from` is infinity); and the deadline
 * rules breached since the last assessment (`breached_rules`), which the query matches with the
 * pack's reassessment rules (they are not baked in). Each cube keeps the
 * categories in grains (`grain`, the others ''), so that a national table reads a few rows.
 */

/**
 * The stocks' category columns, and their grains: a query reads the first grain holding every
 * column it asks for. The office with one person category each has a grain of its own (migration
 * 1763900000535): by office and sex, the finest grain read every combination of the person
 * categories of every office.
 */
const STOCK_CATEGORIES = ['region', 'office', 'sex', 'age_band', 'juvenile'] as const;
export const STOCK_GRAINS: readonly (readonly string[])[] = [
  ['region'],
  ['region', 'office'],
  ['region', 'sex', 'age_band', 'juvenile'],
  ['region', 'office', 'sex'],
  ['region', 'office', 'age_band'],
  ['region', 'office', 'juvenile'],
  STOCK_CATEGORIES,
];
/** The supervision time's category columns (no office), and their grains. */
const SUPERVISION_CATEGORIES = ['region', 'sex', 'age_band', 'juvenile'] as const;
export const SUPERVISION_GRAINS: readonly (readonly string[])[] = [['region'], SUPERVISION_CATEGORIES];

/** The column of each breakdown in the stock and supervision cubes. */
export const STOCK_BREAKDOWN_COLUMNS: Readonly<Partial<Record<ProbationBreakdown, string>>> = { region: 'region', office: 'office', sex: 'sex', ageBand: 'age_band', juvenile: 'juvenile' };

/** The index in `grains` of the first grain holding every column of `by` (-1: none). */
export function grainOf(grains: readonly (readonly string[])[], by: readonly ProbationBreakdown[]): number {
  return grains.findIndex((grain) => by.every((breakdown) => grain.includes(STOCK_BREAKDOWN_COLUMNS[breakdown] ?? '')));
}

export const STOCKS_KEY = ['open', 'grain', 'boundary', ...STOCK_CATEGORIES, 'overdue_from', 'breached_rules'] as const;
export const OFFICERS_KEY = ['open', 'boundary', 'region', 'office', 'officer'] as const;
export const SUPERVISION_KEY = ['open', 'grain', 'month', ...SUPERVISION_CATEGORIES] as const;

const STOCKS = { name: 'probation_stocks', columns: [...STOCKS_KEY, 'cases', 'overdue'], key: STOCKS_KEY, counts: ['cases', 'overdue'] };
const OFFICERS = { name: 'probation_officer_stocks', columns: [...OFFICERS_KEY, 'cases'], key: OFFICERS_KEY, counts: ['cases'] };
const SUPERVISION = { name: 'probation_supervision', columns: [...SUPERVISION_KEY, 'states', 'seconds'], key: SUPERVISION_KEY, counts: ['states', 'seconds'] };

/** SQL of a state's (`st`) categories: its office `unknown` before an allocation. */
const CATEGORY_SQL: Readonly<Record<string, string>> = { region: 'st.region', office: `coalesce(st.office, 'unknown')`, sex: 'st.sex', age_band: 'st.age_band', juvenile: 'st.juvenile' };

/** A lateral `k(grain, …columns)`: a state's categories once per grain, '' where the grain does not keep them. */
function grainsSql(grains: readonly (readonly string[])[], columns: readonly string[]): string {
  const rows = grains.map((grain, index) => `(${index}, ${columns.map((column) => (grain.includes(column) ? CATEGORY_SQL[column] : `''`)).join(', ')})`);
  return `CROSS JOIN LATERAL (VALUES ${rows.join(', ')}) AS k(grain, ${columns.join(', ')})`;
}

/** SQL of the local month (a timestamp) an instant falls in, in `zone`. */
const monthOf = (instant: string, zone: string) => `date_trunc('month', ${instant} AT TIME ZONE ${zone})`;

/**
 * Laterals giving a state `st` its start (x.m: of its term, or the state if later) and the first
 * month start at which its next assessment is overdue (x.due_from), then its rows `b(open,
 * boundary, overdue_from, overdue)`: the month starts it counts at in a stock, as said above.
 */
function boundariesSql(zone: string): string {
  return `CROSS JOIN LATERAL (
       SELECT greatest(st.from_at, st.starts_at) AS m,
         -- The first month start at or after the first instant of the day after the due day.
         CASE WHEN st.due_on IS NULL THEN 'infinity'::timestamptz ELSE date_trunc('month', (st.due_on + 1)::timestamp + interval '1 month' - interval '1 day') AT TIME ZONE ${zone} END AS due_from
     ) x
     CROSS JOIN LATERAL (
       SELECT true AS open, (${monthOf('x.m', zone)} + interval '1 month') AT TIME ZONE ${zone} AS boundary, x.due_from AS overdue_from, 0 AS overdue WHERE st.to_at IS NULL
       UNION ALL
       SELECT false, g.at, 'infinity'::timestamptz, CASE WHEN x.due_from <= g.at THEN 1 ELSE 0 END
       FROM generate_series(${monthOf('x.m', zone)} + interval '1 month', ${monthOf('st.to_at', zone)}, interval '1 month') AS l(local)
       CROSS JOIN LATERAL (SELECT l.local AT TIME ZONE ${zone} AS at) g
       WHERE st.to_at IS NOT NULL
     ) b`;
}

/** The stocks' cells of the states `st` in `from`, each counting `weight`; `zone` the SQL of the zone. */
function stockCellsSql(from: string, weight: string, zone: string): string {
  return `SELECT b.open, k.grain, b.boundary, ${STOCK_CATEGORIES.map((column) => `k.${column}`).join(', ')}, b.overdue_from, coalesce(st.breached_rules, '{}') AS breached_rules,
      sum(${weight}) AS cases, sum(${weight} * b.overdue) AS overdue
    FROM ${from} ${boundariesSql(zone)} ${grainsSql(STOCK_GRAINS, STOCK_CATEGORIES)}
    WHERE st.status = 'active'
    GROUP BY ${STOCKS_KEY.map((_column, i) => i + 1).join(', ')}`;
}

/** The officers' cells: cases by month start, region, office and officer ('' for none allocated). */
function officerCellsSql(from: string, weight: string, zone: string): string {
  return `SELECT b.open, b.boundary, st.region, ${CATEGORY_SQL.office} AS office, coalesce(st.officer, '') AS officer, sum(${weight}) AS cases
    FROM ${from} ${boundariesSql(zone)}
    WHERE st.status = 'active'
    GROUP BY 1, 2, 3, 4, 5`;
}

/** The supervision time's cells: of closed states, the seconds in each month; of open ones, their number and the sum of their starts' epochs by the month they start in. */
function supervisionCellsSql(from: string, weight: string, zone: string): string {
  return `SELECT s.open, k.grain, s.month, ${SUPERVISION_CATEGORIES.map((column) => `k.${column}`).join(', ')}, sum(${weight} * s.states) AS states, sum(${weight} * s.seconds) AS seconds
    FROM ${from}
    CROSS JOIN LATERAL (SELECT greatest(st.from_at, st.starts_at) AS m) x
    CROSS JOIN LATERAL (
      SELECT true AS open, ${monthOf('x.m', zone)} AT TIME ZONE ${zone} AS month, 1 AS states, extract(epoch FROM x.m) AS seconds WHERE st.to_at IS NULL
      UNION ALL
      SELECT false, mo.starts, 0, extract(epoch FROM least(st.to_at, mo.ends) - greatest(x.m, mo.starts))
      FROM generate_series(${monthOf('x.m', zone)}, ${monthOf('st.to_at', zone)}, interval '1 month') AS l(local)
      CROSS JOIN LATERAL (SELECT l.local AT TIME ZONE ${zone} AS starts, (l.local + interval '1 month') AT TIME ZONE ${zone} AS ends) mo
      WHERE st.to_at > x.m AND least(st.to_at, mo.ends) > greatest(x.m, mo.starts)
    ) s
    ${grainsSql(SUPERVISION_GRAINS, SUPERVISION_CATEGORIES)}
    GROUP BY ${SUPERVISION_KEY.map((_column, i) => i + 1).join(', ')}`;
}

/** The three cubes of the states, their cells in the zone `zone` (SQL). */
export function stateCubes(zone: string): CubeOfEntries[] {
  return [
    { cube: STOCKS, cells: (from, weight) => stockCellsSql(from, weight, zone) },
    { cube: OFFICERS, cells: (from, weight) => officerCellsSql(from, weight, zone) },
    { cube: SUPERVISION, cells: (from, weight) => supervisionCellsSql(from, weight, zone) },
  ];
}

/** The cubes' tables, as the aggregate lists them. */
export const STATE_CUBE_TABLES = [STOCKS, OFFICERS, SUPERVISION];
