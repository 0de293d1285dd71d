import { EntityManager } from 'typeorm';
import { MeasureBreakdown, MeasureRow, measuresApplied, MeasuresQuery } from '../liberty/measures-applied';
import { inWholeMonths } from './case-flow-from-aggregates';
import { MEASURE_BREAKDOWNS } from './liberty-aggregates';
import { PEOPLE_COLUMNS } from './people-aggregates';

const COLUMNS: Partial<Record<MeasureBreakdown, string>> = {
  measure: 'measure',
  ...Object.fromEntries(MEASURE_BREAKDOWNS.map((breakdown) => [breakdown, PEOPLE_COLUMNS[breakdown]])),
};

/**
 * The measures given as `measuresApplied` gives them, read from the cube the projection keeps
 * instead of every fact: each entry counts once, so a period's figure is the sum of its months.
 * Figures as of an earlier instant are not kept in aggregates, nor periods that are not whole
 * months of the zone one after the other (a range of days): for those, this is measuresApplied.
 */
export async function measuresFromAggregates(manager: EntityManager, query: MeasuresQuery & { timeZone: string }): Promise<MeasureRow[]> {
  if (query.asOf || !query.periods.length || !inWholeMonths(query.periods, query.timeZone) || query.by.some((breakdown) => !COLUMNS[breakdown])) {
    return measuresApplied(manager, query);
  }
  const rows: { period: string; categories: string[]; applied: string; non_custodial: string }[] = await manager.query(
    `WITH periods AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS p(code, starts, ends))
     SELECT p.code AS period, ARRAY[${query.by.map((breakdown) => `f.${COLUMNS[breakdown]}`).join(', ')}]::text[] AS categories,
       sum(f.persons) AS applied, coalesce(sum(f.persons) FILTER (WHERE f.measure <> 'unknown' AND NOT f.measure = ANY($5::text[])), 0) AS non_custodial
     FROM periods p
     JOIN liberty_measure_counts f ON f.month >= p.starts AND f.month < p.ends AND ($4::text IS NULL OR f.region = $4)
     GROUP BY 1, 2
     HAVING sum(f.persons) > 0`,
    [query.periods.map((period) => period.code), query.periods.map((period) => period.starts), query.periods.map((period) => period.ends), query.region ?? null, query.custody],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], all: Number(row.applied), nonCustodial: Number(row.non_custodial) }));
}
