import type { Reads } from '@icjims/persistence';
import type { PersonBreakdown } from '../people/person-counts';
import type { PeriodSpan } from '../tables/indicator-family';
import { ALIASES_AS_OF, CASE_AND_CATEGORIES_SQL, commonParameters, PERIODS_SQL } from '../facts/facts-sql';
import { categoriesSql } from '../people/person-counts';

/**
 * Deadline breaches from the facts, by the period they happened in (the clock's due time),
 * the rule and the case's region: those announced by `asOf` and not withdrawn by then.
 * A withdrawal's time is when procedural-steps withdrew it, so an as-of table before the
 * withdrawal still counts the breach, as it was published then.
 */
export async function deadlineBreaches(
  manager: Reads,
  query: { periods: readonly PeriodSpan[]; byRegion: boolean; byRule: boolean; region?: string; asOf?: Date },
): Promise<{ key: string[]; value: number }[]> {
  const categories = [...(query.byRegion ? ['c.region'] : []), ...(query.byRule ? ['b.rule'] : [])];
  const rows: { period: string; categories: string[]; value: string }[] = await manager.query(
    `WITH periods AS (SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS p(code, starts, ends))
     SELECT p.code AS period, ARRAY[${categories.join(', ')}]::text[] AS categories, count(*) AS value
     FROM periods p
     JOIN fact_deadline_breaches b ON b.due_at >= p.starts AND b.due_at < p.ends
     JOIN fact_cases c ON c.case_id = b.case_id
     WHERE ($1::timestamptz IS NULL AND b.withdrawn_at IS NULL OR b.breached_at <= $1 AND (b.withdrawn_at IS NULL OR b.withdrawn_at > $1))
       AND ($5::text IS NULL OR c.region = $5)
     GROUP BY 1, 2`,
    [query.asOf ?? null, query.periods.map((period) => period.code), query.periods.map((period) => period.starts), query.periods.map((period) => period.ends), query.region ?? null],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}

/**
 * The persons whose deadline under one of `rules` (person rules) ran out in each period, by the
 * case's region and their categories in the case: each person once per case and period however
 * many of their clocks ran out (their categories those of the first breach's record, ties broken by
 * the id), a record merged into another as the surviving one (merges as they stood at `asOf`);
 * breaches withdrawn by `asOf` do not count.
 */
export async function personsBreaching(
  manager: Reads,
  query: { rules: readonly string[]; periods: readonly PeriodSpan[]; by: readonly PersonBreakdown[]; region?: string; asOf?: Date },
): Promise<{ key: string[]; value: number }[]> {
  const rows: { period: string; categories: string[]; value: string }[] = await manager.query(
    `WITH periods AS (${PERIODS_SQL}), aliases AS (${ALIASES_AS_OF}), breaching AS (
       SELECT p.code AS period, b.case_id, coalesce(a.surviving_person_id, b.person_id) AS person_id, (array_agg(b.person_id ORDER BY b.due_at, b.person_id))[1] AS recorded_as
       FROM periods p
       JOIN fact_deadline_breaches b ON b.due_at >= p.starts AND b.due_at < p.ends
       LEFT JOIN aliases a ON a.merged_person_id = b.person_id
       WHERE b.rule = ANY($6::text[]) AND b.person_id IS NOT NULL
         AND ($1::timestamptz IS NULL AND b.withdrawn_at IS NULL OR b.breached_at <= $1 AND (b.withdrawn_at IS NULL OR b.withdrawn_at > $1))
       GROUP BY 1, 2, 3
     )
     SELECT e.period, ${categoriesSql(query.by)} AS categories, count(*) AS value
     FROM breaching e ${CASE_AND_CATEGORIES_SQL}
     GROUP BY 1, 2`,
    [...commonParameters(query), query.rules],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}
