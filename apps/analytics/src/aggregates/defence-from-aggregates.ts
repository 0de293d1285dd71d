import type { Reads } from '@icjims/persistence';
import { defenceAtMilestone } from '../defence/defence-at-milestones';
import { inWholeMonths } from './case-flow-from-aggregates';
import { DEFENCE_BREAKDOWNS, DEFENCE_GRAINS } from './defence-aggregates';
import { PEOPLE_COLUMNS } from './people-aggregates';

/** defenceAtMilestone's query, and the zone the cube counts its months in (the jurisdiction's, the projection's). */
export type DefenceQuery = Parameters<typeof defenceAtMilestone>[1] & { timeZone: string };

/**
 * The persons at a milestone and those defended, as `defenceAtMilestone` gives them, read from the
 * cube the projection keeps instead of every fact: each person counts once per case and milestone,
 * so a period's figure is the sum of its months, read at the grain of the region alone when no
 * person's category is asked for. Figures as of an earlier instant are not kept in
 * aggregates, nor periods that are not whole months of the zone one after the other (a range of
 * days): for those, this is defenceAtMilestone.
 */
export async function defenceFromAggregates(manager: Reads, query: DefenceQuery): Promise<Awaited<ReturnType<typeof defenceAtMilestone>>> {
  const kept: readonly string[] = DEFENCE_BREAKDOWNS;
  if (query.asOf || !query.periods.length || !inWholeMonths(query.periods, query.timeZone) || query.by.some((breakdown) => !kept.includes(breakdown))) {
    return defenceAtMilestone(manager, query);
  }
  const columns = query.by.map((breakdown) => `f.${PEOPLE_COLUMNS[breakdown]}`);
  // Grouped by the columns, the array of categories built once per row out (not once per cell read).
  const rows: { period: string; categories: string[]; defended: string; persons: string }[] = await manager.query(
    `WITH periods AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS p(code, starts, ends))
     SELECT p.code AS period, ARRAY[${columns.join(', ')}]::text[] AS categories, sum(f.persons * f.defended::int) AS defended, sum(f.persons) AS persons
     FROM periods p
     JOIN defence_counts f ON f.milestone = $4 AND f.grain = $6 AND f.month >= p.starts AND f.month < p.ends AND ($5::text IS NULL OR f.region = $5)
     GROUP BY ${['p.code', ...columns].join(', ')}
     HAVING sum(f.persons) > 0`,
    [
      query.periods.map((period) => period.code),
      query.periods.map((period) => period.starts),
      query.periods.map((period) => period.ends),
      query.milestone,
      query.region ?? null,
      query.by.every((breakdown) => breakdown === 'region') ? DEFENCE_GRAINS.region : DEFENCE_GRAINS.persons,
    ],
  );
  return rows.map((row) => ({ key: [row.period, ...row.categories], defended: Number(row.defended), persons: Number(row.persons) }));
}
