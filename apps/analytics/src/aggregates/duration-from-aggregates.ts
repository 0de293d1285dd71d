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
    `WITH histograms AS (
       SELECT width_bucket(f.month, $2::timestamptz[]) AS period, ${categories.map((category, i) => `${category} AS b${i}, `).join('')}f.days, sum(f.cases)::int AS cases
       FROM duration_counts f
       WHERE f.span = $4 AND f.grain = $5 AND ($6::text IS NULL OR f.region = $6) AND f.cases <> 0
         AND f.month >= ($2::timestamptz[])[1] AND f.month < ($3::timestamptz[])[cardinality($3::timestamptz[])]
       GROUP BY 1, f.days${categories.length ? `, CUBE(${categories.join(', ')})` : ''}
     ), ${histogramQuantilesSql(['period', ...groups], 'cases', '$7')}
     SELECT ($1::text[])[period] AS period, ARRAY[${groups.join(', ')}]::text[] AS categories, cases, days FROM quantiles`,
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

/**
 * SQL (common table expressions, after `histograms`: the columns `partition`, whole `days` and
 * their `count`) ending in `quantiles(…partition, count, days)`: per partition, the number counted
 * and the quantile `quantile` (SQL of a number) of their days — percentile_cont's, computed the
 * same way: over n values in order, the position h = q × (n − 1); the values at positions ⌊h⌋ and
 * ⌈h⌉ (counted off the cumulative counts of the histogram: the first days whose cumulative count
 * exceeds the position); the first plus (h − ⌊h⌋) × their difference, in double precision.
 */
export function histogramQuantilesSql(partition: readonly string[], count: string, quantile: string): string {
  const by = partition.join(', ');
  return `cumulative AS (
       SELECT *, sum(${count}) OVER (PARTITION BY ${by} ORDER BY days) AS through,
         ${quantile}::float8 * (sum(${count}) OVER (PARTITION BY ${by}) - 1)::float8 AS h
       FROM histograms
     ), bounds AS (
       SELECT ${by}, max(through) AS ${count}, h,
         min(days) FILTER (WHERE through > floor(h)) AS low, min(days) FILTER (WHERE through > ceil(h)) AS high
       FROM cumulative GROUP BY ${by}, h
     ), quantiles AS (
       SELECT ${by}, ${count}, low::float8 + (h - floor(h)) * (high::float8 - low::float8) AS days FROM bounds
     )`;
}
