import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseRegisteredV1, CloudEvent, StepRecordedV1 } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { serviceSessionOptions } from '@icjims/persistence';
import { http, publishEvents } from '@icjims/testing';
import { caseRegistered, cellsOfTable, stepCorrected, stepRecorded } from '../analytics.fixtures';
import { caseDurations, SPANS } from '../flow/case-durations';
import { CaseBreakdown } from '../flow/case-flow';
import { StatisticalTable, TOTAL } from '../tables/statistical-table';
import { DurationDaysInBlocks1763900000560 } from '../migrations/1763900000560-duration-days-in-blocks';
import { BLOCK_BITS, DURATION_BLOCK_KEY } from './duration-aggregates';
import { CATEGORIES, position } from './flow-grains';
import { caseDurationsFromAggregates, DurationsQuery } from './duration-from-aggregates';
import { rebuildAggregates } from './rebuild';
import { seededRandom, sortedByKey, useAggregates } from './aggregates.fixtures';

/**
 * The duration aggregates against the reference: random caseloads go through the analytics
 * service's projection (suspensions and resumptions, spans ending on a month's first instant,
 * corrections that annul a step or move it to another month, steps before their case and
 * redelivery); after each batch a rebuild from the facts finds nothing to change, and after each
 * caseload the histograms give exactly the quantiles caseDurations computes from the facts, for
 * every span, several quantiles, period lengths, breakdowns (with CUBE totals) and regions — and
 * the same after a rebuild: the block cube's counts by day, which the refresh moves entry by
 * entry, are those a rebuild writes.
 */
describe('duration aggregates', () => {
  const suite = useAggregates();
  const { spans, check } = suite;


  /**
   * Every combination asked of both (the median and 90th percentile of each span by every period
   * length, breakdown and region; the extremes and a quartile by month); returns how many rows
   * each span's quantiles agreed on.
   */
  async function expectSameAsReference(): Promise<Record<string, number>> {
    const months = spans('2018-01', '2021-12', 'month');
    const quarters = spans('2018-Q1', '2021-Q4', 'quarter');
    // Every other month or quarter, as a table is read in two parts: the months between are no period's.
    const everyOther = <T>(periods: T[], first: number) => periods.filter((_period, i) => i % 2 === first);
    const periodSets = [months, spans('2019-04', '2019-09', 'month'), quarters, spans('2017', '2022', 'year'), everyOther(months, 0), everyOther(quarters, 1)];
    const breakdowns: CaseBreakdown[][] = [[], ['region'], ['iccsSection'], ['district', 'agency'], ['article', 'region'], ['region', 'district', 'agency', 'iccsSection', 'article']];
    const asks = [
      ...[0.5, 0.9].flatMap((quantile) => periodSets.map((periods) => ({ quantile, periods }))),
      ...[0, 0.25, 1].map((quantile) => ({ quantile, periods: months })),
    ];
    const rows: Record<string, number> = {};
    for (const span of SPANS) {
      rows[span] = 0;
      for (const { quantile, periods } of asks) {
        for (const by of breakdowns) {
          for (const region of [undefined, 'KG-GB']) {
            const query: DurationsQuery = { span, quantile, periods, by, region, timeZone: suite.jurisdiction.timeZone };
            const reference = sortedByKey(await caseDurations(suite.dataSource.manager, query));
            const asked = { span, quantile, periods: `${periods[0].code} (${periods.length})`, by, region };
            expect({ asked, rows: sortedByKey(await caseDurationsFromAggregates(suite.dataSource.manager, query)) }).toEqual({ asked, rows: reference });
            rows[span] += reference.length;
          }
        }
      }
    }
    return rows;
  }

  it('gives exactly the reference quantiles after each caseload, and a rebuild agrees after every batch', async () => {
    for (const seed of [1, 2, 3]) {
      for (const batch of caseload(seed, suite.jurisdiction)) {
        await publishEvents(suite.services.bus, ...batch);
        expect(await check()).toEqual({});
        // Every event applied (none refused: the comparison covers them all).
        expect(await suite.dataSource.query(`SELECT value FROM outbox WHERE event_type = 'dead-letter'`)).toEqual([]);
      }
      expect(Math.min(...Object.values(await expectSameAsReference()))).toBeGreaterThan(1000);
    }
    // Totals over the categories are quantiles over the union, read off the summed histograms.
    const national = await caseDurationsFromAggregates(suite.dataSource.manager, {
      span: 'registration_to_final_decision', quantile: 0.5, periods: spans('2017', '2022', 'year'), by: ['region'], timeZone: suite.jurisdiction.timeZone,
    });
    expect(national.filter((row) => row.key[1] === TOTAL).length).toBeGreaterThan(0);
    const rebuilt = await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(rebuilt.rows.duration_case_spans).toBeGreaterThan(100);
    await expectSameAsReference();
    expect(await check()).toEqual({});
  }, 600_000);

  it('finds a span or a block cell that disagrees with the facts, in its block or in one day of it, and a rebuild puts it right', async () => {
    const cell = (offset: number) => `(${DURATION_BLOCK_KEY.join(', ')}) = (SELECT ${DURATION_BLOCK_KEY.join(', ')} FROM duration_block_counts WHERE cases > 0 ORDER BY ${DURATION_BLOCK_KEY.join(', ')} OFFSET ${offset} LIMIT 1)`;
    // A case moved from one day of a block to the next (its total the same), and a cell moved to another block.
    await suite.dataSource.query(`UPDATE duration_block_counts SET cases_by_day[1] = cases_by_day[1] + 1, cases_by_day[2] = cases_by_day[2] - 1 WHERE ${cell(0)}`);
    await suite.dataSource.query(`UPDATE duration_block_counts SET block = block + 1000 WHERE ${cell(1)}`);
    // Two different spans, by key: the updated row's new version may lie anywhere, so physical order could pick it twice.
    const span = (offset: number) => `(case_id, span) = (SELECT case_id, span FROM duration_case_spans ORDER BY case_id, span OFFSET ${offset} LIMIT 1)`;
    await suite.dataSource.query(`DELETE FROM duration_case_spans WHERE ${span(1)}`);
    await suite.dataSource.query(`UPDATE duration_case_spans SET days = days + 1 WHERE ${span(0)}`);
    // The changed span counts both ways (held and rebuilt differ), the dropped one once; each cell twice.
    expect(await check()).toEqual({ duration_case_spans: 3, duration_block_counts: 4 });
    await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(await check()).toEqual({});
  }, 60_000);

  it('is what the duration tables read (as of an instant, and over a range of days, the facts)', async () => {
    const analyst = await suite.services.tokenFor('analyst');
    const registered = caseRegistered({ region: 'KG-O', registeredAt: '2016-03-01T03:00:00Z', receivedAt: '2016-03-01T03:00:00Z' });
    const indicted = stepRecorded({ caseId: registered.data.caseId, region: 'KG-O', stepType: 'indictment', occurredAt: '2016-03-13T04:00:00Z', recordedAt: '2016-03-13T05:00:00Z' });
    await publishEvents(suite.services.bus, registered, indicted);
    const median = async (query: string) => {
      const response = await http<StatisticalTable>('GET', `${suite.services.urls.analytics}/api/v1/indicators/duration_registration_to_indictment_median/table?region=KG-O${query}`, { token: analyst });
      expect(response.status).toBe(200);
      return cellsOfTable(response.body);
    };
    // 12 days and an hour: 12 whole days. One case is below the minimum denominator: withheld.
    expect(await median('&from=2016-03&to=2016-03')).toEqual({ '2016-03': 'small-denominator' });
    // A block cell added by hand, 30 cases of 40 days (block 2, its 9th day): the table follows it; as of an instant and for a range of days the facts answer.
    const march = suite.jurisdiction.zonedInstant('2016-03-01T00:00');
    const byDay = Array.from({ length: 2 ** BLOCK_BITS }, (_unused, day) => (day === 40 - (2 << BLOCK_BITS) ? 30 : 0));
    await suite.dataSource.query(
      `INSERT INTO duration_block_counts (span, grain, month, region, district, agency, iccs_section, article, block, cases, cases_by_day)
       VALUES ('registration_to_indictment', 0, $1, 'KG-O', '', '', '', '', 40 >> $2, 30, $3)`,
      [march, BLOCK_BITS, byDay],
    );
    expect(await median('&from=2016-03&to=2016-03')).toEqual({ '2016-03': 40 });
    expect(await median(`&from=2016-03&to=2016-03&asOf=${new Date(Date.now() - 1000).toISOString()}`)).toEqual({ '2016-03': 'small-denominator' });
    expect(Object.values(await median('&period=range&from=2016-03-02&to=2016-03-31'))).toEqual(['small-denominator']);
    await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(await median('&from=2016-03&to=2016-03')).toEqual({ '2016-03': 'small-denominator' });
  });

  it('migrates the cube down to the histogram cube by day (left out of rebuilds until migrated up) and up again, refilled from the facts', async () => {
    // As the tables' owner, who migrates them.
    const owner = new DataSource({ type: 'postgres', url: suite.services.databaseUrl, extra: { max: 1, options: serviceSessionOptions('analytics', 'owner') } });
    await owner.initialize();
    const runner = owner.createQueryRunner();
    try {
      const key = DURATION_BLOCK_KEY.join(', ');
      const blocks = () => runner.query(`SELECT ${key}, cases, cases_by_day FROM duration_block_counts ORDER BY ${key}`);
      const held = await blocks();
      expect(held.length).toBeGreaterThan(100);
      const migration = new DurationDaysInBlocks1763900000560();
      await migration.down(runner);
      // Each day in its block: the day cells summed by block are the blocks' totals.
      const byBlock = `SELECT span, grain, month, ${CATEGORIES.join(', ')}, days >> ${BLOCK_BITS} AS block, sum(cases)::int AS cases FROM duration_counts GROUP BY ${position(DURATION_BLOCK_KEY)} ORDER BY ${position(DURATION_BLOCK_KEY)}`;
      expect(await runner.query(byBlock)).toEqual(held.map(({ cases_by_day: _days, ...cell }: Record<string, unknown>) => cell));
      const rebuilt = await rebuildAggregates(runner.manager, { timeZone: suite.jurisdiction.timeZone, check: true });
      expect(Object.keys(rebuilt.rows).filter((table) => table.startsWith('duration_'))).toEqual([]);
      expect(rebuilt.rows.flow_counts).toBeGreaterThan(0);
      await migration.up(runner);
      expect(await blocks()).toEqual(held);
    } finally {
      await runner.release();
      await owner.destroy();
    }
    expect(await check()).toEqual({});
  });

  it('gives the reference where a quantile lies on a block edge (16 days), across one, and over one case, with and without a region', async () => {
    const dayMs = 86_400_000;
    // Spans ending in 2015 (no other test's): each case indicted at `at`, `days` whole days and an hour after its registration.
    const indicted = (region: string, at: string, days: number) => {
      const registeredAt = new Date(Date.parse(at) - days * dayMs - 3_600_000).toISOString();
      const registered = caseRegistered({ region, registeredAt, receivedAt: registeredAt });
      return [registered, stepRecorded({ caseId: registered.data.caseId, region, stepType: 'indictment', occurredAt: at, recordedAt: at })];
    };
    await publishEvents(
      suite.services.bus,
      // January, KG-B: an even count whose middle cases lie either side of the edge 15 | 16; KG-T: one case, on a block's first day.
      ...[14, 15, 16, 17].flatMap((days) => indicted('KG-B', '2015-01-20T03:00:00Z', days)),
      ...indicted('KG-T', '2015-01-20T03:00:00Z', 16),
      // February, KG-B: the median's two positions in one day, the last of a block; a case far away.
      ...[31, 31, 31, 2, 200].flatMap((days) => indicted('KG-B', '2015-02-20T03:00:00Z', days)),
    );
    const months = spans('2015-01', '2015-03', 'month');
    const ask = async (query: Omit<DurationsQuery, 'span' | 'timeZone'>) => {
      const full: DurationsQuery = { ...query, span: 'registration_to_indictment', timeZone: suite.jurisdiction.timeZone };
      const rows = sortedByKey(await caseDurationsFromAggregates(suite.dataSource.manager, full));
      expect({ query, rows }).toEqual({ query, rows: sortedByKey(await caseDurations(suite.dataSource.manager, full)) });
      return rows;
    };
    for (const quantile of [0, 0.1, 0.5, 0.9, 1]) {
      for (const periods of [months, spans('2015-Q1', '2015-Q1', 'quarter')]) {
        for (const by of [[], ['region']] as CaseBreakdown[][]) {
          for (const region of [undefined, 'KG-B', 'KG-T']) await ask({ quantile, periods, by, region });
        }
      }
    }
    // Spelled out: across the edge, 15.5; the one case, 16; the last day of a block, 31; with the totals, and in one region.
    const medians = async (query: Omit<DurationsQuery, 'span' | 'timeZone' | 'quantile' | 'periods'>) =>
      Object.fromEntries((await ask({ ...query, quantile: 0.5, periods: months })).map((row) => [row.key.join(' '), [row.days, row.cases]]));
    expect(await medians({ by: ['region'] })).toEqual({
      '2015-01 KG-B': [15.5, 4],
      '2015-01 KG-T': [16, 1],
      [`2015-01 ${TOTAL}`]: [16, 5],
      '2015-02 KG-B': [31, 5],
      [`2015-02 ${TOTAL}`]: [31, 5],
    });
    expect(await medians({ by: [], region: 'KG-B' })).toEqual({ '2015-01': [15.5, 4], '2015-02': [31, 5] });
  });
});

const REGIONS = [
  { region: 'KG-GB', districts: ['leninsky', 'oktyabrsky', undefined] },
  { region: 'KG-C', districts: ['alamudun', undefined] },
  { region: 'KG-GO', districts: [undefined] },
];
const OFFENCES = [
  { article: '209-1', iccsCode: '0701', severity: 'minor' },
  { article: '130-1', iccsCode: '0101', severity: 'especially_grave' },
  { article: '205-2', iccsCode: '0502', severity: 'grave' },
];
const AGENCIES = ['GUVD-GB', 'GKNB', undefined];

/**
 * Three batches of events about 60 cases over 2018–2020: registrations (some at the first
 * instant of a local month), suspensions with or without a resumption (some overlapping a span's
 * start or end), indictments, verdicts and terminations (some at a month's first instant, many
 * whole days after the start so that durations tie), some delivered before their case; then
 * redelivery, and corrections (annulled, moved to another month, annulled and brought back).
 */
function caseload(seed: number, jurisdiction: Jurisdiction): CloudEvent<unknown>[][] {
  const next = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const dayMs = 86_400_000;
  const origin = Date.parse('2018-01-01T00:00:00Z');
  const monthStart = () => jurisdiction.zonedInstant(`${2018 + Math.floor(next() * 3)}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-01T00:00`).getTime();
  const [early, late, corrections]: CloudEvent<unknown>[][] = [[], [], []];
  const recorded: StepRecordedV1[] = [];
  for (let i = 0; i < 60; i++) {
    const place = pick(REGIONS);
    const registeredAt = next() < 0.2 ? monthStart() : origin + Math.floor(next() * 1000 * dayMs);
    const district = pick(place.districts);
    const agency = pick(AGENCIES);
    const data: Partial<CaseRegisteredV1> = {
      region: place.region, ...(district && { district }), ...(agency && { agency }), offence: pick(OFFENCES),
      registeredAt: new Date(registeredAt).toISOString(), receivedAt: new Date(registeredAt).toISOString(),
    };
    const registered = caseRegistered(data, new Date(registeredAt).toISOString());
    const caseId = registered.data.caseId;
    // Half the steps whole days after the registration (durations that tie), half at any instant.
    const after = (days: number) => registeredAt + (next() < 0.5 ? Math.round(days) * dayMs : Math.floor(days * dayMs));
    const accused = randomUUID();
    // A verdict is on one accused, with its outcome (a person-level step); the others concern the case.
    const step = (stepType: string, at: number) => {
      const iso = new Date(at).toISOString();
      const person = stepType === 'verdict' ? { personId: accused, details: { outcome: pick(['conviction', 'acquittal']) } } : {};
      const event = stepRecorded({ caseId, region: place.region, stepType, occurredAt: iso, recordedAt: iso, ...person });
      recorded.push(event.data);
      return event;
    };
    const steps: CloudEvent<StepRecordedV1>[] = [step('investigation_started', after(1))];
    if (next() < 0.4) {
      const suspended = after(-5 + next() * 200);
      steps.push(step('proceedings_suspended', suspended));
      if (next() < 0.7) steps.push(step('proceedings_resumed', suspended + Math.floor(next() * 60) * dayMs));
    }
    const indictedAt = next() < 0.1 ? monthStart() : after(3 + next() * 150);
    const roll = next();
    if (roll < 0.55) {
      steps.push(step('indictment', indictedAt));
      if (next() < 0.2) steps.push(step('proceedings_suspended', indictedAt + 5 * dayMs));
      if (next() < 0.7) steps.push(step(pick(['verdict', 'verdict', 'proceedings_terminated']), indictedAt + Math.floor(10 + next() * 200) * dayMs));
      if (next() < 0.15) steps.push(step('verdict', indictedAt - 3 * dayMs));
    } else if (roll < 0.75) {
      steps.push(step('proceedings_terminated', after(next() * 300)));
    } else if (roll < 0.85) {
      steps.push(step('verdict', after(40)));
    }
    if (next() < 0.2) early.push(...steps, registered);
    else early.push(registered, ...steps);
    if (next() < 0.2) late.push(registered, stepRecorded({ ...(steps.at(-1) as CloudEvent<StepRecordedV1>).data }), steps[0]);
  }
  for (const data of recorded.filter((candidate) => candidate.stepType !== 'investigation_started')) {
    const roll = next();
    const at = new Date(Date.parse(data.occurredAt) + 400 * dayMs).toISOString();
    if (roll < 0.12) corrections.push(stepCorrected(data, at));
    else if (roll < 0.3) corrections.push(stepCorrected(data, at, { occurredAt: new Date(Date.parse(data.occurredAt) + Math.floor((next() - 0.3) * 90) * dayMs).toISOString(), personId: data.personId }));
    else if (roll < 0.35) corrections.push(stepCorrected(data, at), stepCorrected(data, at, { occurredAt: data.occurredAt, personId: data.personId }));
  }
  return [early, late, corrections];
}
