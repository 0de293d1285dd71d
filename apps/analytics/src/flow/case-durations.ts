import type { Reads } from '@icjims/persistence';
import { commonParameters, PERIODS_SQL, STEP_REVISION_AS_OF } from '../facts/facts-sql';
import type { PeriodSpan } from '../tables/indicator-family';
import { CASE_BREAKDOWN_SQL, CaseBreakdown } from './case-flow';
import { TOTAL } from '../tables/statistical-table';

/**
 * How long cases took between two milestones, from the facts: per period (of the later
 * milestone) and category, a quantile of the durations in whole days and how many cases it is
 * over. A duration is the time from start to end less the time the proceedings were suspended
 * within it (from a `proceedings_suspended` step to the next `proceedings_resumed`, or to the
 * end), rounded down to whole days. Steps count as corrected by `asOf`, as for the case flow.
 * This is the reference the duration aggregates (aggregates/duration-aggregates.ts) are checked
 * against, and what answers for an earlier instant or a range of days.
 */

export const SPANS = ['registration_to_indictment', 'indictment_to_verdict', 'registration_to_final_decision'] as const;
export type Span = (typeof SPANS)[number];

/** The step types the spans read: recording or correcting one can change a case's durations. */
export const DURATION_STEP_TYPES: readonly string[] = ['indictment', 'verdict', 'proceedings_terminated', 'proceedings_suspended', 'proceedings_resumed'];

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * SQL (common table expressions) of each case's spans and the whole days each took, ending in
 * `duration_spans(case_id, span, ended_at, days)`: one row per case and span that has both ends,
 * the end not before the start; one pass over the steps, then the span's suspensions. From:
 * - `{ asOf: true }`: the facts as they stood at $1 (null: now), every case (caseDurations);
 * - `{ cases }` (SQL of a set of case ids): the facts as they stand now, those cases, their steps
 *   read from `case_steps` (aggregates/flow-grains.ts caseStepsSql, defined before it);
 * - `{}`: the facts as they stand now, every case (the rebuild).
 * `span` (SQL of a span code) keeps only that span.
 */
export function durationSpansSql(from: { asOf?: true; cases?: string; span?: string }): string {
  const revision = from.asOf ? STEP_REVISION_AS_OF : 's.known_until IS NULL';
  const cases = [
    ...(from.asOf ? ['($1::timestamptz IS NULL OR c.known_from <= $1)'] : []),
    ...(from.cases ? [`c.case_id IN (${from.cases})`] : []),
    ...(from.span ? [`b.span = ${from.span}`] : []),
  ];
  // resumed_at: of a suspension, the first resumption at or after it (RANGE: steps at the same instant too).
  return `duration_steps AS (
      SELECT s.case_id, s.step_type, s.occurred_at,
        min(s.occurred_at) FILTER (WHERE s.step_type = 'indictment') OVER (PARTITION BY s.case_id) AS indicted_at,
        min(s.occurred_at) FILTER (WHERE s.step_type = 'proceedings_resumed')
          OVER (PARTITION BY s.case_id ORDER BY s.occurred_at RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS resumed_at
      FROM ${from.cases ? 'case_steps' : 'fact_steps'} s
      WHERE s.step_type IN (${list(DURATION_STEP_TYPES)}) AND NOT s.annulled AND ${revision}
    ), duration_milestones AS (
      SELECT case_id, min(indicted_at) AS indicted_at,
        min(occurred_at) FILTER (WHERE step_type = 'verdict' AND occurred_at >= indicted_at) AS verdict_at,
        min(occurred_at) FILTER (WHERE step_type IN ('verdict', 'proceedings_terminated')) AS decided_at
      FROM duration_steps GROUP BY case_id
    ), duration_bounds AS (
      SELECT c.case_id, b.span, b.started_at, b.ended_at
      FROM fact_cases c JOIN duration_milestones m ON m.case_id = c.case_id
      CROSS JOIN LATERAL (VALUES
        ('registration_to_indictment'::text, c.registered_at, m.indicted_at),
        ('indictment_to_verdict'::text, m.indicted_at, m.verdict_at),
        ('registration_to_final_decision'::text, c.registered_at, m.decided_at)
      ) AS b(span, started_at, ended_at)
      WHERE b.ended_at >= b.started_at ${cases.map((condition) => `AND ${condition}`).join(' ')}
    ), duration_spans AS (
      SELECT b.case_id, b.span, b.ended_at,
        floor((extract(epoch FROM b.ended_at - b.started_at) - coalesce(sum(greatest(0,
          extract(epoch FROM least(coalesce(su.resumed_at, b.ended_at), b.ended_at) - greatest(su.occurred_at, b.started_at)))) FILTER (WHERE su.occurred_at IS NOT NULL), 0)) / 86400)::int AS days
      FROM duration_bounds b LEFT JOIN duration_steps su ON su.case_id = b.case_id AND su.step_type = 'proceedings_suspended'
      GROUP BY b.case_id, b.span, b.started_at, b.ended_at
    )`;
}

export interface DurationRow {
  /** The period, then one category per breakdown, TOTAL where the row is a total over it. */
  key: string[];
  days: number;
  cases: number;
}

/** What a duration table asks for: a quantile (0–1) of one span's durations. */
export interface DurationQuery {
  span: Span;
  quantile: number;
  periods: readonly PeriodSpan[];
  by: readonly CaseBreakdown[];
  region?: string;
  asOf?: Date;
}

export async function caseDurations(manager: Reads, query: DurationQuery): Promise<DurationRow[]> {
  const categories = query.by.map((breakdown, i) => `, ${CASE_BREAKDOWN_SQL[breakdown]} AS b${i}`).join('');
  const groups = query.by.map((_breakdown, i) => `b${i}`);
  const rows: { period: string; categories: (string | null)[]; days: number; cases: string }[] = await manager.query(
    `WITH ${durationSpansSql({ asOf: true, span: '$7' })}, durations AS (
       SELECT sp.ended_at, sp.days ${categories}
       FROM duration_spans sp JOIN fact_cases c ON c.case_id = sp.case_id
       WHERE $5::text IS NULL OR c.region = $5
     ), periods AS (${PERIODS_SQL})
     SELECT p.code AS period, ARRAY[${groups.join(', ')}]::text[] AS categories,
       percentile_cont($6) WITHIN GROUP (ORDER BY d.days) AS days, count(*) AS cases
     FROM periods p JOIN durations d ON d.ended_at >= p.starts AND d.ended_at < p.ends
     GROUP BY p.code${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
    [...commonParameters(query), query.quantile, query.span],
  );
  return rows.map(durationRow);
}

/** A row of quantiles as a table reads it: CUBE's totals are its nulls (the categories are never null themselves: unknown is a category). */
export function durationRow(row: { period: string; categories: (string | null)[]; days: number; cases: string }): DurationRow {
  return { key: [row.period, ...row.categories.map((category) => category ?? TOTAL)], days: Math.round(Number(row.days) * 10) / 10, cases: Number(row.cases) };
}
