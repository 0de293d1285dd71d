import type { Reads } from '@icjims/persistence';
import { localMonth, zonedInstant } from '@icjims/jurisdiction';
import { CASE_AGES, caseFlow, FlowRow } from '../flow/case-flow';
import { CATEGORY_COLUMNS, grainFor } from './flow-grains';

/** caseFlow's query, and the zone the cube counts its months in (the jurisdiction's, the projection's). */
export type CaseFlowQuery = Parameters<typeof caseFlow>[1] & { timeZone: string };

/** The months before the period's end that bound each age band (CASE_AGES in order; the last is the rest). */
const AGE_BOUNDS = [3, 6, 12, 24] as const;

/**
 * The age band of a span cube cell's cases pending at the end of period `p`, as caseFlow gives
 * it: started after the instant `n` months before the end (`p.before_n`, the start of a month).
 * A cell of an earlier month is older, one of a later month younger, and one of that very month
 * younger unless its stage started at exactly its first instant.
 */
const CASE_AGE_SQL = `CASE ${AGE_BOUNDS.map(
  (months, i) => `WHEN f.started_month > p.before_${months} OR f.started_month = p.before_${months} AND NOT f.started_on_boundary THEN '${CASE_AGES[i]}'`,
).join(' ')} ELSE '${CASE_AGES[AGE_BOUNDS.length]}' END`;

type Counted = { period: string; categories: string[]; incoming: string; resolved: string; pending: string };

/**
 * The case flow as `caseFlow` gives it, read from the aggregates the projection keeps instead
 * of every fact: a few rows of the smallest grain that holds the breakdowns asked for — of the
 * month cube (what started and ended in each month: pending at a period's end is what started
 * before it less what ended before it), or for the age profile of the span cube (cases by start
 * and end month). Figures as of an earlier instant are not kept in aggregates, nor periods that
 * are not whole months of the zone (a range of days) one after the other: for those, this is caseFlow.
 */
export async function caseFlowFromAggregates(manager: Reads, query: CaseFlowQuery): Promise<FlowRow[]> {
  if (query.asOf || !query.periods.length || !inWholeMonths(query.periods, query.timeZone)) return caseFlow(manager, query);
  const categories = query.by.map((breakdown) => `f.${CATEGORY_COLUMNS[breakdown]}`);
  const parameters = [
    query.periods.map((period) => period.code),
    query.periods.map((period) => period.starts),
    query.periods.map((period) => period.ends),
    query.stage,
    grainFor(query.by, query.region !== undefined),
    query.region ?? null,
  ];
  const cells = `f.stage = $4 AND f.grain = $5 AND ($6::text IS NULL OR f.region = $6)`;
  const rows: Counted[] = query.byAge
    ? await manager.query(
        // MATERIALIZED: each period's bounds computed once (zone arithmetic), not once per cell compared with them;
        // the cells summed over the categories not asked for first, so that each period meets a few rows, not every region's.
        `WITH periods AS MATERIALIZED (
           SELECT p.*, ${AGE_BOUNDS.map((months) => `((p.ends AT TIME ZONE $7) - interval '${months} months') AT TIME ZONE $7 AS before_${months}`).join(', ')}
           FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS p(code, starts, ends)
         ), spans AS MATERIALIZED (
           SELECT ${[...categories.map((category, i) => `${category} AS b${i}`), 'f.started_month', 'f.started_on_boundary', 'f.ended_month'].join(', ')}, sum(f.cases) AS cases
           FROM flow_counts f
           WHERE ${cells} AND f.cases <> 0 AND f.started_month < ($3::timestamptz[])[cardinality($3::timestamptz[])] AND f.ended_month >= ($2::timestamptz[])[1]
           GROUP BY ${[...categories.map((_category, i) => i + 1), categories.length + 1, categories.length + 2, categories.length + 3].join(', ')}
         )
         SELECT p.code AS period, ARRAY[${[...categories.map((_category, i) => `f.b${i}`), CASE_AGE_SQL].join(', ')}]::text[] AS categories,
           coalesce(sum(f.cases) FILTER (WHERE f.started_month >= p.starts), 0) AS incoming,
           coalesce(sum(f.cases) FILTER (WHERE f.ended_month < p.ends), 0) AS resolved,
           coalesce(sum(f.cases) FILTER (WHERE f.ended_month >= p.ends), 0) AS pending
         FROM periods p JOIN spans f ON f.started_month < p.ends AND f.ended_month >= p.starts
         GROUP BY p.code, ${[...categories.map((_category, i) => `f.b${i}`), CASE_AGE_SQL].join(', ')}`,
        [...parameters, query.byAge.timeZone],
      )
    : // Each month cell is read once: before the first period (bucket 0), or in the period it falls in. Pending at a
      // period's end is what was open before the first period, plus what started less what ended in the periods up to it.
      // A combination with a case in the period, entered or left, or pending at its end, is a row (as from the facts).
      await manager.query(
        `WITH flows AS (
           SELECT width_bucket(f.month, $2::timestamptz[]) AS i, ARRAY[${categories.join(', ')}]::text[] AS categories,
             sum(f.started) AS started, sum(f.ended) AS ended
           FROM flow_month_counts f WHERE ${cells} AND f.month < ($3::timestamptz[])[cardinality($3::timestamptz[])]
           GROUP BY 1, 2
         ), grid AS (
           SELECT n.i, c.categories, coalesce(fl.started, 0) AS incoming, coalesce(fl.ended, 0) AS resolved, coalesce(b.started - b.ended, 0) AS open_before
           FROM (SELECT DISTINCT categories FROM flows) c CROSS JOIN generate_series(1, cardinality($1::text[])) AS n(i)
           LEFT JOIN flows fl ON fl.i = n.i AND fl.categories = c.categories
           LEFT JOIN flows b ON b.i = 0 AND b.categories = c.categories
         ), counted AS (
           SELECT ($1::text[])[i] AS period, categories, incoming, resolved,
             open_before + sum(incoming - resolved) OVER (PARTITION BY categories ORDER BY i) AS pending
           FROM grid
         )
         SELECT * FROM counted WHERE incoming + resolved + pending > 0`,
        parameters,
      );
  return rows.map((row) => ({ key: [row.period, ...row.categories], incoming: Number(row.incoming), resolved: Number(row.resolved), pending: Number(row.pending) }));
}

/**
 * Whether the periods follow one another, each whole months of the zone (as the tables ask for
 * them); with `gaps`, each after the one before, with months between them or not (a table read
 * in parts, every other period in each).
 */
export function inWholeMonths(periods: CaseFlowQuery['periods'], timeZone: string, { gaps = false } = {}): boolean {
  const follows = (before: Date, starts: Date) => (gaps ? before.getTime() <= starts.getTime() : before.getTime() === starts.getTime());
  return periods.every((period, i) => isMonthStart(period.starts, timeZone) && isMonthStart(period.ends, timeZone) && (i === 0 || follows(periods[i - 1].ends, period.starts)));
}

/** Whether an instant is the first of a month in the zone. */
function isMonthStart(instant: Date, timeZone: string): boolean {
  return zonedInstant(`${localMonth(instant, timeZone)}-01T00:00`, timeZone).getTime() === instant.getTime();
}
