import type { Reads } from '@icjims/persistence';
import { PERSON_BREAKDOWN_SQL } from '../people/person-counts';
import type { PeriodSpan } from '../tables/indicator-family';
import { ALIASES_AS_OF, CASE_AND_CATEGORIES_SQL, commonParameters, effectiveStepsSql, PERIODS_SQL } from '../facts/facts-sql';

/** The SQL of a row's category for each breakdown of the measures applied. */
const MEASURE_BREAKDOWN_SQL = { ...PERSON_BREAKDOWN_SQL, measure: 'e.measure' } as const;
export type MeasureBreakdown = keyof typeof MEASURE_BREAKDOWN_SQL;

/** The steps that give a person a preventive measure. */
export const MEASURE_STEPS = ['preventive_measure_applied', 'preventive_measure_changed'] as const;

/**
 * SQL (common table expressions) ending in `applied(case_id, person_id, measure, at, recorded_as)`:
 * each person's (the surviving id of merged records) first being given each measure in each case
 * (`recorded_as` the id the step named; ties broken by the id). From the facts as they stood at
 * $1 (null: now), every case (`asOf`); as they stand now, every case (`now`: no parameter); or
 * `{ cases }` (SQL of a set of case ids): as they stand now, those cases only, read by the case index.
 */
export function measuresAppliedSql(from: 'asOf' | 'now' | { cases: string }): string {
  const types = MEASURE_STEPS.map((type) => `'${type}'`).join(', ');
  const current = (steps: string) => `SELECT s.case_id, s.person_id, s.step_type, s.occurred_at, s.details FROM ${steps} s
       WHERE s.known_until IS NULL AND NOT s.annulled AND s.step_type IN (${types})`;
  const sources =
    from === 'asOf'
      ? `effective AS (${effectiveStepsSql(MEASURE_STEPS)}), aliases AS (${ALIASES_AS_OF}`
      : from === 'now'
        ? `effective AS (${current('fact_steps')}), aliases AS (SELECT merged_person_id, surviving_person_id FROM fact_person_aliases WHERE known_until IS NULL`
        : // MATERIALIZED: the cases' steps by the case index alone (see entriesSql).
          `case_steps AS MATERIALIZED (SELECT * FROM fact_steps WHERE case_id IN (${from.cases})), effective AS (${current('case_steps')}),
     aliases AS (SELECT merged_person_id, surviving_person_id FROM fact_person_aliases WHERE known_until IS NULL AND merged_person_id IN (SELECT person_id FROM effective)`;
  return `${sources}
     ), applied AS (
       SELECT e.case_id, coalesce(a.surviving_person_id, e.person_id) AS person_id,
         coalesce(CASE e.step_type WHEN 'preventive_measure_applied' THEN e.details->>'measure' ELSE e.details->>'newMeasure' END, 'unknown') AS measure,
         min(e.occurred_at) AS at, (array_agg(e.person_id ORDER BY e.occurred_at, e.person_id))[1] AS recorded_as
       FROM effective e LEFT JOIN aliases a ON a.merged_person_id = e.person_id
       WHERE e.person_id IS NOT NULL
       GROUP BY 1, 2, 3
     )`;
}

export interface MeasuresQuery {
  /** The measures that are custody (LibertyRules), so that the rest are the non-custodial ones; unknown is neither. */
  custody: readonly string[];
  periods: readonly PeriodSpan[];
  by: readonly MeasureBreakdown[];
  region?: string;
  asOf?: Date;
}

export interface MeasureRow {
  key: string[];
  all: number;
  nonCustodial: number;
}

/**
 * Preventive measures applied to persons, from the facts: a measure applied, or the new measure
 * a change brings (one received from another case is not applied anew). Each person counts once
 * per case and measure, in the period of the first time that measure was given to them in the
 * case (corrections by `asOf` applied; a merged record as the surviving one) — a person given a
 * travel ban and later custody counts under both.
 */
export async function measuresApplied(manager: Reads, query: MeasuresQuery): Promise<MeasureRow[]> {
  const rows: { period: string; categories: string[]; applied: string; non_custodial: string }[] = await manager.query(
    `WITH ${measuresAppliedSql('asOf')}, periods AS (${PERIODS_SQL})
     SELECT p.code AS period, ARRAY[${query.by.map((breakdown) => MEASURE_BREAKDOWN_SQL[breakdown]).join(', ')}]::text[] AS categories,
       count(*) AS applied, count(*) FILTER (WHERE e.measure <> 'unknown' AND NOT e.measure = ANY($6::text[])) AS non_custodial
     FROM periods p JOIN applied e ON e.at >= p.starts AND e.at < p.ends
     ${CASE_AND_CATEGORIES_SQL}
     GROUP BY 1, 2`,
    [...commonParameters(query), query.custody],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], all: Number(row.applied), nonCustodial: Number(row.non_custodial) }));
}
