import type { Reads } from '@icjims/persistence';
import { inWholeMonths } from '../aggregates/case-flow-from-aggregates';
import { TOTAL } from '../tables/statistical-table';
import { categoriesSql, EVENT_COLUMNS, firstMeetingDays, MeasureQuery, ProbationBreakdown, ProbationQuery, probationSums, QuantileRow, StockRow, SumRow } from './probation-figures';
import { stocksAtPeriodEnd, supervisionDaysIn } from './probation-states';
import { grainOf, STOCK_BREAKDOWN_COLUMNS, STOCK_GRAINS, SUPERVISION_GRAINS } from './probation-stock-cubes';

/** Whether the cube answers: current figures of whole months of the zone one after the other, by breakdowns it keeps. */
function cubeAnswers(query: ProbationQuery): boolean {
  return !query.asOf && query.periods.length > 0 && inWholeMonths(query.periods, query.timeZone) && query.by.every((breakdown) => EVENT_COLUMNS[breakdown] !== undefined);
}

const periodParameters = (query: ProbationQuery) => [query.periods.map((period) => period.code), query.periods.map((period) => period.starts), query.periods.map((period) => period.ends)];

/**
 * A measure's sums as probationSums gives them, read from the cube the projection keeps
 * (probation_counts): a period's figure is the sum of its months. As of an earlier instant, or
 * for a range of days, from the facts.
 */
export async function probationSumsFromAggregates(manager: Reads, query: MeasureQuery): Promise<SumRow[]> {
  if (!cubeAnswers(query)) return probationSums(manager, query);
  const rows: { period: string; categories: string[]; value: string }[] = await manager.query(
    `WITH periods AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS p(code, starts, ends))
     SELECT p.code AS period, ${categoriesSql(query, 'f')} AS categories, sum(f.amount) AS value
     FROM periods p JOIN probation_counts f ON f.measure = $4 AND f.month >= p.starts AND f.month < p.ends AND ($5::text IS NULL OR f.region = $5)
     GROUP BY 1, 2 HAVING sum(f.amount) <> 0`,
    [...periodParameters(query), query.measure, query.region ?? null],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}

/**
 * The first meetings' quantile as firstMeetingDays gives it, from the cube's histogram of whole
 * days (each cell's cases unfolded into as many rows: percentile_cont over the same days).
 */
export async function firstMeetingDaysFromAggregates(manager: Reads, query: ProbationQuery & { quantile: number }): Promise<QuantileRow[]> {
  if (!cubeAnswers(query)) return firstMeetingDays(manager, query);
  const groups = query.by.map((breakdown) => `f.${EVENT_COLUMNS[breakdown]}`);
  const rows: { period: string; categories: (string | null)[]; days: number; cases: string }[] = await manager.query(
    `WITH periods AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS p(code, starts, ends))
     SELECT p.code AS period, ARRAY[${groups.join(', ')}]::text[] AS categories, percentile_cont($4) WITHIN GROUP (ORDER BY f.days) AS days, count(*) AS cases
     FROM periods p
     JOIN probation_counts f ON f.measure = 'first_meeting' AND f.month >= p.starts AND f.month < p.ends AND ($5::text IS NULL OR f.region = $5) AND f.amount > 0
     CROSS JOIN LATERAL generate_series(1, f.amount::int) AS n
     GROUP BY p.code${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
    [...periodParameters(query), query.quantile, query.region ?? null],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories.map((category) => category ?? TOTAL)], days: Math.round(Number(row.days) * 10) / 10, cases: Number(row.cases) }));
}

const ascending = (periods: ProbationQuery['periods']) => [...periods].sort((a, b) => a.starts.getTime() - b.starts.getTime());

/** Whether the stock and supervision cubes answer: current figures of whole months of the zone one after the other. */
function stockCubesAnswer(query: ProbationQuery): boolean {
  return !query.asOf && query.periods.length > 0 && inWholeMonths(ascending(query.periods), query.timeZone);
}
const REGION_AND_OFFICE: readonly ProbationBreakdown[] = ['region', 'office'];

export type StockQuery = ProbationQuery & {
  reassessmentRules: readonly string[];
  /** Whether to count the distinct officers (caseload per officer: by region and office only); without, the rows carry none. */
  officers?: boolean;
};

/**
 * The stocks at each period's end as stocksAtPeriodEnd gives them (cases, assessments overdue and,
 * when asked, distinct officers), for current figures of whole months from the cubes of the
 * states (probation-stock-cubes.ts): at a month start, the closed states' rows of that month
 * start, and the open states whose first month start is not later. As of an earlier instant, or
 * for a range of days, off the states (those held, or computed from the facts as of then).
 */
export async function stocksFromAggregates(manager: Reads, query: StockQuery): Promise<StockRow[]> {
  const grain = grainOf(STOCK_GRAINS, query.by);
  const officers = query.officers && query.by.every((breakdown) => REGION_AND_OFFICE.includes(breakdown));
  if (!stockCubesAnswer(query) || grain < 0 || (query.officers && !officers)) {
    const rows = await stocksAtPeriodEnd(manager, query, query.asOf ? 'facts' : 'aggregates');
    return query.officers ? rows : rows.map(({ officers: _officers, ...row }) => row);
  }
  const periods = ascending(query.periods);
  const columns = query.by.map((breakdown) => STOCK_BREAKDOWN_COLUMNS[breakdown] as string);
  const groups = columns.map((column) => `a.${column}`);
  const kept = (alias: string) => columns.map((column) => `, ${alias}.${column}`).join('');
  const rows: { period: string; categories: (string | null)[]; cases: string; overdue: string }[] = await manager.query(
    `WITH ends AS (SELECT * FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS e(code, at, i)),
     open AS (
       -- The open states by the first period end they count at (si) and are overdue at (oi; past the last: never), each counting from there on.
       SELECT o.si, greatest(o.si, o.oi) AS oi${kept('o')}, sum(o.cases) AS cases
       FROM (
         SELECT f.*, width_bucket(f.boundary - interval '1 second', $2::timestamptz[]) + 1 AS si,
           CASE WHEN f.breached_rules && $4::text[] THEN 1 ELSE width_bucket(f.overdue_from - interval '1 second', $2::timestamptz[]) + 1 END AS oi
         FROM probation_stocks f
         WHERE f.open AND f.grain = $3 AND f.boundary <= ($2::timestamptz[])[cardinality($2::timestamptz[])] AND f.cases > 0 AND ($5::text IS NULL OR f.region = $5)
       ) o
       GROUP BY 1, 2${columns.map((_column, index) => `, ${index + 3}`).join('')}
     )
     SELECT a.code AS period, ARRAY[${groups.join(', ')}]::text[] AS categories, sum(a.cases) AS cases, sum(a.overdue) AS overdue
     FROM (
       -- The cells first (a few hundred a period), then their totals.
       SELECT u.code${kept('u')}, sum(u.cases) AS cases, sum(u.overdue) AS overdue
       FROM (
         SELECT e.code${kept('f')}, f.cases, CASE WHEN f.breached_rules && $4::text[] THEN f.cases ELSE f.overdue END AS overdue
         -- The month starts asked for, said of the cube too: the planner then reads them by the key (open, grain, boundary), not every row of the grain.
         FROM ends e JOIN probation_stocks f ON NOT f.open AND f.grain = $3 AND f.boundary = e.at AND f.boundary = ANY ($2::timestamptz[]) AND f.cases > 0 AND ($5::text IS NULL OR f.region = $5)
         UNION ALL
         SELECT e.code${kept('o')}, o.cases, CASE WHEN e.i >= o.oi THEN o.cases ELSE 0 END FROM open o JOIN ends e ON e.i >= o.si
       ) u
       GROUP BY u.code${kept('u')}
     ) a
     GROUP BY a.code${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
    // $1 the periods' codes, $2 their ends (ascending: month starts), $3 the grain, $4 the reassessment rules, $5 the region.
    [periods.map((period) => period.code), periods.map((period) => period.ends), grain, query.reassessmentRules, query.region ?? null],
  );
  const officersByKey = officers ? new Map((await officersFromCubes(manager, query, periods, columns)).map((row) => [row.key.join('\u0000'), row.officers])) : undefined;
  return rows.map((row) => {
    const key = [row.period, ...row.categories.map((category) => category ?? TOTAL)];
    return { key, cases: Number(row.cases), overdue: Number(row.overdue), ...(officersByKey && { officers: officersByKey.get(key.join('\u0000')) ?? 0 }) };
  });
}

/** The distinct officers at each period's end by region and office (`columns`, with totals): of the closed states' rows of the month start and the open states counting by then. */
async function officersFromCubes(manager: Reads, query: StockQuery, periods: ProbationQuery['periods'], columns: readonly string[]): Promise<{ key: string[]; officers: number }[]> {
  const groups = columns.map((column) => `s.${column}`);
  const rows: { period: string; categories: (string | null)[]; officers: string }[] = await manager.query(
    `WITH ends AS (SELECT * FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS e(code, at, i)),
     seen AS (
       SELECT e.code, f.region, f.office, f.officer
       FROM ends e JOIN probation_officer_stocks f ON NOT f.open AND f.boundary = e.at AND f.cases > 0 AND ($3::text IS NULL OR f.region = $3)
       -- Both kinds of an officer counted once by count(DISTINCT …): not deduplicated here.
       UNION ALL
       SELECT e.code, o.region, o.office, o.officer
       FROM (
         SELECT f.region, f.office, f.officer, min(f.boundary) AS since FROM probation_officer_stocks f
         WHERE f.open AND f.cases > 0 AND ($3::text IS NULL OR f.region = $3) GROUP BY 1, 2, 3
       ) o JOIN ends e ON e.at >= o.since
     )
     SELECT s.code AS period, ARRAY[${groups.join(', ')}]::text[] AS categories, count(DISTINCT nullif(s.officer, '')) AS officers
     FROM seen s GROUP BY s.code${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
    [periods.map((period) => period.code), periods.map((period) => period.ends), query.region ?? null],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories.map((category) => category ?? TOTAL)], officers: Number(row.officers) }));
}

/**
 * The days under supervision as supervisionDaysIn gives them, for current figures of whole months
 * from the supervision cube (probation-stock-cubes.ts): the closed states' seconds in the period's
 * months; of the open states that began before the month of now, n × (min(now, end) − start of the
 * period) for those that began before the period and n × min(now, end) − Σ their starts for those
 * that began in it; the few open states that began since the month of now began, one by one off
 * the states held (now and the month's start are the statement's). Otherwise off the states.
 */
export async function supervisionDaysFromAggregates(manager: Reads, query: ProbationQuery): Promise<SumRow[]> {
  const grain = grainOf(SUPERVISION_GRAINS, query.by);
  if (!stockCubesAnswer(query) || grain < 0) return supervisionDaysIn(manager, query, query.asOf ? 'facts' : 'aggregates');
  const periods = ascending(query.periods);
  const columns = query.by.map((breakdown) => STOCK_BREAKDOWN_COLUMNS[breakdown] as string);
  const of = (alias: string) => `ARRAY[${columns.map((column) => `${alias}.${column}`).join(', ')}]::text[]`;
  const rows: { period: string; categories: string[]; days: string }[] = await manager.query(
    `WITH periods AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS p(code, starts, ends, i)),
     clock AS (SELECT now() AS now, date_trunc('month', now() AT TIME ZONE $6::text) AT TIME ZONE $6::text AS month),
     spans AS (
       SELECT p.code, ${of('f')} AS categories, f.seconds
       FROM periods p JOIN probation_supervision f ON NOT f.open AND f.grain = $4 AND f.month >= p.starts AND f.month < p.ends AND ($5::text IS NULL OR f.region = $5)
       UNION ALL
       SELECT p.code, o.categories, CASE WHEN o.k < p.i THEN o.states * extract(epoch FROM least(c.now, p.ends) - p.starts) ELSE o.states * extract(epoch FROM least(c.now, p.ends)) - o.seconds END
       FROM clock c
       -- The open states by the period they began in (k; 0: before the first), summed: most began before it.
       JOIN (
         SELECT ${of('f')} AS categories, width_bucket(f.month, $2::timestamptz[]) AS k, sum(f.states) AS states, sum(f.seconds) AS seconds
         FROM probation_supervision f, clock c
         WHERE f.open AND f.grain = $4 AND f.month < ($3::timestamptz[])[cardinality($3::timestamptz[])] AND f.month < c.month AND f.states <> 0 AND ($5::text IS NULL OR f.region = $5)
         GROUP BY 1, 2
       ) o ON true
       JOIN periods p ON o.k <= p.i AND p.starts < c.now
       UNION ALL
       SELECT p.code, ${of('s')}, extract(epoch FROM least(c.now, p.ends) - greatest(s.starts, p.starts))
       FROM clock c
       JOIN (SELECT t.*, greatest(t.from_at, t.starts_at) AS starts FROM probation_case_states t WHERE t.to_at IS NULL) s ON s.starts >= c.month AND ($5::text IS NULL OR s.region = $5)
       JOIN periods p ON least(c.now, p.ends) > greatest(s.starts, p.starts)
     )
     SELECT code AS period, categories, sum(seconds) / 86400 AS days FROM spans GROUP BY 1, 2 HAVING sum(seconds) > 0`,
    // $1–$3 the periods (ascending), $4 the grain, $5 the region, $6 the zone.
    [periods.map((period) => period.code), periods.map((period) => period.starts), periods.map((period) => period.ends), grain, query.region ?? null, query.timeZone],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.days) }));
}
