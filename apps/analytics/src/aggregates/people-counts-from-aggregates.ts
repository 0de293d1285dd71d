import type { Reads } from '@icjims/persistence';
import { PersonCountRow, personCounts } from '../people/person-counts';
import { inWholeMonths } from './case-flow-from-aggregates';
import { PEOPLE_COLUMNS, peopleGrainFor } from './people-aggregates';

/** personCounts' query, and the zone the cube counts its months in (the jurisdiction's, the projection's). */
export type PersonCountsQuery = Parameters<typeof personCounts>[1] & { timeZone: string };

/**
 * The people counts as `personCounts` gives them, read from the cube the projection keeps
 * instead of every fact: the cells of the position in the periods' months, of the smallest grain
 * that keeps the breakdowns asked for (and the juvenile filter, the region of a regional table, and
 * the article when the persons are those of some articles only). Figures as of an earlier instant are not kept in aggregates,
 * nor periods that are not whole months of the zone one after the other (a range of days), nor
 * breakdowns no grain keeps together: for those, this is personCounts.
 */
export async function personCountsFromAggregates(manager: Reads, query: PersonCountsQuery): Promise<PersonCountRow[]> {
  const articles = query.only?.articles;
  const juvenile = query.only?.juvenile;
  const grain = peopleGrainFor([...query.by, ...(juvenile === undefined ? [] : ['juvenile' as const]), ...(query.region === undefined ? [] : ['region' as const])], articles !== undefined);
  if (grain < 0 || query.asOf || !query.periods.length || !inWholeMonths(query.periods, query.timeZone)) return personCounts(manager, query);
  // Each cell is read once: the period it falls in is its bucket among the periods' starts (they follow one another).
  // The juvenile filter counts in the sum, not in WHERE: there the planner takes it for so selective that it scans the whole cube.
  // The categories come as columns of their own: an array column is parsed character by character, the largest share of what a table allocates.
  const categories = query.by.map((breakdown, i) => `f.${PEOPLE_COLUMNS[breakdown]} AS c${i}`);
  const rows: ({ period: string; value: string } & Record<string, string>)[] = await manager.query(
    `SELECT ($1::text[])[width_bucket(f.month, $2::timestamptz[])] AS period, ${categories.map((column) => `${column}, `).join('')}sum(f.persons) FILTER (WHERE $8::text IS NULL OR f.juvenile = $8) AS value
     FROM people_counts f
     WHERE f.position = $4 AND f.grain = $5 AND f.article = ANY(coalesce($7::text[], ARRAY['']))
       AND f.month >= ($2::timestamptz[])[1] AND f.month < ($3::timestamptz[])[cardinality($3::timestamptz[])]
       AND ($6::text IS NULL OR f.region = $6)
     GROUP BY ${['1', ...categories.map((_column, i) => String(i + 2))].join(', ')}
     HAVING sum(f.persons) FILTER (WHERE $8::text IS NULL OR f.juvenile = $8) > 0`,
    [
      query.periods.map((period) => period.code),
      query.periods.map((period) => period.starts),
      query.periods.map((period) => period.ends),
      query.position,
      grain,
      query.region ?? null,
      articles ?? null,
      juvenile === undefined ? null : juvenile ? 'yes' : 'no',
    ],
  );
  return rows.map((row) => ({ key: [row.period, ...categories.map((_column, i) => row[`c${i}`])], value: Number(row.value) }));
}
