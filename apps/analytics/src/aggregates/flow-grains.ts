import { CASE_BREAKDOWN_SQL, CaseBreakdown, ENDS } from '../flow/case-flow';
import { grainsTableSql } from './aggregate-part';

/**
 * The grains of the flow cubes (migrations 1763900000440, 1763900000441): each keeps the case
 * counts by some of the case breakdowns, the others written as ''. A table reads the smallest
 * grain holding all of its breakdowns (grainFor), so that a national table by region or by period
 * alone reads a few rows, not one per district, agency and article. A regional analyst's tables
 * filter on the region: they read only the grains that keep it. The last two keep no region,
 * only the article (migration 1763900000537) or the ICCS section (1763900000541): a national table
 * by article or by section reads one cell per article or section there, not one per region and
 * article or section, and none to sum over another category. Every grain costs a few cells more
 * per change of a case.
 */
export const GRAINS: readonly (readonly CaseBreakdown[])[] = [
  ['region'],
  ['region', 'iccsSection'],
  ['region', 'iccsSection', 'article'],
  ['region', 'district', 'agency'],
  ['region', 'district', 'agency', 'iccsSection', 'article'],
  ['article'],
  ['iccsSection'],
];

/** The finest grain: every breakdown (the coarser grains are summed from its cells). */
export const FINEST = GRAINS.findIndex((grain) => grain.length === Object.keys(CASE_BREAKDOWN_SQL).length);

/** The cubes' columns of the breakdowns, in key order. */
export const CATEGORY_COLUMNS: Readonly<Record<CaseBreakdown, string>> = {
  region: 'region',
  district: 'district',
  agency: 'agency',
  iccsSection: 'iccs_section',
  article: 'article',
};

const BREAKDOWNS = Object.keys(CATEGORY_COLUMNS) as CaseBreakdown[];
/** The category columns, in key order. */
export const CATEGORIES = BREAKDOWNS.map((breakdown) => CATEGORY_COLUMNS[breakdown]);

/** The category columns a grain does not keep: '' in each of its cells. */
export function blankColumns(grain: number): string[] {
  return BREAKDOWNS.filter((breakdown) => !GRAINS[grain].includes(breakdown)).map((breakdown) => CATEGORY_COLUMNS[breakdown]);
}

/**
 * The index in GRAINS of the smallest grain (fewest breakdowns, the first of equals) that keeps
 * every breakdown asked for, and the region when the table is of one region (`inRegion`).
 */
export function grainFor(by: readonly CaseBreakdown[], inRegion: boolean): number {
  const kept: readonly CaseBreakdown[] = inRegion ? [...by, 'region'] : by;
  return GRAINS.reduce<number>(
    (smallest, grain, index) => (kept.every((breakdown) => grain.includes(breakdown)) && (smallest < 0 || grain.length < GRAINS[smallest].length) ? index : smallest),
    -1,
  );
}

/** The step types that start or end a stage: the only ones the flow aggregates read. */
export const FLOW_STEP_TYPES: readonly string[] = [...new Set(['indictment', ...ENDS.pretrial, ...ENDS.court])];

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * SQL (a common table expression) of some cases' steps, every revision: `case_steps`, read by the
 * case index alone. With the current-revision condition beside it, the planner may AND in the
 * index of every current revision (all the steps), hundreds of times slower. `cases`: SQL of a
 * set of case ids (REFRESHED_CASES).
 */
export function caseStepsSql(cases: string): string {
  return `case_steps AS MATERIALIZED (SELECT * FROM fact_steps WHERE case_id IN (${cases}))`;
}

/**
 * SQL (common table expressions) of each case's stages from the facts, as `caseFlow` defines
 * them for current figures: `stages(case_id, stage, started_at, ended_at)`, one pass over the
 * steps (no join of steps with steps). `cases` (SQL of a set of case ids) limits it to those
 * cases, whose steps it reads from `case_steps` (caseStepsSql, before it); without it, every case.
 */
export function stagesSql(cases?: string): string {
  const only = (alias: string) => (cases ? `AND ${alias}.case_id IN (${cases})` : '');
  return `effective AS (
      SELECT s.case_id, s.step_type, s.occurred_at, min(s.occurred_at) FILTER (WHERE s.step_type = 'indictment') OVER (PARTITION BY s.case_id) AS indicted_at
      FROM ${cases ? 'case_steps' : 'fact_steps'} s
      WHERE s.known_until IS NULL AND NOT s.annulled AND s.step_type IN (${list(FLOW_STEP_TYPES)})
    ), milestones AS (
      SELECT case_id, min(indicted_at) AS indicted_at,
        min(occurred_at) FILTER (WHERE step_type IN (${list(ENDS.pretrial)})) AS pretrial_ended_at,
        min(occurred_at) FILTER (WHERE step_type IN (${list(ENDS.court)}) AND occurred_at >= indicted_at) AS court_ended_at
      FROM effective GROUP BY case_id
    ), stages AS (
      SELECT c.case_id, st.stage, st.started_at, st.ended_at
      FROM fact_cases c LEFT JOIN milestones m ON m.case_id = c.case_id
      CROSS JOIN LATERAL (VALUES
        ('pretrial'::text, c.registered_at, CASE WHEN m.pretrial_ended_at IS NULL THEN NULL ELSE greatest(m.pretrial_ended_at, c.registered_at) END),
        ('court'::text, m.indicted_at, m.court_ended_at)
      ) AS st(stage, started_at, ended_at)
      WHERE st.started_at IS NOT NULL ${only('c')}
    )`;
}

/** The first instant of the local month of `instant` in the zone `zone` (SQL expressions). */
export const monthOf = (instant: string, zone: string) => `date_trunc('month', ${instant} AT TIME ZONE ${zone}) AT TIME ZONE ${zone}`;

/** Which categories each grain keeps, in key order. */
const GRAIN_KEEPS = GRAINS.map((grain) => BREAKDOWNS.map((breakdown) => grain.includes(breakdown)));

/** `(VALUES …) AS g(grain, region, district, …)`: the grains asked for, and which categories each keeps. */
export function grainsTable(grains: readonly number[]): string {
  return grainsTableSql(GRAIN_KEEPS, CATEGORIES, grains);
}

/** Each category column at grain `g`: `category(breakdown)` where the grain keeps it, else ''. */
export function categoriesAtGrain(category: (breakdown: CaseBreakdown) => string): string {
  return BREAKDOWNS.map((breakdown) => `CASE WHEN g.${CATEGORY_COLUMNS[breakdown]} THEN ${category(breakdown)} ELSE '' END AS ${CATEGORY_COLUMNS[breakdown]}`).join(', ');
}

/** The span cube's (flow_counts) key columns, then `cases`. */
export const SPAN_KEY = ['stage', 'grain', ...CATEGORIES, 'started_month', 'started_on_boundary', 'ended_month'];
/** The month cube's (flow_month_counts) key columns, then `started` and `ended`. */
export const MONTH_KEY = ['stage', 'grain', ...CATEGORIES, 'month'];
/** The GROUP BY positions of the first `columns.length` output columns. */
export const position = (columns: readonly string[]) => columns.map((_column, i) => i + 1).join(', ');

/**
 * SQL selecting the span cube's cells of stage rows: `FROM ${from}` must give `st` (stage,
 * started_at, ended_at and the `weight` each row counts with) joined to `c` (fact_cases of the
 * same case), counted in each of `grains`. `zone` is the SQL of the time zone.
 */
export function spanCellsSql(from: string, weight: string, zone: string, grains: readonly number[]): string {
  return `SELECT st.stage, g.grain, ${categoriesAtGrain((breakdown) => CASE_BREAKDOWN_SQL[breakdown])},
      ${monthOf('st.started_at', zone)} AS started_month, st.started_at = ${monthOf('st.started_at', zone)} AS started_on_boundary,
      coalesce(${monthOf('st.ended_at', zone)}, 'infinity') AS ended_month, sum(${weight})::int AS cases
    FROM ${from} CROSS JOIN ${grainsTable(grains)}
    GROUP BY ${position(SPAN_KEY)}`;
}

/** SQL selecting the month cube's cells of stage rows (as spanCellsSql): each stage starts in one month and may end in one. */
export function monthCellsSql(from: string, weight: string, zone: string, grains: readonly number[]): string {
  return `SELECT st.stage, g.grain, ${categoriesAtGrain((breakdown) => CASE_BREAKDOWN_SQL[breakdown])}, mv.month,
      sum(mv.started)::int AS started, sum(mv.ended)::int AS ended
    FROM ${from}
    CROSS JOIN LATERAL (VALUES (${monthOf('st.started_at', zone)}, ${weight}, 0), (${monthOf('st.ended_at', zone)}, 0, ${weight})) AS mv(month, started, ended)
    CROSS JOIN ${grainsTable(grains)}
    WHERE mv.month IS NOT NULL
    GROUP BY ${position(MONTH_KEY)}`;
}

/**
 * SQL selecting the cells of the coarser grains from the finest grain's cells in `table` (`r`),
 * summing `counts`; `key` is the cube's key: first what the cube counts (stage, span), then the grain.
 */
export function rollupSql(table: string, key: readonly string[], counts: readonly string[]): string {
  const [first] = key;
  const rest = key.filter((column) => column !== first && column !== 'grain' && !CATEGORIES.includes(column));
  const coarser = GRAINS.map((_grain, index) => index).filter((index) => index !== FINEST);
  return `SELECT r.${first}, g.grain, ${categoriesAtGrain((breakdown) => `r.${CATEGORY_COLUMNS[breakdown]}`)}, ${rest.map((column) => `r.${column}`).join(', ')},
      ${counts.map((count) => `sum(r.${count})::int AS ${count}`).join(', ')}
    FROM ${table} r CROSS JOIN ${grainsTable(coarser)}
    WHERE r.grain = ${FINEST}
    GROUP BY ${position(key)}`;
}

/** Every grain's index. */
export const ALL_GRAINS: readonly number[] = GRAINS.map((_grain, index) => index);
