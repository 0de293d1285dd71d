import { CASE_BREAKDOWN_SQL, CaseBreakdown, ENDS } from '../flow/case-flow';

/**
 * The grains of the flow cube (`flow_counts`, migration 1763900000440): each keeps the case
 * counts by some of the case breakdowns, the others written as ''. Region is in every grain (a
 * regional analyst's tables filter on it). A table reads the first grain holding all of its
 * breakdowns, so that a national table by region or by period alone reads a few rows, not one
 * per district, agency and article. Every grain costs one cell more per change of a case.
 */
export const GRAINS: readonly (readonly CaseBreakdown[])[] = [
  ['region'],
  ['region', 'iccsSection'],
  ['region', 'district', 'agency'],
  ['region', 'district', 'agency', 'iccsSection', 'article'],
];

/** The cube's columns of the breakdowns, in key order. */
export const CATEGORY_COLUMNS: Readonly<Record<CaseBreakdown, string>> = {
  region: 'region',
  district: 'district',
  agency: 'agency',
  iccsSection: 'iccs_section',
  article: 'article',
};

const BREAKDOWNS = Object.keys(CATEGORY_COLUMNS) as CaseBreakdown[];

/** The index in GRAINS of the smallest grain that keeps every breakdown asked for. */
export function grainFor(by: readonly CaseBreakdown[]): number {
  return GRAINS.findIndex((grain) => by.every((breakdown) => grain.includes(breakdown)));
}

/** The step types that start or end a stage: the only ones the flow aggregates read. */
export const FLOW_STEP_TYPES: readonly string[] = [...new Set(['indictment', ...ENDS.pretrial, ...ENDS.court])];

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * SQL (common table expressions) of each case's stages from the facts, as `caseFlow` defines
 * them for current figures: `stages(case_id, stage, started_at, ended_at)`. `caseId` (a
 * parameter such as `$1`) limits it to one case; without it, every case.
 */
export function stagesSql(caseId?: string): string {
  const only = (alias: string) => (caseId ? `AND ${alias}.case_id = ${caseId}` : '');
  return `effective AS (
      SELECT s.case_id, s.step_type, s.occurred_at FROM fact_steps s
      WHERE s.known_until IS NULL AND NOT s.annulled AND s.step_type IN (${list(FLOW_STEP_TYPES)}) ${only('s')}
    ), milestones AS (
      SELECT case_id, min(occurred_at) FILTER (WHERE step_type IN (${list(ENDS.pretrial)})) AS pretrial_ended_at,
        min(occurred_at) FILTER (WHERE step_type = 'indictment') AS indicted_at
      FROM effective GROUP BY case_id
    ), court_ends AS (
      SELECT e.case_id, min(e.occurred_at) AS ended_at FROM effective e JOIN milestones m ON m.case_id = e.case_id
      WHERE e.step_type IN (${list(ENDS.court)}) AND e.occurred_at >= m.indicted_at GROUP BY e.case_id
    ), stages AS (
      SELECT c.case_id, 'pretrial'::text AS stage, c.registered_at AS started_at,
        CASE WHEN m.pretrial_ended_at IS NULL THEN NULL ELSE greatest(m.pretrial_ended_at, c.registered_at) END AS ended_at
      FROM fact_cases c LEFT JOIN milestones m ON m.case_id = c.case_id WHERE true ${only('c')}
      UNION ALL
      SELECT c.case_id, 'court'::text, m.indicted_at, ce.ended_at
      FROM fact_cases c JOIN milestones m ON m.case_id = c.case_id LEFT JOIN court_ends ce ON ce.case_id = c.case_id
      WHERE m.indicted_at IS NOT NULL ${only('c')}
    )`;
}

/** The first instant of the local month of `instant` in the zone `zone` (SQL expressions). */
const monthOf = (instant: string, zone: string) => `date_trunc('month', ${instant} AT TIME ZONE ${zone}) AT TIME ZONE ${zone}`;

/**
 * SQL selecting the cube's cells of stage rows: `FROM ${from}` must give `st` (stage,
 * started_at, ended_at, ${weight}) joined to `c` (fact_cases of the same case); each row counts
 * once in every grain. `zone` is the SQL of the time zone. Columns in the order of CELL_COLUMNS.
 */
export function cellsSql(from: string, weight: string, zone: string): string {
  const grains = GRAINS.map((grain, index) => `(${index}, ${BREAKDOWNS.map((breakdown) => String(grain.includes(breakdown))).join(', ')})`).join(', ');
  const category = (breakdown: CaseBreakdown) => `CASE WHEN g.${CATEGORY_COLUMNS[breakdown]} THEN ${CASE_BREAKDOWN_SQL[breakdown]} ELSE '' END AS ${CATEGORY_COLUMNS[breakdown]}`;
  return `SELECT st.stage, g.grain, ${BREAKDOWNS.map(category).join(', ')},
      ${monthOf('st.started_at', zone)} AS started_month, st.started_at = ${monthOf('st.started_at', zone)} AS started_on_boundary,
      coalesce(${monthOf('st.ended_at', zone)}, 'infinity') AS ended_month, sum(${weight})::int AS cases
    FROM ${from}
    CROSS JOIN (VALUES ${grains}) AS g(grain, ${BREAKDOWNS.map((breakdown) => CATEGORY_COLUMNS[breakdown]).join(', ')})
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`;
}

/** The cube's key columns then its count, as cellsSql selects them. */
export const CELL_KEY = ['stage', 'grain', ...BREAKDOWNS.map((breakdown) => CATEGORY_COLUMNS[breakdown]), 'started_month', 'started_on_boundary', 'ended_month'];
