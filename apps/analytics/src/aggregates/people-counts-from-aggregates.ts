import { EntityManager } from 'typeorm';
import { PersonCountRow, personCounts } from '../people/person-counts';
import { inWholeMonths } from './case-flow-from-aggregates';
import { PEOPLE_COLUMNS, PEOPLE_GRAINS } from './people-aggregates';

/** personCounts' query, and the zone the cube counts its months in (the jurisdiction's, the projection's). */
export type PersonCountsQuery = Parameters<typeof personCounts>[1] & { timeZone: string };

/**
 * The people counts as `personCounts` gives them, read from the cube the projection keeps
 * instead of every fact: the cells of the position in the periods' months, of the grain by
 * article when the persons are those of some articles only. Figures as of an earlier instant are
 * not kept in aggregates, nor periods that are not whole months of the zone one after the other
 * (a range of days): for those, this is personCounts.
 */
export async function personCountsFromAggregates(manager: EntityManager, query: PersonCountsQuery): Promise<PersonCountRow[]> {
  if (query.asOf || !query.periods.length || !inWholeMonths(query.periods, query.timeZone)) return personCounts(manager, query);
  const articles = query.only?.articles;
  const juvenile = query.only?.juvenile;
  const rows: { period: string; categories: string[]; value: string }[] = await manager.query(
    `WITH periods AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS p(code, starts, ends))
     SELECT p.code AS period, ARRAY[${query.by.map((breakdown) => `f.${PEOPLE_COLUMNS[breakdown]}`).join(', ')}]::text[] AS categories, sum(f.persons) AS value
     FROM periods p
     JOIN people_counts f ON f.position = $4 AND f.grain = $5 AND f.month >= p.starts AND f.month < p.ends
       AND ($6::text IS NULL OR f.region = $6) AND ($7::text[] IS NULL OR f.article = ANY($7)) AND ($8::text IS NULL OR f.juvenile = $8)
     GROUP BY 1, 2
     HAVING sum(f.persons) > 0`,
    [
      query.periods.map((period) => period.code),
      query.periods.map((period) => period.starts),
      query.periods.map((period) => period.ends),
      query.position,
      articles ? PEOPLE_GRAINS.byArticle : PEOPLE_GRAINS.anyArticle,
      query.region ?? null,
      articles ?? null,
      juvenile === undefined ? null : juvenile ? 'yes' : 'no',
    ],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], value: Number(row.value) }));
}
