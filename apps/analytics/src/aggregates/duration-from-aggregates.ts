import { localMonth } from '@icjims/jurisdiction';
import type { Reads } from '@icjims/persistence';
import { caseDurations, DurationQuery, DurationRow, durationRow } from '../flow/case-durations';
import { inWholeMonths } from './case-flow-from-aggregates';
import { BLOCK_BITS } from './duration-aggregates';
import { blankColumns, CATEGORY_COLUMNS, grainFor, GRAINS } from './flow-grains';

/** caseDurations' query, and the zone the cube counts its months in (the jurisdiction's, the projection's). */
export type DurationsQuery = DurationQuery & { timeZone: string };

/**
 * The duration quantiles as `caseDurations` gives them, read from the cubes the projection keeps
 * instead of every fact. Each set of CUBE's (a combination of the breakdowns asked for, or a total
 * over some of them) is read from the smallest grain that keeps its categories: a national table
 * by article reads its articles from the article grain, its totals from the region grain (a few
 * rows, not every article's again). Each set reads the block cube's cells of the span and the
 * periods' months (each its period: its month, or its bucket among the periods' starts, which
 * follow one another), with their counts by day: their blocks find the block that holds each
 * quantile, then the day counts of the cells in such a block give the quantile within it. The quantile:
 * histogramQuantilesFromBlocksSql. The periods may have months between them (a table read in
 * parts, every other period in each). Figures as of an earlier instant are not kept in aggregates,
 * nor periods that are not whole months of the zone (a range of days): for those, this is
 * caseDurations.
 */
export async function caseDurationsFromAggregates(manager: Reads, query: DurationsQuery): Promise<DurationRow[]> {
  if (query.asOf || !query.periods.length || !inWholeMonths(query.periods, query.timeZone, { gaps: true })) return caseDurations(manager, query);
  const groups = query.by.map((_breakdown, i) => `b${i}`);
  // Each value once, as a typed parameter: which the statement needs depends on the periods and the region.
  const values: unknown[] = [];
  const parameter = (value: unknown, type: string) => `$${values.push(value)}::${type}`;
  const [codes, starts, span, quantile] = [
    parameter(query.periods.map((period) => period.code), 'text[]'),
    parameter(query.periods.map((period) => period.starts), 'timestamptz[]'),
    parameter(query.span, 'text'),
    parameter(query.quantile, 'float8'),
  ];
  const region = query.region === undefined ? undefined : parameter(query.region, 'text');
  // Periods of one month each are the cube's months: a set's cells then come in the order of the
  // cube's key (month, categories, block), the order its running counts need, without a sort.
  const monthly = query.periods.every((period) => localMonth(period.starts, query.timeZone) === localMonth(new Date(period.ends.getTime() - 1), query.timeZone));
  // The periods' months (months between periods are no period's): a month period's start is its month in the cube.
  let months = `f.month = ANY(${starts})`;
  if (!monthly) {
    const ends = parameter(query.periods.map((period) => period.ends), 'timestamptz[]');
    months = `f.month >= (${starts})[1] AND f.month < (${ends})[cardinality(${ends})] AND f.month < (${ends})[width_bucket(f.month, ${starts})]`;
  }
  const sets = groupingSets(groups).map((set): BlockCellSet => {
    const keptBreakdowns = query.by.filter((_breakdown, i) => set.kept.includes(groups[i]));
    const grain = grainFor(keptBreakdowns, region !== undefined);
    const categories = query.by.map((breakdown, i) => (set.kept.includes(groups[i]) ? `f.${CATEGORY_COLUMNS[breakdown]} AS b${i}, ` : '')).join('');
    // The categories the grain does not keep are '': saying so lets the planner see the key's order.
    const blank = blankColumns(grain).map((column) => ` AND f.${column} = ''`).join('');
    // Several cells of a period, categories and block: the months of a longer period, or the categories the set sums over.
    const summed = GRAINS[grain].filter((breakdown) => !keptBreakdowns.includes(breakdown) && !(region !== undefined && breakdown === 'region'));
    // current_schema() is parallel-unsafe: the plan stays serial, where workers (chosen for the cube's pessimistic costs) took several times longer.
    const cells = `SELECT ${monthly ? 'f.month' : `width_bucket(f.month, ${starts})`} AS period, ${categories}f.block, f.cases, f.cases_by_day
       FROM duration_block_counts f
       WHERE f.span = ${span} AND f.grain = ${grain}${region === undefined ? '' : ` AND f.region = ${region}`}${blank} AND f.cases <> 0 AND current_schema() IS NOT NULL
         AND ${months}`;
    return { ...set, cells, peers: !monthly || summed.length > 0 };
  });
  const rows: { period: string; categories: (string | null)[]; days: number; cases: string }[] = await manager.query(
    `WITH ${histogramQuantilesFromBlocksSql(sets, groups, 'cases', 'cases_by_day', quantile)}
     SELECT (${codes})[${monthly ? `width_bucket(period, ${starts})` : 'period'}] AS period, categories, cases, days FROM quantiles`,
    values,
  );
  return rows.map(durationRow);
}

/** A set of CUBE's over `groups`: `grouping` as GROUPING numbers it (a bit per group, the first group's the highest, set where the set sums over it), and the groups it keeps. */
export interface GroupingSet {
  grouping: number;
  kept: readonly string[];
}

/** Every set of CUBE's over `groups`, the combinations of all of them first. */
export function groupingSets(groups: readonly string[]): GroupingSet[] {
  return Array.from({ length: 2 ** groups.length }, (_unused, grouping) => ({ grouping, kept: groups.filter((_group, i) => (grouping & (1 << (groups.length - 1 - i))) === 0) }));
}

/**
 * SQL (common table expressions, after `cells`: the columns `period`, the categories `groups`,
 * whole `days` and their `count`, one row per histogram cell) ending in `quantiles(period,
 * categories, count, days)`: per period and combination of categories (an array of `groups`,
 * CUBE's: a null is the total over that category), the number counted and the quantile
 * `quantile` (SQL of a number) of their days — percentile_cont's, computed the same way: over n
 * values in order, the position h = q × (n − 1); the values at positions ⌊h⌋ and ⌈h⌉ (each the
 * first day whose running count exceeds the position); the first plus (h − ⌊h⌋) × their
 * difference, in double precision.
 *
 * The running counts are not taken over every day of every combination (a national table by
 * region over twelve months: ~19,000 sums, sorted and counted) but over a histogram where only
 * the blocks of 2^BLOCK_BITS days holding a position are by day (~3,000 rows): the cells are first
 * summed by block, whose running count marks the blocks holding each of the combination's
 * positions; then the cells of each marked block are summed by day for that combination alone
 * (a total's from every combination it covers: one join per set of CUBE, on the categories the
 * set keeps), and every other block stands as one value, its first day. Before and after a
 * position's block the running count is the same, and no block standing as one value holds a
 * position. Marking blocks per combination, not per period, matters where there are many
 * combinations (by article: their positions fall in most blocks of a period).
 */
export function histogramQuantilesSql(groups: readonly string[], count: string, quantile: string): string {
  // `grouping`: which categories a row sums over (GROUPING's bits, the first group's the highest), so that a total never meets a combination's rows.
  const partition = ['period', 'grouping', ...groups].join(', ');
  const block = `days >> ${BLOCK_BITS}`;
  const combinations = `SELECT period, ${groups.map((group) => `${group}, `).join('')}${block} AS block, sum(${count})::int AS ${count} FROM cells GROUP BY period, ${groups.map((group) => `${group}, `).join('')}${block}`;
  // Each combination's blocks, then CUBE's totals from those (fewer rows than the cells).
  const blocks = groups.length
    ? `SELECT period, GROUPING(${groups.join(', ')}) AS grouping, ${groups.join(', ')}, block, sum(${count})::int AS ${count} FROM (${combinations}) combination GROUP BY period, block, CUBE(${groups.join(', ')})`
    : `SELECT period, 0 AS grouping, block, ${count} FROM (${combinations}) combination`;
  const byDay = ({ grouping, kept }: GroupingSet) =>
    `SELECT ${['m.period', 'm.grouping', ...groups.map((group) => `m.${group}`)].join(', ')}, c.days, sum(c.${count})::int AS ${count}
       FROM marked m JOIN cells c ON c.period = m.period AND c.${block} = m.block${kept.map((group) => ` AND c.${group} = m.${group}`).join('')}
       WHERE m.holds AND m.grouping = ${grouping}
       GROUP BY ${['m.period', 'm.grouping', ...groups.map((group) => `m.${group}`)].join(', ')}, c.days`;
  return `blocks AS (
       ${blocks}
     ), marked AS (
       SELECT *, (through > floor(h) AND through - ${count} <= floor(h)) OR (through > ceil(h) AND through - ${count} <= ceil(h)) AS holds FROM (
         SELECT *, sum(${count}) OVER (PARTITION BY ${partition} ORDER BY block) AS through,
           ${quantile}::float8 * (sum(${count}) OVER (PARTITION BY ${partition}) - 1)::float8 AS h
         FROM blocks
       ) cumulative
     ), histograms AS (
       ${groupingSets(groups).map(byDay).join('\n       UNION ALL\n       ')}
       UNION ALL
       SELECT ${partition}, block << ${BLOCK_BITS}, ${count} FROM marked WHERE NOT holds
     ), ${quantilesOfHistogramsSql(groups, count, quantile)}`;
}

/** A set of CUBE's read from a block cube: its block cells, and whether several of them may share a block. */
export interface BlockCellSet extends GroupingSet {
  /**
   * SQL selecting the set's block cells: `period`, the categories the set keeps (by their names in
   * `groups`), `block` (days >> BLOCK_BITS), its count and its counts by day (histogramQuantilesFromBlocksSql).
   */
  cells: string;
  /** Whether a period, categories and block may have several cells (the months of a longer period, the categories the set sums over). */
  peers: boolean;
}

/**
 * histogramQuantilesSql's figures where the counts are kept by block, each with its counts by day
 * (the duration cube): SQL (common table expressions) ending in `quantiles`, as there, from the
 * block cells of each set of CUBE's (`sets`, each with its own rows: no totals are summed here):
 * `block`, its `count`, and `byDay`, an array of 2^BLOCK_BITS counts: the block's days in order,
 * from its first, days − (block << BLOCK_BITS) + 1.
 *
 * Each set is read on its own, so that cells which come in the order of its running counts
 * (period, categories, block: the cube's key, for a set of one-month periods) need no sort. One
 * pass of window sums over its cells gives each row's n and position h, and marks the cells in a
 * block holding one of the positions: the running count through the block (its peers included,
 * where there can be any) exceeds the position and the count before it does not. Only those are
 * unfolded into their days (no other table read), and the running count by day starts from the
 * count before the block: the blocks that hold no position are never read again. The day cells'
 * window and grouping keep the marked cells' order, which the unfolding passes on: they are sorted
 * only by day within each block (an incremental sort) and grouped without another sort — n and h,
 * the same on every row of a combination, are taken by max, not grouped by.
 */
export function histogramQuantilesFromBlocksSql(sets: readonly BlockCellSet[], groups: readonly string[], count: string, byDay: string, quantile: string): string {
  const perSet = sets.map(({ grouping, kept, cells, peers }) => {
    const partition = ['period', ...kept].join(', ');
    const marked = `set${grouping}_marked AS (
       SELECT *, through - ${peers ? 'in_block' : count} AS before, ${quantile}::float8 * (n - 1)::float8 AS h FROM (
         SELECT c.*, sum(c.${count}) OVER (PARTITION BY ${partition} ORDER BY c.block) AS through,${peers ? ` sum(c.${count}) OVER (PARTITION BY ${partition}, c.block) AS in_block,` : ''}
           sum(c.${count}) OVER (PARTITION BY ${partition}) AS n
         FROM (${cells}) c
       ) cumulative
     )`;
    const days = `set${grouping}_days AS (
       SELECT ${['w.period', ...kept.map((group) => `w.${group}`)].join(', ')}, w.n, w.h, (w.block << ${BLOCK_BITS}) + d.day::int - 1 AS days,
         w.before + sum(d.${count}) OVER (PARTITION BY ${['w.period', ...kept.map((group) => `w.${group}`)].join(', ')}, w.block ORDER BY d.day) AS through
       FROM set${grouping}_marked w CROSS JOIN LATERAL unnest(w.${byDay}) WITH ORDINALITY AS d(${count}, day)
       WHERE d.${count} <> 0 AND ((w.through > floor(w.h) AND w.before <= floor(w.h)) OR (w.through > ceil(w.h) AND w.before <= ceil(w.h)))
     )`;
    const bounds = `SELECT period, ${groups.map((group) => (kept.includes(group) ? group : `NULL::text AS ${group}`)).join(', ')}${groups.length ? ', ' : ''}max(n) AS ${count}, max(h) AS h,
         min(days) FILTER (WHERE through > floor(h)) AS low, min(days) FILTER (WHERE through > ceil(h)) AS high
       FROM set${grouping}_days GROUP BY ${partition}`;
    return { ctes: `${marked}, ${days}`, bounds };
  });
  return `${perSet.map((set) => set.ctes).join(', ')}, bounds AS (
       ${perSet.map((set) => set.bounds).join('\n       UNION ALL\n       ')}
     ), ${quantilesSql(groups, count)}`;
}

/** The common table expressions after `histograms(period, grouping, groups…, days, count)`, ending in `quantiles`: the quantile of each row's days (histogramQuantilesSql). */
function quantilesOfHistogramsSql(groups: readonly string[], count: string, quantile: string): string {
  const partition = ['period', 'grouping', ...groups].join(', ');
  return `cumulative AS (
       SELECT *, sum(${count}) OVER (PARTITION BY ${partition} ORDER BY days) AS through,
         ${quantile}::float8 * (sum(${count}) OVER (PARTITION BY ${partition}) - 1)::float8 AS h
       FROM histograms
     ), bounds AS (
       SELECT ${partition}, max(through) AS ${count}, max(h) AS h,
         min(days) FILTER (WHERE through > floor(h)) AS low, min(days) FILTER (WHERE through > ceil(h)) AS high
       FROM cumulative GROUP BY ${partition}
     ), ${quantilesSql(groups, count)}`;
}

/** `quantiles` from `bounds(period, groups…, count, h, low, high)`: the first day plus (h − ⌊h⌋) × the way to the second. */
function quantilesSql(groups: readonly string[], count: string): string {
  return `quantiles AS (
       SELECT period, ARRAY[${groups.join(', ')}]::text[] AS categories, ${count}, low::float8 + (h - floor(h)) * (high::float8 - low::float8) AS days FROM bounds
     )`;
}
