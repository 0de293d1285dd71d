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
  const before = (alias: string) => `${alias}.stream_id = s.stream_id AND ${alias}.occurred_at < p.ends AND ($1::timestamptz IS NULL OR ${alias}.known_from <= $1)`;
  const rows: { period: string; categories: (string | null)[]; cases: string; officers: string; overdue: string }[] = await manager.query(
    `WITH ${probationStreamsSql('asOf')},
     periods AS (${PERIODS_SQL}),
     active AS (
       SELECT p.code AS period, s.sex, s.age_band, s.juvenile, l.region, coalesce(l.office, 'unknown') AS office, o.officer,
         (n.due_on IS NOT NULL AND ${dayStartSql('n.due_on + 1', '$6::text')} <= p.ends
           OR EXISTS (
             SELECT 1 FROM fact_probation_entries b
             WHERE ${before('b')} AND b.entry_type = 'deadline_breached' AND b.details->>'rule' = ANY($7::text[])
               AND NOT EXISTS (SELECT 1 FROM fact_probation_entries r WHERE ${before('r')} AND r.entry_type = 'assessment_recorded' AND r.occurred_at > b.occurred_at))) AS overdue
       FROM periods p
       JOIN probation_streams s ON s.stream = 'probation_case' AND ${dayStartSql('s.starts_on', '$6::text')} < p.ends
       CROSS JOIN LATERAL (
         SELECT e.region, e.office, e.status FROM fact_probation_entries e WHERE ${before('e')} ORDER BY e.occurred_at DESC, e.sequence DESC LIMIT 1
       ) l
       LEFT JOIN LATERAL (
         SELECT e.officer FROM fact_probation_entries e WHERE ${before('e')} AND e.entry_type = 'allocated' ORDER BY e.occurred_at DESC, e.sequence DESC LIMIT 1
       ) o ON true
       LEFT JOIN LATERAL (
         SELECT (e.details->>'nextDueOn')::date AS due_on FROM fact_probation_entries e WHERE ${before('e')} AND e.entry_type = 'assessment_recorded'
         ORDER BY e.occurred_at DESC, e.sequence DESC LIMIT 1
       ) n ON true
       WHERE l.status = 'active'
     )
     SELECT a.period, ARRAY[${groups.join(', ')}]::text[] AS categories, count(*) AS cases, count(DISTINCT a.officer) AS officers, count(*) FILTER (WHERE a.overdue) AS overdue
     FROM active a WHERE $5::text IS NULL OR a.region = $5
     GROUP BY a.period${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
    [...commonParameters(query), query.timeZone, query.reassessmentRules],
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
     periods AS (${PERIODS_SQL}),
     spans AS (
       SELECT s.sex, s.age_band, s.juvenile, e.region, e.status,
         greatest(e.occurred_at, ${dayStartSql('s.starts_on', '$6::text')}) AS starts,
         coalesce(lead(e.occurred_at) OVER (PARTITION BY e.stream_id ORDER BY e.occurred_at, e.sequence), coalesce($1::timestamptz, now())) AS ends
       FROM probation_streams s JOIN probation_entries e ON e.stream_id = s.stream_id
       WHERE s.stream = 'probation_case'
     )
     SELECT p.code AS period, ARRAY[${query.by.map((breakdown) => `t.${columns[breakdown]}`).join(', ')}]::text[] AS categories,
       sum(extract(epoch FROM least(t.ends, p.ends) - greatest(t.starts, p.starts)) / 86400) AS days
     FROM periods p JOIN spans t ON t.starts < p.ends AND t.ends > p.starts AND t.ends > t.starts
     WHERE t.status IN ('active', 'absconded') AND ($5::text IS NULL OR t.region = $5)
     GROUP BY 1, 2`,
    [...commonParameters(query), query.timeZone],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.days) }));
}
