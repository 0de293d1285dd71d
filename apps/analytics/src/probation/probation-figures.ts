import { EntityManager } from 'typeorm';
import { commonParameters, periodOfSql, PERIODS_SQL } from '../facts/facts-sql';
import type { PeriodSpan } from '../tables/indicator-family';
import { TOTAL } from '../tables/statistical-table';
import { dayStartSql, ProbationMeasure, probationEventsSql, probationStreamsSql } from './probation-sql';

/*
 * Probation figures from the facts (fact_probation_entries), as they stood at `asOf` (none: now),
 * for any periods: the reference the aggregates (probation-aggregates.ts) are checked against,
 * what answers as of an earlier date or for a range of days, and — for stocks at a date and days
 * under supervision, which are no sums of months — what answers always. Parameters $1–$5 as
 * facts-sql.ts says, $6 the jurisdiction's time zone.
 */

/** What a probation figure can be broken down by. */
export const PROBATION_BREAKDOWNS = ['region', 'office', 'sex', 'ageBand', 'juvenile', 'caseType', 'end'] as const;
export type ProbationBreakdown = (typeof PROBATION_BREAKDOWNS)[number];

/** The column of each breakdown in probation_events (and the cube): case types and ends are a measure's category. */
export const EVENT_COLUMNS: Readonly<Partial<Record<ProbationBreakdown, string>>> = {
  region: 'region', sex: 'sex', ageBand: 'age_band', juvenile: 'juvenile', caseType: 'category', end: 'category',
};

export interface ProbationQuery {
  periods: readonly PeriodSpan[];
  by: readonly ProbationBreakdown[];
  region?: string;
  asOf?: Date;
  timeZone: string;
}

/** A sum's row: the period, then one category per breakdown. */
export interface SumRow {
  key: string[];
  value: number;
}

/** A quantile's row: the period, then one category per breakdown (TOTAL where it is a total over it). */
export interface QuantileRow {
  key: string[];
  days: number;
  cases: number;
}

/** A stock at a period's end, with totals (TOTAL) computed: distinct officers do not add up. */
export interface StockRow {
  key: string[];
  cases: number;
  officers: number;
  overdue: number;
}

const keyOf = (row: { period: string; categories: (string | null)[] }) => [row.period, ...row.categories.map((category) => category ?? TOTAL)];

/** A measure asked for: `byCategory` adds the measure's own category (case type, end, on time) as the key's last code. */
export type MeasureQuery = ProbationQuery & { measure: ProbationMeasure; byCategory?: boolean };

/** The SQL array of a row's categories (of `alias`, a row of probation_events or the cube), one per breakdown, and the measure's category when asked. */
export function categoriesSql(query: MeasureQuery, alias: string): string {
  return `ARRAY[${[...query.by.map((breakdown) => `${alias}.${EVENT_COLUMNS[breakdown]}`), ...(query.byCategory ? [`${alias}.category`] : [])].join(', ')}]::text[]`;
}

/** The sum of a measure's values (things counted, or hours) per period and category. */
export async function probationSums(manager: EntityManager, query: MeasureQuery): Promise<SumRow[]> {
  const rows: { period: string; categories: string[]; value: string }[] = await manager.query(
    `WITH ${probationEventsSql('asOf', '$6::text')}
     SELECT * FROM (
       SELECT ${periodOfSql('ev.at')} AS period, ${categoriesSql(query, 'ev')} AS categories, sum(ev.value) AS value
       FROM probation_events ev WHERE ev.measure = $7 AND ($5::text IS NULL OR ev.region = $5)
       GROUP BY 1, 2
     ) r WHERE r.period IS NOT NULL`,
    [...commonParameters(query), query.timeZone, query.measure],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}

/** A quantile (0–1) of the whole days from intake to the first meeting, over the cases whose first meeting falls in the period. */
export async function firstMeetingDays(manager: EntityManager, query: ProbationQuery & { quantile: number }): Promise<QuantileRow[]> {
  const groups = query.by.map((breakdown) => `ev.${EVENT_COLUMNS[breakdown]}`);
  const rows: { period: string; categories: (string | null)[]; days: number; cases: string }[] = await manager.query(
    `WITH ${probationEventsSql('asOf', '$6::text')},
     periods AS (${PERIODS_SQL})
     SELECT p.code AS period, ARRAY[${groups.join(', ')}]::text[] AS categories, percentile_cont($7) WITHIN GROUP (ORDER BY ev.days) AS days, count(*) AS cases
     FROM periods p JOIN probation_events ev ON ev.measure = 'first_meeting' AND ev.at >= p.starts AND ev.at < p.ends AND ($5::text IS NULL OR ev.region = $5)
     GROUP BY p.code${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
    [...commonParameters(query), query.timeZone, query.quantile],
  );
  return rows.map((row) => ({ key: keyOf(row), days: Math.round(Number(row.days) * 10) / 10, cases: Number(row.cases) }));
}

/**
 * SQL (common table expressions after probationStreamsSql) ending in `probation_timeline`: each
 * entry of each counted probation case with what holds from it until the next one (`next_at`,
 * null for the last) — its status, region and office, the hash of the officer last allocated, the
 * day the last assessment so far said the next was due, and whether a deadline of
 * `reassessmentRules` (SQL of a text array) was breached after the last assessment — in one pass over the entries
 * (windows, no look-up per case and period).
 */
export function probationTimelineSql(reassessmentRules: string): string {
  const so = 'PARTITION BY e.stream_id ORDER BY e.occurred_at, e.sequence ROWS UNBOUNDED PRECEDING';
  return `probation_steps AS (
       SELECT e.stream_id, e.occurred_at, e.sequence, e.region, e.office, e.status, e.officer, e.entry_type, e.details,
         lead(e.occurred_at) OVER (PARTITION BY e.stream_id ORDER BY e.occurred_at, e.sequence) AS next_at,
         count(*) FILTER (WHERE e.entry_type = 'allocated') OVER (${so}) AS allocation,
         count(*) FILTER (WHERE e.entry_type = 'assessment_recorded') OVER (${so}) AS assessment,
         max(e.occurred_at) FILTER (WHERE e.entry_type = 'assessment_recorded') OVER (${so}) AS assessed_at,
         max(e.occurred_at) FILTER (WHERE e.entry_type = 'deadline_breached' AND e.details->>'rule' = ANY(${reassessmentRules})) OVER (${so}) AS breached_at
       FROM probation_entries e JOIN probation_streams s ON s.stream_id = e.stream_id AND s.stream = 'probation_case'
     ),
     probation_timeline AS (
       -- Within a run of entries after an allocation (an assessment), the first is that allocation (assessment).
       SELECT t.*,
         max(t.officer) OVER (PARTITION BY t.stream_id, t.allocation) AS last_officer,
         max((t.details->>'nextDueOn')::date) FILTER (WHERE t.entry_type = 'assessment_recorded') OVER (PARTITION BY t.stream_id, t.assessment) AS due_on
       FROM probation_steps t
     )`;
}

/**
 * The probation cases active at each period's end (its last instant): opened with a term started
 * by then, not annulled, and `active` after the last entry that happened before the end — with
 * the region and office of that entry (office `unknown` before an allocation), the hash of the
 * officer last allocated, and whether an assessment was overdue then: the next assessment due by
 * the last assessment before the end had passed (its day over), or a deadline of `reassessmentRules`
 * had been breached with no assessment recorded since.
 */
export async function probationAtPeriodEnd(manager: EntityManager, query: ProbationQuery & { reassessmentRules: readonly string[] }): Promise<StockRow[]> {
  const columns: Readonly<Partial<Record<ProbationBreakdown, string>>> = { region: 'region', office: 'office', sex: 'sex', ageBand: 'age_band', juvenile: 'juvenile' };
  const groups = query.by.map((breakdown) => `a.${columns[breakdown]}`);
  const [asOf, codes, , ends, region] = commonParameters(query);
  const rows: { period: string; categories: (string | null)[]; cases: string; officers: string; overdue: string }[] = await manager.query(
    `WITH ${probationStreamsSql('asOf')},
     ${probationTimelineSql('$6::text[]')},
     active AS (
       SELECT ($2::text[])[i] AS period, s.sex, s.age_band, s.juvenile, t.region, coalesce(t.office, 'unknown') AS office, t.last_officer AS officer,
         (t.due_on IS NOT NULL AND ${dayStartSql('t.due_on + 1', '$5::text')} <= ($3::timestamptz[])[i] OR t.breached_at > coalesce(t.assessed_at, '-infinity')) AS overdue
       FROM probation_timeline t
       -- The periods whose end falls after this entry and not after the next one (ends ascending, found by bisecting them: not every entry against every period).
       CROSS JOIN LATERAL generate_series(width_bucket(t.occurred_at, $3::timestamptz[]) + 1, width_bucket(coalesce(t.next_at, 'infinity'), $3::timestamptz[])) AS i
       JOIN probation_streams s ON s.stream_id = t.stream_id
       WHERE t.status = 'active' AND ($4::text IS NULL OR t.region = $4) AND ${dayStartSql('s.starts_on', '$5::text')} < ($3::timestamptz[])[i]
     )
     SELECT a.period, ARRAY[${groups.join(', ')}]::text[] AS categories, count(*) AS cases, count(DISTINCT a.officer) AS officers, count(*) FILTER (WHERE a.overdue) AS overdue
     FROM active a
     GROUP BY a.period${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
    // $1 asOf, $2 the periods' codes, $3 their ends (ascending), $4 the region, $5 the zone, $6 the reassessment rules.
    [asOf, codes, ends, region, query.timeZone, query.reassessmentRules],
  );
  return rows.map((row) => ({ key: keyOf(row), cases: Number(row.cases), officers: Number(row.officers), overdue: Number(row.overdue) }));
}

/**
 * The days under supervision in each period: of every probation case, the time in the period from
 * the start of its term on during which it was `active` or `absconded` (each entry's status holds
 * from when it happened to the next entry; the last to `asOf`, or now), in days, by the region of
 * the entry the status came from.
 */
export async function supervisionDays(manager: EntityManager, query: ProbationQuery): Promise<SumRow[]> {
  const columns: Readonly<Partial<Record<ProbationBreakdown, string>>> = { region: 'region', sex: 'sex', ageBand: 'age_band', juvenile: 'juvenile' };
  const rows: { period: string; categories: string[]; days: number }[] = await manager.query(
    `WITH ${probationStreamsSql('asOf')},
     spans AS (
       SELECT s.sex, s.age_band, s.juvenile, e.region, e.status,
         greatest(e.occurred_at, ${dayStartSql('s.starts_on', '$6::text')}) AS starts,
         coalesce(lead(e.occurred_at) OVER (PARTITION BY e.stream_id ORDER BY e.occurred_at, e.sequence), coalesce($1::timestamptz, now())) AS ends
       FROM probation_streams s JOIN probation_entries e ON e.stream_id = s.stream_id
       WHERE s.stream = 'probation_case'
     )
     SELECT p.code AS period, ARRAY[${query.by.map((breakdown) => `t.${columns[breakdown]}`).join(', ')}]::text[] AS categories,
       sum(extract(epoch FROM least(t.ends, p.ends) - greatest(t.starts, p.starts)) / 86400) AS days
     FROM spans t
     -- The periods the span may overlap (ends and starts ascending, found by bisecting them), then checked.
     CROSS JOIN LATERAL generate_series(width_bucket(t.starts, $4::timestamptz[]) + 1, width_bucket(t.ends, $3::timestamptz[])) AS i
     CROSS JOIN LATERAL (SELECT ($2::text[])[i] AS code, ($3::timestamptz[])[i] AS starts, ($4::timestamptz[])[i] AS ends) p
     WHERE t.status IN ('active', 'absconded') AND t.ends > t.starts AND t.starts < p.ends AND t.ends > p.starts AND ($5::text IS NULL OR t.region = $5)
     GROUP BY 1, 2`,
    [...commonParameters(query), query.timeZone],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.days) }));
}
