import type { Reads } from '@icjims/persistence';
import { commonParameters } from '../facts/facts-sql';
import { deadlineBreaches, personsBreaching } from '../liberty/deadline-breaches';
import { MeasureBreakdown, MeasureRow, measuresApplied, MeasuresQuery } from '../liberty/measures-applied';
import { inWholeMonths } from './case-flow-from-aggregates';
import { BREACH_GRAINS, MEASURE_BREAKDOWNS } from './liberty-aggregates';
import { PEOPLE_COLUMNS } from './people-aggregates';

const COLUMNS: Partial<Record<MeasureBreakdown, string>> = {
  measure: 'measure',
  ...Object.fromEntries(MEASURE_BREAKDOWNS.map((breakdown) => [breakdown, PEOPLE_COLUMNS[breakdown]])),
};

/**
 * The measures given as `measuresApplied` gives them, read from the cube the projection keeps
 * instead of every fact: each entry counts once, so a period's figure is the sum of its months.
 * Figures as of an earlier instant are not kept in aggregates, nor periods that are not whole
 * months of the zone one after the other (a range of days): for those, this is measuresApplied.
 */
export async function measuresFromAggregates(manager: Reads, query: MeasuresQuery & { timeZone: string }): Promise<MeasureRow[]> {
  if (query.asOf || !query.periods.length || !inWholeMonths(query.periods, query.timeZone) || query.by.some((breakdown) => !COLUMNS[breakdown])) {
    return measuresApplied(manager, query);
  }
  const rows: { period: string; categories: string[]; applied: string; non_custodial: string }[] = await manager.query(
    `SELECT ($1::text[])[width_bucket(f.month, $2::timestamptz[])] AS period, ARRAY[${query.by.map((breakdown) => `f.${COLUMNS[breakdown]}`).join(', ')}]::text[] AS categories,
       sum(f.persons) AS applied, coalesce(sum(f.persons) FILTER (WHERE f.measure <> 'unknown' AND NOT f.measure = ANY($5::text[])), 0) AS non_custodial
     FROM liberty_measure_counts f
     WHERE f.month >= ($2::timestamptz[])[1] AND f.month < ($3::timestamptz[])[cardinality($3::timestamptz[])] AND f.month < ($3::timestamptz[])[width_bucket(f.month, $2::timestamptz[])] AND ($4::text IS NULL OR f.region = $4)
     GROUP BY 1, 2
     HAVING sum(f.persons) > 0`,
    [...periodParameters(query.periods), query.region ?? null, query.custody],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], all: Number(row.applied), nonCustodial: Number(row.non_custodial) }));
}

/** The periods' codes, starts and ends, by start: a row's period is its bucket among the starts, if it falls before that period's end. */
function periodParameters(periods: MeasuresQuery['periods']): unknown[] {
  const sorted = [...periods].sort((a, b) => a.starts.getTime() - b.starts.getTime());
  return [sorted.map((period) => period.code), sorted.map((period) => period.starts), sorted.map((period) => period.ends)];
}

/**
 * The breaches as `deadlineBreaches` counts them: for periods of whole months of the zone one after
 * the other, the sum of their months in the cube of the breaches the projection keeps; for any
 * other periods, from the breach entries (each breach in force with its case's region) instead of
 * joining every breach to its case; as of an earlier instant, from the facts.
 */
export async function breachesFromAggregates(manager: Reads, query: Parameters<typeof deadlineBreaches>[1] & { timeZone: string }): Promise<{ key: string[]; value: number }[]> {
  if (query.asOf) return deadlineBreaches(manager, query);
  const categories = (alias: string) => `ARRAY[${[...(query.byRegion ? [`${alias}.region`] : []), ...(query.byRule ? [`${alias}.rule`] : [])].join(', ')}]::text[]`;
  const rows: { period: string; categories: string[]; value: string }[] =
    query.periods.length && inWholeMonths(query.periods, query.timeZone)
      ? await manager.query(
          `SELECT ($1::text[])[width_bucket(f.month, $2::timestamptz[])] AS period, ${categories('f')} AS categories, sum(f.breaches) AS value
           FROM liberty_breach_counts f
           WHERE f.month >= ($2::timestamptz[])[1] AND f.month < ($3::timestamptz[])[cardinality($3::timestamptz[])] AND ($4::text IS NULL OR f.region = $4)
           GROUP BY 1, 2
           HAVING sum(f.breaches) > 0`,
          [...periodParameters(query.periods), query.region ?? null],
        )
      : await manager.query(
          `SELECT ($1::text[])[width_bucket(b.due_at, $2::timestamptz[])] AS period, ${categories('b')} AS categories, count(*) AS value
           FROM liberty_breach_entries b
           WHERE b.due_at >= ($2::timestamptz[])[1] AND b.due_at < ($3::timestamptz[])[cardinality($3::timestamptz[])] AND b.due_at < ($3::timestamptz[])[width_bucket(b.due_at, $2::timestamptz[])] AND ($4::text IS NULL OR b.region = $4)
           GROUP BY 1, 2`,
          [...periodParameters(query.periods), query.region ?? null],
        );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}

/**
 * The persons breaching as `personsBreaching` counts them (once per case and period, under the
 * categories of their first breach there), from the cube of the persons breaching when the periods
 * are whole months of the zone one after the other and one rule is asked for: the cells of the
 * first grain that keeps the breakdowns, in the periods' months, whose person's breach of the rule
 * before fell in an earlier period (each cell given its period by bisection). For several rules (a
 * person counts once across them) or other periods, from the breach entries: those of the rules,
 * due within the periods, read by the index of migration 1763900000490 (rule, due time and what is
 * counted), the first per case and person in each period kept. As of an earlier instant, from the facts.
 */
export async function personsBreachingFromAggregates(
  manager: Reads,
  query: Parameters<typeof personsBreaching>[1] & { timeZone: string },
): Promise<{ key: string[]; value: number }[]> {
  if (query.asOf || query.by.some((breakdown) => !COLUMNS[breakdown])) return personsBreaching(manager, query);
  const [, codes, starts, ends, region] = commonParameters(query);
  const grain = BREACH_GRAINS.findIndex((kept) => query.by.every((breakdown) => (kept as readonly string[]).includes(breakdown)));
  const categories = (alias: string) => `ARRAY[${query.by.map((breakdown) => `${alias}.${COLUMNS[breakdown]}`).join(', ')}]::text[]`;
  const rows: { period: string; categories: string[]; value: string }[] =
    query.rules.length === 1 && query.periods.length && inWholeMonths(query.periods, query.timeZone)
      ? await manager.query(
          `SELECT ($2::text[])[width_bucket(f.month, $3::timestamptz[])] AS period, ${categories('f')} AS categories, sum(f.persons) AS value
           FROM liberty_breach_person_counts f
           WHERE f.grain = $6 AND f.rule = $1 AND ($5::text IS NULL OR f.region = $5)
             AND f.month >= ($3::timestamptz[])[1] AND f.month < ($4::timestamptz[])[cardinality($4::timestamptz[])]
             AND f.previous_month < ($3::timestamptz[])[width_bucket(f.month, $3::timestamptz[])]
           GROUP BY 1, 2
           HAVING sum(f.persons) > 0`,
          [query.rules[0], codes, starts, ends, region, grain],
        )
      : await manager.query(
          `WITH breaching AS (
             SELECT DISTINCT ON (bucket, b.case_id, b.person_id) width_bucket(b.due_at, $3::timestamptz[]) AS bucket, b.due_at${query.by.map((breakdown) => `, b.${COLUMNS[breakdown]}`).join('')}
             FROM liberty_breach_entries b
             WHERE b.rule = ANY($1::text[]) AND b.person_id IS NOT NULL AND ($5::text IS NULL OR b.region = $5)
               AND b.due_at >= ($3::timestamptz[])[1] AND b.due_at < ($4::timestamptz[])[cardinality($4::timestamptz[])]
             ORDER BY bucket, b.case_id, b.person_id, b.due_at, b.recorded_as
           )
           SELECT ($2::text[])[bucket] AS period, ${categories('b')} AS categories, count(*) AS value
           FROM breaching b WHERE b.due_at < ($4::timestamptz[])[bucket] GROUP BY 1, 2`,
          [query.rules, codes, starts, ends, region],
        );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}
