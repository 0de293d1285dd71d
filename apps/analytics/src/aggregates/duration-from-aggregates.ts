import { EntityManager } from 'typeorm';
import { caseDurations, DurationQuery, DurationRow, durationRow } from '../flow/case-durations';
import { inWholeMonths } from './case-flow-from-aggregates';
import { CATEGORY_COLUMNS, grainFor, GRAINS } from './flow-grains';

/** caseDurations' query, and the zone the cube counts its months in (the jurisdiction's, the projection's). */
export type DurationsQuery = DurationQuery & { timeZone: string };

/** Longer than any month (whole months of the zone: 28 to 31 days, and an hour either way where clocks change). */
const MONTH_AT_MOST_MS = 32 * 86_400_000;

/**
 * The duration quantiles as `caseDurations` gives them, read from the histogram cube the
 * projection keeps instead of every fact: the smallest grain that holds the breakdowns asked for,
 * its cells of the span summed per period, categories and days (CUBE: each total sums the
 * histograms it covers), and the quantile read off each histogram. Figures as of an earlier
 * instant are not kept in aggregates, nor periods that are not whole months of the zone (a range
 * of days): for those, this is caseDurations. The quantile: histogramQuantilesSql.
 */
export async function caseDurationsFromAggregates(manager: EntityManager, query: DurationsQuery): Promise<DurationRow[]> {
  if (query.asOf || !query.periods.length || !inWholeMonths(query.periods, query.timeZone)) return caseDurations(manager, query);
  const categories = query.by.map((breakdown) => `f.${CATEGORY_COLUMNS[breakdown]}`);
  const groups = query.by.map((_breakdown, i) => `b${i}`);
  const grain = grainFor(query.by, query.region !== undefined);
  // Several cells fall on one period, combination of categories and day where a period has several months or the grain
  // keeps a category not asked for: then they are summed first, and the quantiles read fewer rows (where none merge, as
  // in a national table by region of months, that sum would cost without saving anything).
  const merged = GRAINS[grain].length > query.by.length || query.periods.some((period) => period.ends.getTime() - period.starts.getTime() > MONTH_AT_MOST_MS);
  // Each cell is read once: the period it falls in is its bucket among the periods' starts (they follow one another).
  const rows: { period: string; categories: (string | null)[]; days: number; cases: string }[] = await manager.query(
    `WITH cells AS (
       SELECT width_bucket(f.month, $2::timestamptz[]) AS period, ${categories.map((category, i) => `${category} AS b${i}, `).join('')}f.days, ${merged ? 'sum(f.cases)::int' : 'f.cases'} AS cases
       FROM duration_counts f
       WHERE f.span = $4 AND f.grain = $5 AND ($6::text IS NULL OR f.region = $6) AND f.cases <> 0
         AND f.month >= ($2::timestamptz[])[1] AND f.month < ($3::timestamptz[])[cardinality($3::timestamptz[])]
       ${merged ? `GROUP BY period, ${groups.map((group) => `${group}, `).join('')}f.days` : ''}
     ), ${histogramQuantilesSql(groups, 'cases', '$7')}
     SELECT ($1::text[])[period] AS period, categories, cases, days FROM quantiles`,
    [
      query.periods.map((period) => period.code),
      query.periods.map((period) => period.starts),
      query.periods.map((period) => period.ends),
      query.span,
      grain,
      query.region ?? null,
      query.quantile,
    ],
  );
  return rows.map(durationRow);
}

/** Whole days per block of the first pass: a power of two (a block is `days >> BLOCK_BITS`, negative days too). */
const BLOCK_BITS = 4;

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
  const sets = Array.from({ length: 2 ** groups.length }, (_unused, grouping) => grouping);
  const kept = (grouping: number) => groups.filter((_group, i) => (grouping & (1 << (groups.length - 1 - i))) === 0);
  const byDay = (grouping: number) =>
    `SELECT ${['m.period', 'm.grouping', ...groups.map((group) => `m.${group}`)].join(', ')}, c.days, sum(c.${count})::int AS ${count}
       FROM marked m JOIN cells c ON c.period = m.period AND c.${block} = m.block${kept(grouping).map((group) => ` AND c.${group} = m.${group}`).join('')}
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
       ${sets.map(byDay).join('\n       UNION ALL\n       ')}
       UNION ALL
       SELECT ${partition}, block << ${BLOCK_BITS}, ${count} FROM marked WHERE NOT holds
     ), cumulative AS (
       SELECT *, sum(${count}) OVER (PARTITION BY ${partition} ORDER BY days) AS through,
         ${quantile}::float8 * (sum(${count}) OVER (PARTITION BY ${partition}) - 1)::float8 AS h
       FROM histograms
     ), bounds AS (
       SELECT ${partition}, max(through) AS ${count}, h,
         min(days) FILTER (WHERE through > floor(h)) AS low, min(days) FILTER (WHERE through > ceil(h)) AS high
       FROM cumulative GROUP BY ${partition}, h
     ), quantiles AS (
       SELECT period, ARRAY[${groups.join(', ')}]::text[] AS categories, ${count}, low::float8 + (h - floor(h)) * (high::float8 - low::float8) AS days FROM bounds
     )`;
}
