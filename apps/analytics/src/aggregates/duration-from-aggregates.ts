import { EntityManager } from 'typeorm';
import { caseDurations, DurationQuery, DurationRow, durationRow } from '../flow/case-durations';
import { inWholeMonths } from './case-flow-from-aggregates';
import { CATEGORY_COLUMNS, grainFor } from './flow-grains';

/** caseDurations' query, and the zone the cube counts its months in (the jurisdiction's, the projection's). */
export type DurationsQuery = DurationQuery & { timeZone: string };

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
  // Each cell is read once: the period it falls in is its bucket among the periods' starts (they follow one another).
  const rows: { period: string; categories: (string | null)[]; days: number; cases: string }[] = await manager.query(
    `WITH cells AS (
       SELECT width_bucket(f.month, $2::timestamptz[]) AS period, ${categories.map((category, i) => `${category} AS b${i}, `).join('')}f.days, f.cases
       FROM duration_counts f
       WHERE f.span = $4 AND f.grain = $5 AND ($6::text IS NULL OR f.region = $6) AND f.cases <> 0
         AND f.month >= ($2::timestamptz[])[1] AND f.month < ($3::timestamptz[])[cardinality($3::timestamptz[])]
     ), ${histogramQuantilesSql(groups, 'cases', '$7')}
     SELECT ($1::text[])[period] AS period, categories, cases, days FROM quantiles`,
    [
      query.periods.map((period) => period.code),
      query.periods.map((period) => period.starts),
      query.periods.map((period) => period.ends),
      query.span,
      grainFor(query.by),
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
 * In two passes, so that the cells are summed by day only where a position lies, not for every
 * day of every combination (a national table by region over twelve months: ~1,300 sums and 216
 * positions rather than ~19,000 sums, each sorted and counted): the cells summed by block of
 * 2^BLOCK_BITS days, whose running count finds the block holding each position and the count
 * before it; then the cells of those blocks only (of the periods they are in) summed by day,
 * whose running count from there finds the day.
 */
export function histogramQuantilesSql(groups: readonly string[], count: string, quantile: string): string {
  const cube = groups.length ? `, CUBE(${groups.join(', ')})` : '';
  // The cells (those `where` keeps) summed per period, combination of categories and `day` (SQL of a cell's day or block), as `alias`.
  const summed = (day: string, alias: string, where = '') =>
    `SELECT period, ARRAY[${groups.join(', ')}]::text[] AS categories, ${day} AS ${alias}, sum(${count})::int AS ${count} FROM cells ${where} GROUP BY period, ${day}${cube}`;
  return `blocks AS (
       ${summed(`days >> ${BLOCK_BITS}`, 'block')}
     ), cumulative AS (
       SELECT *, sum(${count}) OVER (PARTITION BY period, categories ORDER BY block) AS through, sum(${count}) OVER (PARTITION BY period, categories) AS n
       FROM blocks
     ), positions AS (
       SELECT period, categories, n, h, bound, position, block, through - ${count} AS before
       FROM cumulative CROSS JOIN LATERAL (SELECT ${quantile}::float8 * (n - 1)::float8 AS h) q CROSS JOIN LATERAL (VALUES ('low', floor(h)), ('high', ceil(h))) AS p(bound, position)
       WHERE through > position AND through - ${count} <= position
     ), block_days AS (
       ${summed('days', 'days', `WHERE (period, days >> ${BLOCK_BITS}) IN (SELECT period, block FROM positions)`)}
     ), found AS (
       SELECT p.period, p.categories, p.n, p.h, p.bound, p.position, d.days,
         p.before + sum(d.${count}) OVER (PARTITION BY p.period, p.categories, p.bound ORDER BY d.days) AS through
       FROM positions p JOIN block_days d ON d.period = p.period AND d.categories = p.categories AND d.days >> ${BLOCK_BITS} = p.block
     ), quantiles AS (
       SELECT period, categories, n AS ${count}, low::float8 + (h - floor(h)) * (high::float8 - low::float8) AS days
       FROM (
         SELECT period, categories, n, h,
           min(days) FILTER (WHERE bound = 'low' AND through > position) AS low, min(days) FILTER (WHERE bound = 'high' AND through > position) AS high
         FROM found GROUP BY period, categories, n, h
       ) bounds
     )`;
}
