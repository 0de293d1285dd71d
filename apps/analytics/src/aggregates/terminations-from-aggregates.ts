import type { Reads } from '@icjims/persistence';
import type { CaseBreakdown } from '../flow/case-flow';
import { terminations } from '../outcomes/terminations';
import { inWholeMonths } from './case-flow-from-aggregates';
import { CATEGORY_COLUMNS, grainFor } from './flow-grains';

/** terminations' query, and the zone the cube counts its months in (the jurisdiction's, the projection's). */
export type TerminationsQuery = Parameters<typeof terminations>[1] & { timeZone: string };

/**
 * The cases terminated as `terminations` counts them, read from the cube the projection keeps
 * instead of every fact: each case counts once, in the month of its first termination, so a
 * period's figure is the sum of its months, read at the smallest grain holding the breakdowns
 * asked for. Figures as of an earlier instant are not kept in aggregates, nor periods that are
 * not whole months of the zone one after the other (a range of days): for those, this is terminations.
 */
export async function terminationsFromAggregates(manager: Reads, query: TerminationsQuery): Promise<{ key: string[]; value: number }[]> {
  if (query.asOf || !query.periods.length || !inWholeMonths(query.periods, query.timeZone)) return terminations(manager, query);
  const columns = query.by.map((breakdown) => (breakdown === 'ground' ? 'f.ground' : `f.${CATEGORY_COLUMNS[breakdown]}`));
  const rows: { period: string; categories: string[]; value: string }[] = await manager.query(
    `WITH periods AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS p(code, starts, ends))
     SELECT p.code AS period, ARRAY[${columns.join(', ')}]::text[] AS categories, sum(f.cases) AS value
     FROM periods p
     JOIN termination_counts f ON f.grain = $4 AND f.month >= p.starts AND f.month < p.ends AND ($5::text IS NULL OR f.region = $5)
     GROUP BY ${['p.code', ...columns].join(', ')}
     HAVING sum(f.cases) > 0`,
    [
      query.periods.map((period) => period.code),
      query.periods.map((period) => period.starts),
      query.periods.map((period) => period.ends),
      grainFor(
        query.by.filter((breakdown): breakdown is CaseBreakdown => breakdown !== 'ground'),
        query.region !== undefined,
      ),
      query.region ?? null,
    ],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}
