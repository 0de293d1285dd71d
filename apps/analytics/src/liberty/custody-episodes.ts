import type { Reads } from '@icjims/persistence';
import { PERSON_BREAKDOWN_SQL, PersonBreakdown } from '../people/person-counts';
import type { PeriodSpan } from '../tables/indicator-family';
import { TOTAL } from '../tables/statistical-table';
import type { StepMatch } from '@icjims/jurisdiction';
import type { LibertyRules } from './liberty-rules';
import { ALIASES_AS_OF, CASE_AND_CATEGORIES_SQL, commonParameters, effectiveStepsSql, PERIODS_SQL } from '../facts/facts-sql';
import { categoriesSql } from '../people/person-counts';

/*
 * Episodes of pre-trial deprivation of liberty, per person and case, from the facts: from a step
 * that starts one (a detention, a custody measure: LibertyRules.starts) to the first step after
 * it that ends it (LibertyRules.stops: a release, custody lifted or changed to another measure,
 * proceedings terminated, the case closed or joined — case-level steps end everyone's), the
 * person's verdict, or the person leaving the case. A custody after a detention continues the
 * same episode. Only episodes begun before the person's first verdict in the case count.
 *
 * A case joined into another, or a person split off into another case, takes the deprivation
 * along: the receiving case records the standing (detainedSince) and the custody measure
 * (decidedAt, when it was last decided), where the episode goes on from when the episode the
 * transfer ended in the source case began; that one is not a length of its own. Steps, merges
 * and cases count as they stood at asOf.
 */

/** The journal's own steps the episodes and sentences read, besides those the pack's rules name. */
const JOURNAL_STEPS = ['detention', 'verdict', 'person_left', 'standing_received', 'measure_received', 'sentence'];
/** The steps that receive a person's deprivation of liberty from another case (details.fromCaseId). */
const RECEIVING_STEPS = `'standing_received', 'measure_received'`;

/** SQL of a text as a case id, null when it is none (a step's fromCaseId is free text to the journal). */
const asCaseId = (text: string) => `CASE WHEN ${text} ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' THEN (${text})::uuid END`;

/** Where the episodes are read from: the facts as they stood at $1 (`asOf`), as they stand now (`now`), or now for some cases. */
export type EpisodesFrom = 'asOf' | 'now' | { cases: string };

/** The step types the episodes and sentences read (the pack's starts and stops, and the journal's own). */
export function episodeStepTypes(rules: LibertyRules): string[] {
  return [...new Set([...JOURNAL_STEPS, ...rules.starts.map((match) => match.stepType), ...rules.stops.map((match) => match.stepType)])];
}

/** An SQL literal of a text. */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** SQL: whether the step `e` is one of these (its type, and details containing the match's where) — written out: a jsonb array of matches unnested for every step took five times as long. */
function matchesSql(matches: readonly StepMatch[]): string {
  return matches.length ? `(${matches.map((match) => `e.step_type = ${literal(match.stepType)} AND e.details @> ${literal(JSON.stringify(match.where ?? {}))}::jsonb`).join(' OR ')})` : 'false';
}

/**
 * SQL (common table expressions) ending in `pretrial(case_id, person_id, recorded_as, started_at,
 * ended_at, transferred, received_from)`, the pre-trial episodes, and `effective`/`aliases` (the
 * steps and merges read). From:
 * - `asOf`: the facts as they stood at $1 (null: now), every case;
 * - `now`: the facts as they stand now, every case (a rebuild);
 * - `{ cases }` (SQL of a set of case ids): as they stand now, the episodes of those cases only,
 *   their steps and those of the cases they received a person's deprivation of liberty from (where
 *   a received episode begins) read by the case index.
 */
export function episodesSql(rules: LibertyRules, from: EpisodesFrom): string {
  const types = episodeStepTypes(rules);
  const current = (steps: string) => `SELECT s.case_id, s.person_id, s.step_type, s.occurred_at, s.details FROM ${steps} s
       WHERE s.known_until IS NULL AND NOT s.annulled AND s.step_type IN (${types.map(literal).join(', ')})`;
  const currentAliases = 'SELECT merged_person_id, surviving_person_id FROM fact_person_aliases WHERE known_until IS NULL';
  const sources =
    from === 'asOf'
      ? `effective AS (${effectiveStepsSql(types)}), aliases AS (${ALIASES_AS_OF})`
      : from === 'now'
        ? `effective AS (${current('fact_steps')}), aliases AS (${currentAliases})`
        : // MATERIALIZED: the cases' steps by the case index alone.
          `read_cases AS MATERIALIZED (
       SELECT case_id FROM (${from.cases}) AS x(case_id)
       UNION SELECT ${asCaseId("details->>'fromCaseId'")} FROM fact_steps WHERE case_id IN (${from.cases}) AND step_type IN (${RECEIVING_STEPS}) AND known_until IS NULL
     ), case_steps AS MATERIALIZED (
       SELECT * FROM fact_steps WHERE case_id = ANY (ARRAY(SELECT case_id FROM read_cases))
     ), effective AS (${current('case_steps')}),
     aliases AS (${currentAliases} AND merged_person_id IN (SELECT person_id FROM effective))`;
  const only = typeof from === 'object' ? `AND ep.case_id IN (${from.cases})` : '';
  return `${sources}, marked AS (
    SELECT e.*,
      CASE
        WHEN ${matchesSql(rules.starts)}
          OR e.step_type = 'standing_received' AND e.details ? 'detainedSince'
          OR e.step_type = 'measure_received' AND e.details->>'measure' = ANY(ARRAY[${rules.custodyMeasures.map(literal).join(', ')}]::text[]) THEN 'start'
        WHEN ${matchesSql(rules.stops)}
          OR e.step_type IN ('verdict', 'person_left') THEN 'stop'
      END AS kind
    FROM effective e
  ), person_marks AS (
    SELECT e.case_id, coalesce(a.surviving_person_id, e.person_id) AS person_id, e.person_id AS recorded_as, e.step_type, e.kind,
      CASE e.step_type WHEN 'standing_received' THEN (e.details->>'detainedSince')::timestamptz WHEN 'measure_received' THEN (e.details->>'decidedAt')::timestamptz ELSE e.occurred_at END AS at,
      e.step_type = 'person_left' AND e.details->>'reason' = 'split' AS transfer,
      CASE WHEN e.step_type IN (${RECEIVING_STEPS}) THEN e.details->>'fromCaseId' END AS received_from
    FROM marked e LEFT JOIN aliases a ON a.merged_person_id = e.person_id
    WHERE e.person_id IS NOT NULL AND e.kind IS NOT NULL
  ), marks AS (
    SELECT case_id, person_id, recorded_as, kind, at, transfer, received_from FROM person_marks
    UNION ALL
    SELECT x.case_id, x.person_id, NULL, 'stop', e.occurred_at, e.step_type = 'case_joined', NULL
    FROM marked e JOIN (SELECT DISTINCT case_id, person_id FROM person_marks WHERE kind = 'start') x ON x.case_id = e.case_id
    WHERE e.person_id IS NULL AND e.kind = 'stop'
  ), numbered AS (
    -- An episode is the starts after a stop, up to and including the next stop; at one instant a start comes first.
    SELECT m.*, count(*) FILTER (WHERE kind = 'stop') OVER (PARTITION BY case_id, person_id ORDER BY at, kind ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS episode
    FROM marks m
  ), first_verdicts AS (
    SELECT case_id, person_id, min(at) AS at FROM person_marks WHERE step_type = 'verdict' GROUP BY 1, 2
  ), episodes AS (
    SELECT n.case_id, n.person_id,
      min(n.at) FILTER (WHERE n.kind = 'start') AS started_at, min(n.at) FILTER (WHERE n.kind = 'stop') AS ended_at,
      coalesce(bool_or(n.transfer) FILTER (WHERE n.kind = 'stop'), false) AS transferred,
      (array_agg(n.recorded_as ORDER BY n.at) FILTER (WHERE n.kind = 'start'))[1] AS recorded_as,
      (array_agg(n.received_from ORDER BY n.at) FILTER (WHERE n.kind = 'start'))[1] AS received_from
    FROM numbered n GROUP BY n.case_id, n.person_id, n.episode
    HAVING count(*) FILTER (WHERE n.kind = 'start') > 0
  ), transferred AS (
    SELECT DISTINCT ON (case_id, person_id) case_id::text AS from_case, person_id, started_at FROM episodes WHERE transferred ORDER BY case_id, person_id, ended_at DESC
  ), pretrial AS (
    -- An episode received from another case starts when the one the transfer ended there started.
    SELECT ep.case_id, ep.person_id, ep.recorded_as, least(ep.started_at, t.started_at) AS started_at, ep.ended_at, ep.transferred, ep.received_from
    FROM episodes ep LEFT JOIN first_verdicts v ON v.case_id = ep.case_id AND v.person_id = ep.person_id
    LEFT JOIN transferred t ON t.from_case = ep.received_from AND t.person_id = ep.person_id
    WHERE (v.at IS NULL OR ep.started_at < v.at) ${only}
  )`;
}

/**
 * SQL (common table expressions, after episodesSql) ending in `serving(case_id, person_id,
 * recorded_as, started_at, ended_at)`: imprisonment being served, from a person's sentence in a case
 * whose sentenceType is imprisonment to the end of its termMonths (calendar months in `zone`, SQL
 * of the zone) or the person's next sentence in the case, whichever comes first.
 */
export function servingSql(zone: string): string {
  return `sentences AS (
       SELECT m.case_id, coalesce(a.surviving_person_id, m.person_id) AS person_id, m.person_id AS recorded_as, m.occurred_at AS at,
         m.details->>'sentenceType' AS sentence_type, (m.details->>'termMonths')::integer AS term_months
       FROM effective m LEFT JOIN aliases a ON a.merged_person_id = m.person_id
       WHERE m.step_type = 'sentence' AND m.person_id IS NOT NULL
     ), sentence_spans AS (
       SELECT s.case_id, s.person_id, s.recorded_as, s.at AS started_at,
         least(((s.at AT TIME ZONE ${zone}) + make_interval(months => s.term_months)) AT TIME ZONE ${zone},
               lead(s.at) OVER (PARTITION BY s.case_id, s.person_id ORDER BY s.at)) AS ended_at,
         s.sentence_type, s.term_months
       FROM sentences s
     ), serving AS (
       SELECT case_id, person_id, recorded_as, started_at, ended_at FROM sentence_spans WHERE sentence_type = 'imprisonment' AND term_months IS NOT NULL
     )`;
}

/**
 * Of a person's intervals held at an instant (`held`: started_at, pretrial, case_id, recorded_as),
 * the one whose case and categories they count under: the latest begun, then (ties) serving
 * before pre-trial, then by case and record.
 */
export const HELD_IN_ORDER = 'started_at DESC, pretrial, case_id, recorded_as';

export interface EpisodeQuery {
  rules: LibertyRules;
  periods: readonly PeriodSpan[];
  by: readonly PersonBreakdown[];
  region?: string;
  asOf?: Date;
}

export interface LengthRow {
  /** The period, then one category per breakdown, TOTAL where the row is a total over it. */
  key: string[];
  days: number;
  episodes: number;
}

/** SQL of the length of the episode `e` in whole days: its time in days rounded down (9 days and 23 hours are 9 days). */
export const lengthDaysSql = (e: string) => `floor(extract(epoch FROM ${e}.ended_at - ${e}.started_at) / 86400)::int`;

/** A quantile of the length in whole days of the episodes that ended in each period (not by a transfer), per category and their totals. */
export async function custodyLengths(manager: Reads, query: EpisodeQuery & { quantile: number }): Promise<LengthRow[]> {
  const groups = query.by.map((_breakdown, i) => `b${i}`);
  const rows: { period: string; categories: (string | null)[]; days: number; episodes: string }[] = await manager.query(
    `WITH ${episodesSql(query.rules, 'asOf')}, periods AS (${PERIODS_SQL}), ended AS (
       SELECT p.code AS period, ${lengthDaysSql('e')} AS days
         ${query.by.map((breakdown, i) => `, ${PERSON_BREAKDOWN_SQL[breakdown]} AS b${i}`).join('')}
       FROM periods p JOIN pretrial e ON e.ended_at >= p.starts AND e.ended_at < p.ends AND NOT e.transferred
       ${CASE_AND_CATEGORIES_SQL}
     )
     SELECT period, ARRAY[${groups.join(', ')}]::text[] AS categories, percentile_cont($6) WITHIN GROUP (ORDER BY days) AS days, count(*) AS episodes
     FROM ended GROUP BY period${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
    [...commonParameters(query), query.quantile],
  );
  return rows.map(lengthRow);
}

/** A row of a length query: CUBE's totals are its nulls (the categories are never null themselves: unknown is a category); days to one decimal. */
export function lengthRow(row: { period: string; categories: (string | null)[]; days: number; episodes: string }): LengthRow {
  return { key: [row.period, ...row.categories.map((category) => category ?? TOTAL)], days: Math.round(Number(row.days) * 10) / 10, episodes: Number(row.episodes) };
}

export interface HeldRow {
  key: string[];
  unsentenced: number;
  held: number;
}

/**
 * The persons held at the end of each period, as far as the journal sees: in a pre-trial episode
 * then, or serving imprisonment (the person's latest sentence in the case is imprisonment, and
 * its termMonths, counted from the sentence in the pack's zone, have not run out). A person is
 * counted once (merged records as one), in the case of their latest episode or sentence;
 * unsentenced when held pre-trial and serving no sentence.
 */
export async function personsHeld(manager: Reads, query: EpisodeQuery & { timeZone: string }): Promise<HeldRow[]> {
  const rows: { period: string; categories: string[]; unsentenced: string; held: string }[] = await manager.query(
    `WITH ${episodesSql(query.rules, 'asOf')}, periods AS (${PERIODS_SQL}), ${servingSql('$6::text')}, held AS (
       SELECT p.code AS period, e.case_id, e.person_id, e.recorded_as, e.started_at, true AS pretrial
       FROM periods p JOIN pretrial e ON e.started_at < p.ends AND (e.ended_at IS NULL OR e.ended_at >= p.ends)
       UNION ALL
       SELECT p.code, s.case_id, s.person_id, s.recorded_as, s.started_at, false
       FROM periods p JOIN serving s ON s.started_at < p.ends AND s.ended_at >= p.ends
     ), persons AS (
       SELECT DISTINCT ON (period, person_id) period, case_id, person_id, recorded_as, bool_and(pretrial) OVER (PARTITION BY period, person_id) AS unsentenced
       FROM held ORDER BY period, person_id, ${HELD_IN_ORDER}
     )
     SELECT e.period, ${categoriesSql(query.by)} AS categories, count(*) FILTER (WHERE e.unsentenced) AS unsentenced, count(*) AS held
     FROM persons e ${CASE_AND_CATEGORIES_SQL}
     GROUP BY 1, 2`,
    [...commonParameters(query), query.timeZone],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], unsentenced: Number(row.unsentenced), held: Number(row.held) }));
}
