import type { Reads } from '@icjims/persistence';
import { commonParameters, periodOfSql } from '../facts/facts-sql';
import { custodyLengths, EpisodeQuery, HeldRow, LengthRow, lengthDaysSql, lengthRow, personsHeld } from '../liberty/custody-episodes';
import { PersonBreakdown } from '../people/person-counts';
import { inWholeMonths } from './case-flow-from-aggregates';
import { LENGTH_COUNTED, lengthGrainFor } from './custody-aggregates';
import { histogramQuantilesSql } from './duration-from-aggregates';
import { MEASURE_BREAKDOWNS } from './liberty-aggregates';
import { PEOPLE_COLUMNS } from './people-aggregates';

/** The breakdowns the custody aggregate keeps, by column. */
const COLUMNS: Partial<Record<PersonBreakdown, string>> = Object.fromEntries(MEASURE_BREAKDOWNS.map((breakdown) => [breakdown, PEOPLE_COLUMNS[breakdown]]));

/**
 * The length quantiles as `custodyLengths` gives them, from the aggregate the projection keeps
 * instead of every liberty step of every person. Whole months of the zone, by breakdowns a grain
 * of the lengths cube keeps: the grain's histograms of whole days summed per period and categories
 * (CUBE: each total sums those it covers) and the quantile read off each (histogramQuantilesSql,
 * percentile_cont's arithmetic). Other periods (a range of days) and breakdowns: percentile_cont
 * over the lengths of the custody entries. As of an earlier instant, from the facts.
 */
export async function custodyLengthsFromAggregates(manager: Reads, query: EpisodeQuery & { quantile: number; timeZone: string }): Promise<LengthRow[]> {
  if (query.asOf || !query.periods.length || query.by.some((breakdown) => !COLUMNS[breakdown])) return custodyLengths(manager, query);
  const grain = lengthGrainFor(query.by, query.region !== undefined);
  if (grain >= 0 && inWholeMonths(query.periods, query.timeZone)) return lengthsFromCube(manager, query, grain);
  const groups = query.by.map((_breakdown, i) => `b${i}`);
  const [, codes, starts, ends, region] = commonParameters(query);
  const rows: { period: string; categories: (string | null)[]; days: number; episodes: string }[] = await manager.query(
    `WITH ended AS (
       SELECT ${periodOfSql('st.ended_at')} AS period, ${lengthDaysSql('st')} AS days
         ${query.by.map((breakdown, i) => `, st.${COLUMNS[breakdown]} AS b${i}`).join('')}
       FROM custody_entries st
       WHERE ${LENGTH_COUNTED} AND st.ended_at >= ($3::timestamptz[])[1] AND st.ended_at < ($4::timestamptz[])[cardinality($4::timestamptz[])]
         AND ($5::text IS NULL OR st.region = $5)
     )
     SELECT period, ARRAY[${groups.join(', ')}]::text[] AS categories, percentile_cont($1) WITHIN GROUP (ORDER BY days) AS days, count(*) AS episodes
     FROM ended WHERE period IS NOT NULL GROUP BY period${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
    [query.quantile, codes, starts, ends, region],
  );
  return rows.map(lengthRow);
}

/** The lengths of whole months from the grain `grain` of the lengths cube, each cell read once (its bucket among the periods' starts: they follow one another). */
async function lengthsFromCube(manager: Reads, query: EpisodeQuery & { quantile: number }, grain: number): Promise<LengthRow[]> {
  const categories = query.by.map((breakdown) => `f.${COLUMNS[breakdown]}`);
  const groups = query.by.map((_breakdown, i) => `b${i}`);
  const [, codes, starts, ends, region] = commonParameters(query);
  const rows: { period: string; categories: (string | null)[]; days: number; episodes: string }[] = await manager.query(
    `WITH cells AS (
       SELECT width_bucket(f.month, $2::timestamptz[]) AS period, ${categories.map((category, i) => `${category} AS b${i}, `).join('')}f.days, f.episodes
       FROM custody_length_counts f
       WHERE f.grain = $4 AND ($5::text IS NULL OR f.region = $5) AND f.episodes <> 0
         AND f.month >= ($2::timestamptz[])[1] AND f.month < ($3::timestamptz[])[cardinality($3::timestamptz[])]
     ), ${histogramQuantilesSql(groups, 'episodes', '$6')}
     SELECT ($1::text[])[period] AS period, categories, days, episodes FROM quantiles`,
    [codes, starts, ends, grain, region, query.quantile],
  );
  return rows.map(lengthRow);
}

/**
 * The persons held at the end of each period as `personsHeld` counts them, from the held cube the
 * projection keeps: the persons held at the start of a month are the sum of the cells of every
 * month before it (each stretch of a person held counts +1 in the month it begins and −1 in the
 * month it ends). Periods' ends are the starts of local months only for whole months; as of an
 * earlier instant, or for a range of days, from the facts.
 */
export async function personsHeldFromAggregates(manager: Reads, query: EpisodeQuery & { timeZone: string }): Promise<HeldRow[]> {
  if (query.asOf || !query.periods.length || !inWholeMonths(query.periods, query.timeZone) || query.by.some((breakdown) => !COLUMNS[breakdown])) {
    return personsHeld(manager, query);
  }
  const [, codes, , ends, region] = commonParameters(query);
  // A cell counts for the periods ending after its month: its bucket among the periods' ends (ascending) is below theirs.
  const rows: { period: string; categories: string[]; unsentenced: number; held: number }[] = await manager.query(
    `WITH cells AS (
       SELECT width_bucket(f.month, $2::timestamptz[]) AS i, ARRAY[${query.by.map((breakdown) => `f.${COLUMNS[breakdown]}`).join(', ')}]::text[] AS categories,
         coalesce(sum(f.persons) FILTER (WHERE f.unsentenced), 0) AS unsentenced, sum(f.persons) AS held
       FROM custody_held_counts f
       WHERE f.month < ($2::timestamptz[])[cardinality($2::timestamptz[])] AND ($3::text IS NULL OR f.region = $3) AND f.persons <> 0
       GROUP BY 1, 2
     )
     SELECT ($1::text[])[k] AS period, c.categories, sum(c.unsentenced)::int AS unsentenced, sum(c.held)::int AS held
     FROM generate_subscripts($2::timestamptz[], 1) AS k JOIN cells c ON c.i < k
     GROUP BY 1, 2 HAVING sum(c.held) > 0`,
    [codes, ends, region],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], unsentenced: Number(row.unsentenced), held: Number(row.held) }));
}
