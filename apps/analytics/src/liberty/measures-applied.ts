import { EntityManager } from 'typeorm';
import { PERSON_BREAKDOWN_SQL } from '../people/person-counts';
import type { PeriodSpan } from '../tables/indicator-family';
import { ALIASES_AS_OF, CASE_AND_CATEGORIES_SQL, commonParameters, effectiveStepsSql, PERIODS_SQL } from '../facts/facts-sql';

/** The SQL of a row's category for each breakdown of the measures applied. */
const MEASURE_BREAKDOWN_SQL = { ...PERSON_BREAKDOWN_SQL, measure: 'e.measure' } as const;
export type MeasureBreakdown = keyof typeof MEASURE_BREAKDOWN_SQL;

/**
 * Preventive measures applied to persons, from the facts: a measure applied, or the new measure
 * a change brings (one received from another case is not applied anew). Each person counts once
 * per case and measure, in the period of the first time that measure was given to them in the
 * case (corrections by `asOf` applied; a merged record as the surviving one) — a person given a
 * travel ban and later custody counts under both. `custody`: the measures that are custody
 * (LibertyRules), so that the rest are the non-custodial ones; unknown is neither.
 */
export async function measuresApplied(
  manager: EntityManager,
  query: { custody: readonly string[]; periods: readonly PeriodSpan[]; by: readonly MeasureBreakdown[]; region?: string; asOf?: Date },
): Promise<{ key: string[]; all: number; nonCustodial: number }[]> {
  const rows: { period: string; categories: string[]; applied: string; non_custodial: string }[] = await manager.query(
    `WITH effective AS (${effectiveStepsSql(['preventive_measure_applied', 'preventive_measure_changed'])}),
     aliases AS (${ALIASES_AS_OF}), periods AS (${PERIODS_SQL}), applied AS (
       SELECT e.case_id, coalesce(a.surviving_person_id, e.person_id) AS person_id,
         coalesce(CASE e.step_type WHEN 'preventive_measure_applied' THEN e.details->>'measure' ELSE e.details->>'newMeasure' END, 'unknown') AS measure,
         min(e.occurred_at) AS at, (array_agg(e.person_id ORDER BY e.occurred_at))[1] AS recorded_as
       FROM effective e LEFT JOIN aliases a ON a.merged_person_id = e.person_id
       WHERE e.person_id IS NOT NULL
       GROUP BY 1, 2, 3
     )
     SELECT p.code AS period, ARRAY[${query.by.map((breakdown) => MEASURE_BREAKDOWN_SQL[breakdown]).join(', ')}]::text[] AS categories,
       count(*) AS applied, count(*) FILTER (WHERE e.measure <> 'unknown' AND NOT e.measure = ANY($6::text[])) AS non_custodial
     FROM periods p JOIN applied e ON e.at >= p.starts AND e.at < p.ends
     ${CASE_AND_CATEGORIES_SQL}
     GROUP BY 1, 2`,
    [...commonParameters(query), query.custody],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], all: Number(row.applied), nonCustodial: Number(row.non_custodial) }));
}
