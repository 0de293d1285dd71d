import { DataSource } from 'typeorm';
import { createUniqueDatabase } from '@icjims/persistence';
import { seededRandom } from './aggregates.fixtures';
import { BLOCK_BITS } from './duration-aggregates';
import { BlockCellSet, groupingSets, histogramQuantilesFromBlocksSql, histogramQuantilesSql } from './duration-from-aggregates';

/** A histogram cell: the period, two categories, whole days and how many counted them. */
type Cell = [period: number, b0: string, b1: string, days: number, count: number];

interface Quantile {
  period: number;
  categories: (string | null)[];
  count: number;
  days: number;
}

/**
 * histogramQuantilesSql against percentile_cont itself, over the same cells unfolded into one row
 * per case, in PostgreSQL: histograms where a position falls on either side of a block's edge
 * (the last day of a block and the first of the next), where the two positions fall in different
 * blocks (an even count, interpolated across a block edge), groups of one case, days far apart
 * (blocks with nothing between them), negative days, every quantile from 0 to 1, with and without
 * categories (CUBE's totals); then random histograms by the thousand. Both ways of reading the
 * counts: every day cell (histogramQuantilesSql), and blocks per set of CUBE's, each with its
 * counts by day, then those of the blocks that hold a position unfolded into their days
 * (histogramQuantilesFromBlocksSql, as the duration cube is read).
 */
describe('histogramQuantilesSql', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    // The same database createTestDatabase (libs/testing) gives a suite: no service, no tables, only SQL.
    dataSource = new DataSource({ type: 'postgres', url: await createUniqueDatabase(process.env.TEST_POSTGRES_URL, 'duration_quantiles') });
    await dataSource.initialize();
  });
  afterAll(() => dataSource?.destroy());

  const cellsSql = `cells AS (SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[]) AS c(period, b0, b1, days, cases))`;
  const columns = (cells: readonly Cell[]) => [0, 1, 2, 3, 4].map((i) => cells.map((cell) => cell[i]));

  /** The quantiles read off the histograms, by `groups` of the two categories: from every day cell, or from the blocks and the day cells of those asked for. */
  async function fromHistograms(cells: readonly Cell[], groups: string[], quantile: number, byBlocks = false): Promise<Quantile[]> {
    const sql = byBlocks ? `${cellsSql}, ${blocksSql}, ${histogramQuantilesFromBlocksSql(blockCellSets(groups), groups, 'cases', 'cases_by_day', '$6')}` : `${cellsSql}, ${histogramQuantilesSql(groups, 'cases', '$6')}`;
    const rows: Quantile[] = await dataSource.query(`WITH ${sql} SELECT period, categories, cases AS count, days FROM quantiles`, [...columns(cells), quantile]);
    return sorted(rows.map((row) => ({ ...row, count: Number(row.count) })));
  }

  /**
   * The cells summed by block (the sums a block cube keeps), each with its counts by day as the
   * cube holds them: every day of the block in order from its first, zeros kept (here from a row
   * per day of each block and both categories, not as the cube sums them).
   */
  const blocksSql = `block_days AS (
       SELECT k.period, k.b0, k.b1, k.block, day, coalesce(sum(c.cases), 0)::int AS cases
       FROM (SELECT DISTINCT period, b0, b1, days >> ${BLOCK_BITS} AS block FROM cells) k
       CROSS JOIN generate_series(0, ${2 ** BLOCK_BITS - 1}) AS day
       LEFT JOIN cells c ON c.period = k.period AND c.b0 = k.b0 AND c.b1 = k.b1 AND c.days = k.block * ${2 ** BLOCK_BITS} + day
       GROUP BY k.period, k.b0, k.b1, k.block, day
     ), blocks AS (
       SELECT period, b0, b1, block, sum(cases)::int AS cases, array_agg(cases ORDER BY day) AS cases_by_day FROM block_days GROUP BY period, b0, b1, block
     )`;

  /**
   * Each set of CUBE's reads the blocks of both categories: a set keeping both has one cell per
   * period, categories and block; one keeping fewer has peers, the cells of the categories it sums
   * over (as a set summing over a grain's categories, or the months of a longer period, does).
   */
  const blockCellSets = (groups: readonly string[]): BlockCellSet[] =>
    groupingSets(groups).map((set) => ({
      ...set,
      cells: `SELECT period, ${set.kept.map((group) => `${group}, `).join('')}block, cases, cases_by_day FROM blocks`,
      peers: ['b0', 'b1'].some((group) => !set.kept.includes(group)),
    }));

  /** The same by percentile_cont over one row per case. */
  async function reference(cells: readonly Cell[], groups: string[], quantile: number): Promise<Quantile[]> {
    const rows: Quantile[] = await dataSource.query(
      `WITH ${cellsSql}
       SELECT period, ARRAY[${groups.join(', ')}]::text[] AS categories, count(*) AS count, percentile_cont($6) WITHIN GROUP (ORDER BY days) AS days
       FROM cells CROSS JOIN generate_series(1, cases)
       GROUP BY period${groups.length ? `, CUBE(${groups.join(', ')})` : ''}`,
      [...columns(cells), quantile],
    );
    return sorted(rows.map((row) => ({ ...row, count: Number(row.count) })));
  }

  const sorted = (rows: Quantile[]) => rows.sort((a, b) => JSON.stringify([a.period, a.categories]).localeCompare(JSON.stringify([b.period, b.categories])));
  const QUANTILES = [0, 0.1, 0.25, 0.5, 0.9, 0.99, 1];
  const GROUPINGS = [[], ['b0'], ['b0', 'b1']];

  async function expectSame(cells: readonly Cell[], quantiles = QUANTILES): Promise<number> {
    let rows = 0;
    for (const groups of GROUPINGS) {
      for (const quantile of quantiles) {
        const expected = await reference(cells, groups, quantile);
        for (const byBlocks of [false, true]) {
          expect({ groups, quantile, byBlocks, rows: await fromHistograms(cells, groups, quantile, byBlocks) }).toEqual({ groups, quantile, byBlocks, rows: expected });
        }
        rows += expected.length;
      }
    }
    return rows;
  }

  it('gives percentile_cont on either side of a block edge, across it, for one case and for days far apart', async () => {
    // Blocks are 16 days (BLOCK_BITS = 4): days 15 and 16, 31 and 32 lie either side of an edge.
    const cells: Cell[] = [
      // Period 1, a: an even count whose two middle cases lie either side of the edge 15 | 16 (median 15.5).
      [1, 'a', 'x', 14, 2], [1, 'a', 'x', 15, 1], [1, 'a', 'y', 16, 1], [1, 'a', 'y', 17, 2],
      // Period 1, b: one case (every quantile is its days), and one on the first day of a block.
      [1, 'b', 'x', 32, 1],
      // Period 1, c: the median's two positions in one cell on the last day of a block, the 90th percentile's across blocks far apart.
      [1, 'c', 'x', 31, 5], [1, 'c', 'y', 0, 2], [1, 'c', 'y', 1000, 3], [1, 'c', 'x', 4000, 1],
      // Period 2: negative days (a block is the floor of days ÷ 16: −1 and 0 are in different blocks), and two cases an edge apart.
      [2, 'a', 'x', -17, 1], [2, 'a', 'x', -1, 2], [2, 'a', 'y', 0, 2], [2, 'a', 'y', 3, 1],
      // Period 2, e: a negative block of several days, from its first (−16) to its last (−1), the median on each of them by category.
      [2, 'e', 'x', -16, 3], [2, 'e', 'x', -9, 1], [2, 'e', 'y', -1, 3], [2, 'e', 'y', -12, 1],
      [2, 'd', 'x', 47, 1], [2, 'd', 'x', 48, 1],
      // Period 3: a large count on one day beside single cases.
      [3, 'a', 'x', 15, 100_000], [3, 'a', 'y', 16, 1], [3, 'b', 'y', 0, 1],
    ];
    expect(await expectSame(cells, [...QUANTILES, 0.3, 0.75])).toBeGreaterThan(100);
    // What the edge cases come to, spelled out: the median of a across the edge, the one case of b, d's two cases interpolated.
    const medians = await fromHistograms(cells, ['b0'], 0.5, true);
    const median = (period: number, b0: string | null) => medians.find((row) => row.period === period && row.categories[0] === b0);
    expect(median(1, 'a')).toEqual({ period: 1, categories: ['a'], count: 6, days: 15.5 });
    expect(median(1, 'b')).toEqual({ period: 1, categories: ['b'], count: 1, days: 32 });
    expect(median(1, 'c')?.days).toBe(31);
    expect(median(2, 'a')).toEqual({ period: 2, categories: ['a'], count: 6, days: -0.5 });
    expect(median(2, 'd')?.days).toBe(47.5);
    const byBoth = await fromHistograms(cells, ['b0', 'b1'], 0.5, true);
    const both = (b0: string, b1: string) => byBoth.find((row) => row.period === 2 && row.categories[0] === b0 && row.categories[1] === b1)?.days;
    expect([median(2, 'e')?.days, both('e', 'x'), both('e', 'y')]).toEqual([-10.5, -16, -1]);
  });

  it('gives percentile_cont for random histograms: every quantile, with the totals over each category', async () => {
    const next = seededRandom(9);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
    let rows = 0;
    for (let round = 0; round < 6; round++) {
      // Narrow ranges around block edges (many positions on an edge), and wide sparse ones.
      const [low, width] = pick([[0, 40], [10, 12], [28, 8], [-40, 80], [0, 2000]] as const);
      // Cells may repeat a period, categories and days (the months of a quarter, the districts of a region by agency).
      const cells = Array.from({ length: 400 }, (): Cell => [
        1 + Math.floor(next() * 3), pick(['a', 'b', 'c', 'd']), pick(['x', 'y']), low + Math.floor(next() * width), next() < 0.8 ? 1 : 1 + Math.floor(next() * 20),
      ]);
      rows += await expectSame(cells, [...QUANTILES, next()]);
    }
    expect(rows).toBeGreaterThan(1000);
  }, 120_000);
});
