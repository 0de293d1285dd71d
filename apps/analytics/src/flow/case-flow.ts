import type { Reads } from '@icjims/persistence';
import { STEP_REVISION_AS_OF } from '../facts/facts-sql';
import type { PeriodSpan } from '../tables/indicator-family';

/**
 * Case flow through a stage of proceedings, from the facts: how many cases entered the stage
 * in each period, how many left it (were resolved), and how many were pending at the period's
 * end — by the breakdowns of the case asked for, as the facts stood at `asOf`.
 *
 * - pre-trial: a case enters when it is registered and leaves at its first indictment,
 *   termination or joinder into another case (at its registration, if that step is dated before);
 * - court: a case enters at its first indictment and leaves at the first verdict, termination
 *   or joinder after it.
 *
 * Steps count as corrected by `asOf`: an annulled step did not happen, an amended one happened
 * when it now says. The computation reads the facts directly (one query); it is the reference
 * the faster aggregates are checked against.
 */

export const STAGES = ['pretrial', 'court'] as const;
export type Stage = (typeof STAGES)[number];

/** Case breakdowns and the SQL that gives each case's category (`c` is fact_cases). Null is a category: unknown. */
export const CASE_BREAKDOWN_SQL = {
  region: 'c.region',
  district: `CASE WHEN c.district IS NULL THEN 'unknown' ELSE c.region || '.' || c.district END`,
  agency: `coalesce(c.agency, 'unknown')`,
  iccsSection: 'left(c.iccs_code, 2)',
  article: 'c.offence_article',
} as const;
export type CaseBreakdown = keyof typeof CASE_BREAKDOWN_SQL;

/**
 * The age bands of pending cases: how long before the end of the period the case entered the
 * stage, in calendar months of the jurisdiction's zone. Over 12 months is 12_to_24 and over_24 together.
 */
export const CASE_AGES = ['under_3_months', '3_to_6_months', '6_to_12_months', '12_to_24_months', 'over_24_months'] as const;

/** The SQL of a pending case's age band at the end of period `p` (`st.started_at`; $8 the time zone). */
const CASE_AGE_SQL = `CASE
  WHEN st.started_at > ((p.ends AT TIME ZONE $8) - interval '3 months') AT TIME ZONE $8 THEN 'under_3_months'
  WHEN st.started_at > ((p.ends AT TIME ZONE $8) - interval '6 months') AT TIME ZONE $8 THEN '3_to_6_months'
  WHEN st.started_at > ((p.ends AT TIME ZONE $8) - interval '12 months') AT TIME ZONE $8 THEN '6_to_12_months'
  WHEN st.started_at > ((p.ends AT TIME ZONE $8) - interval '24 months') AT TIME ZONE $8 THEN '12_to_24_months'
  ELSE 'over_24_months' END`;

export interface FlowRow {
  /** The period's code, then one category per breakdown. */
  key: string[];
  incoming: number;
  resolved: number;
  /** Pending at the end of the period. */
  pending: number;
}

/** The steps that end each stage; joinder ends both (the case goes on inside another). */
export const ENDS: Readonly<Record<Stage, readonly string[]>> = {
  pretrial: ['indictment', 'proceedings_terminated', 'case_joined'],
  court: ['verdict', 'proceedings_terminated', 'case_joined'],
};

export async function caseFlow(
  manager: Reads,
  query: { stage: Stage; periods: readonly PeriodSpan[]; by: readonly CaseBreakdown[]; region?: string; asOf?: Date; byAge?: { timeZone: string } },
): Promise<FlowRow[]> {
  const asOf = query.asOf ?? null;
  const categories = query.by.map((breakdown, i) => `${CASE_BREAKDOWN_SQL[breakdown]} AS b${i}`);
  // The age band, when asked for, is the last category: it depends on the period's end.
  const groups = [...query.by.map((_breakdown, i) => `b${i}`), ...(query.byAge ? [CASE_AGE_SQL] : [])];
  // A stage's start and end per case: pre-trial from registration, court from the first indictment.
  // No case leaves a stage before it enters it: an end dated before the registration (a case split
  // off another keeps the source's dates in its journal) ends the stage at the registration.
  const [start, end] =
    query.stage === 'pretrial'
      ? ['c.registered_at', `CASE WHEN min(s.occurred_at) FILTER (WHERE s.step_type = ANY($5)) IS NULL THEN NULL ELSE greatest(min(s.occurred_at) FILTER (WHERE s.step_type = ANY($5)), c.registered_at) END`]
      : ['m.indicted_at', `min(s.occurred_at) FILTER (WHERE s.step_type = ANY($5) AND s.occurred_at >= m.indicted_at)`];
  const rows: { period: string; categories: string[]; incoming: string; resolved: string; pending: string }[] = await manager.query(
    `WITH effective AS (
       SELECT s.case_id, s.step_type, s.occurred_at FROM fact_steps s
       WHERE s.step_type = ANY($6) AND NOT s.annulled
         AND ${STEP_REVISION_AS_OF}
     ), indicted AS (
       SELECT case_id, min(occurred_at) AS indicted_at FROM effective WHERE step_type = 'indictment' GROUP BY case_id
     ), stage AS (
       SELECT c.case_id, ${start} AS started_at, ${end} AS ended_at ${categories.map((sql) => `, ${sql}`).join('')}
       FROM fact_cases c
       LEFT JOIN indicted m ON m.case_id = c.case_id
       LEFT JOIN effective s ON s.case_id = c.case_id
       WHERE ($1::timestamptz IS NULL OR c.known_from <= $1) AND ($7::text IS NULL OR c.region = $7)
       GROUP BY c.case_id, m.indicted_at
     ), periods AS (
       SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS p(code, starts, ends)
     )
     SELECT p.code AS period, ARRAY[${groups.length ? groups.join(', ') : ''}]::text[] AS categories,
       count(*) FILTER (WHERE st.started_at >= p.starts AND st.started_at < p.ends) AS incoming,
       count(*) FILTER (WHERE st.ended_at >= p.starts AND st.ended_at < p.ends) AS resolved,
       count(*) FILTER (WHERE st.started_at < p.ends AND (st.ended_at IS NULL OR st.ended_at >= p.ends)) AS pending
     FROM periods p JOIN stage st ON st.started_at < p.ends AND (st.ended_at IS NULL OR st.ended_at >= p.starts)
     GROUP BY p.code ${groups.map((group) => `, ${group}`).join('')}`,
    [
      asOf,
      query.periods.map((period) => period.code),
      query.periods.map((period) => period.starts),
      query.periods.map((period) => period.ends),
      ENDS[query.stage],
      ['indictment', ...new Set([...ENDS.pretrial, ...ENDS.court])],
      query.region ?? null,
      ...(query.byAge ? [query.byAge.timeZone] : []),
    ],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], incoming: Number(row.incoming), resolved: Number(row.resolved), pending: Number(row.pending) }));
}
