import type { Reads } from '@icjims/persistence';
import { commonParameters } from '../facts/facts-sql';
import { TOTAL } from '../tables/statistical-table';
import type { ProbationBreakdown, ProbationQuery, StockRow, SumRow } from './probation-figures';
import { dayStartSql, ProbationScope, probationStreamsSql } from './probation-sql';

/*
 * Where each probation case stood between two of its entries: the stocks at a date (caseload,
 * officers, assessments overdue) and the days under supervision are read off these states, from
 * the facts (as of any date) or from the aggregate the projection keeps (probation_case_states,
 * now; for whole months, from its cubes: probation-stock-cubes.ts). A state runs from an entry (`from_at`) to the next entry of its case that changes it
 * (`to_at`, null for the last) and holds that entry's status, region and office, the hash of the officer last allocated,
 * the day the last assessment so far said the next one was due (`due_on`), the deadline rules
 * breached since that assessment (`breached_rules`, null when the case never had a breach), the
 * instant the case's term starts (`starts_at`) and the person's categories. Only states `active`
 * or `absconded` are kept: the others count in no stock and no supervision time.
 */

/** The columns of a state (and of probation_case_states); the first three identify it. */
export const STATE_COLUMNS = [
  'case_id', 'stream_id', 'sequence', 'from_at', 'to_at', 'status', 'region', 'office', 'officer', 'due_on', 'breached_rules', 'starts_at', 'sex', 'age_band', 'juvenile',
] as const;

/**
 * Common table expressions ending in `probation_states(…STATE_COLUMNS)`, from the entries of
 * `scope` in one pass (windows over each case's entries in their order); `zone` the SQL of the
 * jurisdiction's time zone.
 */
export function probationStatesSql(scope: ProbationScope, zone: string): string {
  const so = 'PARTITION BY e.stream_id ORDER BY e.occurred_at, e.sequence ROWS UNBOUNDED PRECEDING';
  const known = scope === 'asOf' ? 'AND ($1::timestamptz IS NULL OR b.known_from <= $1)' : '';
  return `${probationStreamsSql(scope)},
     probation_steps AS (
       SELECT s.case_id, s.starts_on, s.sex, s.age_band, s.juvenile, e.stream_id, e.occurred_at, e.sequence, e.region, e.office, e.status, e.officer, e.entry_type, e.details,
         count(*) FILTER (WHERE e.entry_type = 'allocated') OVER (${so}) AS allocation,
         count(*) FILTER (WHERE e.entry_type = 'assessment_recorded') OVER (${so}) AS assessment,
         max(e.occurred_at) FILTER (WHERE e.entry_type = 'assessment_recorded') OVER (${so}) AS assessed_at,
         count(*) FILTER (WHERE e.entry_type = 'deadline_breached') OVER (${so}) AS breaches
       FROM probation_entries e JOIN probation_streams s ON s.stream_id = e.stream_id AND s.stream = 'probation_case'
     ),
     probation_entry_states AS (
       SELECT t.case_id, t.stream_id, t.sequence, t.occurred_at AS from_at, t.status, t.region, t.office, t.last_officer AS officer, t.due_on,
         -- Looked up (by the case's index) only for a case that had a breach: few do.
         CASE WHEN t.breaches > 0 THEN ARRAY(
           SELECT DISTINCT b.details->>'rule' FROM fact_probation_entries b
           WHERE b.stream_id = t.stream_id AND b.entry_type = 'deadline_breached' ${known}
             AND (b.occurred_at, b.sequence) <= (t.occurred_at, t.sequence) AND b.occurred_at > coalesce(t.assessed_at, '-infinity')
           ORDER BY 1) END AS breached_rules,
         ${dayStartSql('t.starts_on', zone)} AS starts_at, t.sex, t.age_band, t.juvenile
       FROM (
         -- Within a run of entries after an allocation (an assessment), the first is that allocation (assessment).
         SELECT t.*, max(t.officer) OVER (PARTITION BY t.stream_id, t.allocation) AS last_officer,
           max((t.details->>'nextDueOn')::date) FILTER (WHERE t.entry_type = 'assessment_recorded') OVER (PARTITION BY t.stream_id, t.assessment) AS due_on
         FROM probation_steps t
       ) t
     ),
     probation_state_changes AS (
       -- An entry that changes nothing the stocks read (a contact, a violation …) continues the state before it.
       SELECT t.*, (t.status, t.region, t.office, t.officer, t.due_on, t.breached_rules)
         IS DISTINCT FROM lag((t.status, t.region, t.office, t.officer, t.due_on, t.breached_rules)) OVER (PARTITION BY t.stream_id ORDER BY t.from_at, t.sequence) AS changes
       FROM probation_entry_states t
     ),
     probation_states AS (
       SELECT c.case_id, c.stream_id, c.sequence, c.from_at, c.to_at, c.status, c.region, c.office, c.officer, c.due_on, c.breached_rules, c.starts_at, c.sex, c.age_band, c.juvenile
       FROM (
         SELECT t.*, lead(t.from_at) OVER (PARTITION BY t.stream_id ORDER BY t.from_at, t.sequence) AS to_at FROM probation_state_changes t WHERE t.changes
       ) c
       WHERE c.status IN ('active', 'absconded')
     )`;
}

/** The states read: computed from the facts as they stood at $1, or the aggregate's (now; $1 is then null). */
type Source = 'facts' | 'aggregates';
const statesOf = (source: Source, zone: string) =>
  source === 'facts' ? { with: `WITH ${probationStatesSql('asOf', zone)}`, states: 'probation_states' } : { with: '', states: '(SELECT * FROM probation_case_states WHERE $1::timestamptz IS NULL)' };

const STOCK_COLUMNS: Readonly<Partial<Record<ProbationBreakdown, string>>> = { region: 'region', office: 'at_office', sex: 'sex', ageBand: 'age_band', juvenile: 'juvenile' };

/**
 * The probation cases active at each period's end (its last instant): their term started by then,
 * and `active` after the last entry that happened before the end — by the region and office of
 * that entry (office `unknown` before an allocation); the distinct officers last allocated to
 * them; and those with an assessment overdue then: the next assessment due by the last one had
 * passed (its day over), or a deadline of `reassessmentRules` had been breached since it. Totals
 * computed (TOTAL): distinct officers do not add up.
 */
export async function stocksAtPeriodEnd(manager: Reads, query: ProbationQuery & { reassessmentRules: readonly string[] }, source: Source): Promise<StockRow[]> {
  // The state's columns the breakdowns read (its office, `unknown` before an allocation, as at_office).
  const kept = query.by.map((breakdown) => STOCK_COLUMNS[breakdown] as string);
  const groups = kept.map((column) => `a.${column}`);
  const [asOf, codes, , ends, region] = commonParameters(query);
  const { with: preamble, states } = statesOf(source, '$5::text');
  const rows: { period: string; categories: (string | null)[]; cases: string; officers: string; overdue: string }[] = await manager.query(
    `${preamble}
     SELECT a.period, ARRAY[${groups.join(', ')}]::text[] AS categories, sum(a.cases) AS cases, count(DISTINCT a.officer) AS officers, sum(a.overdue) AS overdue
     FROM (
       -- Per officer first (a few hundred rows a period), then the categories' cells and totals: distinct officers counted off those.
       SELECT ($2::text[])[i] AS period, ${[...kept, 'officer'].map((column) => `t.${column}`).join(', ')}, count(*) AS cases,
         count(*) FILTER (WHERE t.due_on IS NOT NULL AND ${dayStartSql('t.due_on + 1', '$5::text')} <= ($3::timestamptz[])[i] OR t.breached_rules && $6::text[]) AS overdue
       FROM (SELECT *, coalesce(office, 'unknown') AS at_office FROM ${states} WHERE status = 'active' AND ($4::text IS NULL OR region = $4)
         -- Only states that can span a period's end.
         AND from_at < ($3::timestamptz[])[cardinality($3::timestamptz[])] AND (to_at IS NULL OR to_at >= ($3::timestamptz[])[1])) t
       -- The periods whose end falls after this state's entry and not after the next change (ends ascending, found by bisecting them: not every state against every period).
       CROSS JOIN LATERAL generate_series(width_bucket(t.from_at, $3::timestamptz[]) + 1, width_bucket(coalesce(t.to_at, 'infinity'), $3::timestamptz[])) AS i
       WHERE t.starts_at < ($3::timestamptz[])[i]
       GROUP BY ${[1, ...kept.map((_column, index) => index + 2), kept.length + 2].join(', ')}
     ) a
     GROUP BY a.period${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
    // $1 asOf, $2 the periods' codes, $3 their ends (ascending), $4 the region, $5 the zone, $6 the reassessment rules.
    [asOf, codes, ends, region, query.timeZone, query.reassessmentRules],
  );
  return rows.map((row) => ({
    key: [row.period, ...row.categories.map((category) => category ?? TOTAL)], cases: Number(row.cases), officers: Number(row.officers), overdue: Number(row.overdue),
  }));
}

/**
 * The days under supervision in each period: of every probation case, the time in the period from
 * the start of its term on during which it was `active` or `absconded` (a state holds until the
 * next entry; the last to `asOf`, or now), by the region of the entry it came from.
 */
export async function supervisionDaysIn(manager: Reads, query: ProbationQuery, source: Source): Promise<SumRow[]> {
  const columns: Readonly<Partial<Record<ProbationBreakdown, string>>> = { region: 'region', sex: 'sex', ageBand: 'age_band', juvenile: 'juvenile' };
  const { with: preamble, states } = statesOf(source, '$6::text');
  const rows: { period: string; categories: string[]; days: number }[] = await manager.query(
    `${preamble}
     SELECT p.code AS period, ARRAY[${query.by.map((breakdown) => `t.${columns[breakdown]}`).join(', ')}]::text[] AS categories,
       sum(extract(epoch FROM least(t.ends, p.ends) - greatest(t.starts, p.starts)) / 86400) AS days
     FROM (SELECT s.*, greatest(s.from_at, s.starts_at) AS starts, coalesce(s.to_at, $1::timestamptz, now()) AS ends FROM ${states} s) t
     -- The periods the span may overlap (ends and starts ascending, found by bisecting them), then checked.
     CROSS JOIN LATERAL generate_series(width_bucket(t.starts, $4::timestamptz[]) + 1, width_bucket(t.ends, $3::timestamptz[])) AS i
     CROSS JOIN LATERAL (SELECT ($2::text[])[i] AS code, ($3::timestamptz[])[i] AS starts, ($4::timestamptz[])[i] AS ends) p
     WHERE t.ends > t.starts AND t.starts < p.ends AND t.ends > p.starts AND ($5::text IS NULL OR t.region = $5)
     GROUP BY 1, 2`,
    // $1–$5 (facts-sql.ts), and $6 the zone the states are computed in from the facts.
    [...commonParameters(query), ...(source === 'facts' ? [query.timeZone] : [])],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.days) }));
}
