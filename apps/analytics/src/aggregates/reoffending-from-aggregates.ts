import type { Reads } from '@icjims/persistence';
import { reoffending, ReoffendingRows } from '../reoffending/reoffending';
import { inWholeMonths } from './case-flow-from-aggregates';
import { PEOPLE_COLUMNS } from './people-aggregates';
import { reoffendingCube, REOFFENDING_GRAINS } from './reoffending-aggregates';

/** reoffending's query (with the zone the cube counts its months in: the jurisdiction's, the projection's). */
export type ReoffendingQuery = Parameters<typeof reoffending>[1];

/**
 * Reoffending as `reoffending` gives it, read from the cube the projection keeps for the cohort
 * (reoffending_counts for the convicted, reoffending_completion_counts for those who completed
 * probation) instead of joining every conviction (completion) with every later suspect. A period of whole months counts each
 * person once, at their first conviction in it: the cells of its months whose person's
 * conviction before was before the period (in a case of the region asked for, when one is);
 * reoffenders are the cells whose new case came within the window; the cells of the grain
 * without person categories when the table asks for none of them. A period's cohort is followed
 * only once its window has run out (`months` after its end, by now). Figures as of an earlier
 * instant are not kept in aggregates, nor periods that are not whole months of the zone one
 * after the other (a range of days): for those, this is `reoffending`.
 */
export async function reoffendingFromAggregates(manager: Reads, query: ReoffendingQuery): Promise<ReoffendingRows> {
  if (query.asOf || !query.periods.length || !inWholeMonths(query.periods, query.timeZone)) return reoffending(manager, query);
  const rows: { period: string; categories: string[]; cohort: string; reoffended: string }[] = await manager.query(
    `WITH periods AS (
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS p(code, starts, ends)
       WHERE ((p.ends AT TIME ZONE $6) + make_interval(months => $5)) AT TIME ZONE $6 <= now()
     )
     SELECT p.code AS period, ARRAY[${query.by.map((breakdown) => `f.${PEOPLE_COLUMNS[breakdown]}`).join(', ')}]::text[] AS categories,
       sum(f.persons) AS cohort, coalesce(sum(f.persons) FILTER (WHERE f.months_to_new_case BETWEEN 1 AND $5), 0) AS reoffended
     FROM periods p
     JOIN ${reoffendingCube(query.cohort)} f ON f.grain = $7 AND f.month >= p.starts AND f.month < p.ends
       AND ($4::text IS NULL AND f.previous_month < p.starts OR f.region = $4 AND f.previous_in_region_month < p.starts)
     GROUP BY 1, 2
     HAVING sum(f.persons) > 0`,
    [
      query.periods.map((period) => period.code),
      query.periods.map((period) => period.starts),
      query.periods.map((period) => period.ends),
      query.region ?? null,
      query.months,
      query.timeZone,
      query.by.every((breakdown) => breakdown === 'region') ? REOFFENDING_GRAINS.regionOnly : REOFFENDING_GRAINS.everyCategory,
    ],
  );
  return {
    cohort: rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.cohort) })),
    reoffended: rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.reoffended) })),
  };
}
