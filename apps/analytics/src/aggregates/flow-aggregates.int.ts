import { randomUUID } from 'node:crypto';
import { CaseRegisteredV1, CloudEvent, StepCorrected, StepRecordedV1 } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { cloudEvent, http, publishEvents } from '@icjims/testing';
import { caseRegistered, stepRecorded } from '../analytics.fixtures';
import { caseFlow, CaseBreakdown, STAGES } from '../flow/case-flow';
import { StatisticalTable } from '../tables/statistical-table';
import { caseFlowFromAggregates, CaseFlowQuery } from './case-flow-from-aggregates';
import { rebuildAggregates } from './rebuild';
import { seededRandom, sortedByKey, useAggregates } from './aggregates.fixtures';

/**
 * The flow aggregates against the reference: random caseloads go through the analytics
 * service's projection (with corrections, joins, splits, steps before their case and
 * redelivery); after each batch a rebuild from the facts finds nothing to change, and after
 * each caseload the aggregates give exactly what caseFlow computes from the facts, for every
 * stage, period length, breakdown, region and age profile — and the same after a rebuild.
 */
describe('flow aggregates', () => {
  const suite = useAggregates();
  const { spans, check } = suite;


  /** Every combination asked of both; returns how many rows they agreed on. */
  async function expectSameAsReference(): Promise<number> {
    // A range of days is not whole months: read from the facts.
    const days = [{ code: '2019-03-15/2019-07-10', starts: suite.jurisdiction.zonedInstant('2019-03-15T00:00'), ends: suite.jurisdiction.zonedInstant('2019-07-11T00:00') }];
    // Periods from before the first case, and from the middle of the caseload (cases open before them).
    const periodSets = [spans('2017-11', '2021-06', 'month'), spans('2019-06', '2020-03', 'month'), spans('2018-Q1', '2021-Q2', 'quarter'), spans('2017', '2021', 'year'), days];
    const breakdowns: CaseBreakdown[][] = [[], ['region'], ['iccsSection'], ['district', 'agency'], ['article', 'region'], ['region', 'district', 'agency', 'iccsSection', 'article']];
    let rows = 0;
    for (const stage of STAGES) {
      for (const periods of periodSets) {
        for (const by of breakdowns) {
          for (const region of [undefined, 'KG-GB']) {
            for (const byAge of [undefined, { timeZone: suite.jurisdiction.timeZone }]) {
              const query: CaseFlowQuery = { stage, periods, by, region, byAge, timeZone: suite.jurisdiction.timeZone };
              const reference = sortedByKey(await caseFlow(suite.dataSource.manager, query));
              expect({ query: { stage, periods: periods[0].code, by, region, byAge: !!byAge }, rows: sortedByKey(await caseFlowFromAggregates(suite.dataSource.manager, query)) }).toEqual({
                query: { stage, periods: periods[0].code, by, region, byAge: !!byAge },
                rows: reference,
              });
              rows += reference.length;
            }
          }
        }
      }
    }
    return rows;
  }

  it('gives exactly the reference figures after each caseload, and a rebuild agrees after every batch', async () => {
    for (const seed of [1, 2, 3]) {
      for (const batch of caseload(seed, suite.jurisdiction)) {
        await publishEvents(suite.services.bus, ...batch);
        expect(await check()).toEqual({});
      }
      expect(await expectSameAsReference()).toBeGreaterThan(0);
    }
    const rebuilt = await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(rebuilt.facts).toBeGreaterThan(rebuilt.rows.flow_case_stages);
    await expectSameAsReference();
    expect(await check()).toEqual({});
  }, 180_000);

  it('finds an aggregate that disagrees with the facts, and a rebuild puts it right', async () => {
    await suite.dataSource.query(`UPDATE flow_counts SET cases = cases + 1 WHERE ctid = (SELECT ctid FROM flow_counts WHERE cases > 0 LIMIT 1)`);
    await suite.dataSource.query(`DELETE FROM flow_case_stages WHERE ctid = (SELECT ctid FROM flow_case_stages LIMIT 1)`);
    expect(await check()).toEqual({ flow_case_stages: 1, flow_counts: 2 });
    await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(await check()).toEqual({});
    await expectSameAsReference();
  }, 60_000);

  it('rebuilds only the aggregates asked for (a migration fills the ones it adds), and checks only those', async () => {
    const { timeZone } = suite.jurisdiction;
    await suite.dataSource.query(`DELETE FROM flow_case_stages WHERE ctid = (SELECT ctid FROM flow_case_stages LIMIT 1)`);
    expect((await rebuildAggregates(suite.dataSource.manager, { timeZone, check: true, parts: ['durations'] })).differences).toEqual({});
    const durationsOnly = await rebuildAggregates(suite.dataSource.manager, { timeZone, parts: ['durations'] });
    expect(durationsOnly.rows).not.toHaveProperty('flow_case_stages');
    expect(durationsOnly.rows.duration_case_spans).toBeGreaterThan(0);
    expect(await check()).toEqual({ flow_case_stages: 1 });
    await rebuildAggregates(suite.dataSource.manager, { timeZone, parts: ['flow'] });
    expect(await check()).toEqual({});
  }, 60_000);

  it('rebuilds on two sessions side by side, a transaction per part: the rows of one transaction, and every difference put right', async () => {
    const { timeZone } = suite.jurisdiction;
    const { manager } = suite.dataSource;
    await suite.dataSource.query(`DELETE FROM flow_case_stages WHERE ctid = (SELECT ctid FROM flow_case_stages LIMIT 1)`);
    await suite.dataSource.query(`DELETE FROM duration_case_spans WHERE ctid = (SELECT ctid FROM duration_case_spans LIMIT 1)`);
    const one = await rebuildAggregates(manager, { timeZone, check: true });
    expect(one).toMatchObject({ sessions: 1, differences: { flow_case_stages: 1, duration_case_spans: 1 } });
    const two = await rebuildAggregates(manager, { timeZone, check: true, sessions: 2 });
    expect(two).toMatchObject({ sessions: 2, facts: one.facts, rows: one.rows, differences: one.differences });
    // In the parts' order, whichever session finished first.
    expect(Object.keys(two.partMs)).toEqual(Object.keys(one.partMs));
    expect(Object.keys(two.rows)).toEqual(Object.keys(one.rows));

    const rebuilt = await rebuildAggregates(manager, { timeZone, sessions: 2 });
    expect(Object.keys(rebuilt.replaceMs)).toEqual(Object.keys(one.rows));
    expect(await check()).toEqual({});
    await expectSameAsReference();
    // Inside a transaction of the caller's (a migration's), other sessions would not see its work: one session.
    await manager.transaction(async (tx) => expect(await rebuildAggregates(tx, { timeZone, check: true, sessions: 2 })).toMatchObject({ sessions: 1, differences: {} }));
  }, 120_000);

  it('is what the flow tables read (as of an instant, the facts)', async () => {
    const analyst = await suite.services.tokenFor('analyst');
    const incoming = async (query: string) => {
      const response = await http<StatisticalTable>('GET', `${suite.services.urls.analytics}/api/v1/indicators/pretrial_incoming/table?from=2019-03&to=2019-03&region=KG-GB${query}`, { token: analyst });
      return response.body.cells.find((cell) => cell.key.join('|') === '2019-03')?.value;
    };
    const truth = await incoming('');
    // A month cell moved by hand: the table follows it, the figures as of now (the facts) do not, and a rebuild puts it back.
    await suite.dataSource.query(
      `INSERT INTO flow_month_counts (stage, grain, region, district, agency, iccs_section, article, month, started, ended) VALUES ('pretrial', 0, 'KG-GB', '', '', '', '', $1, 5, 0)
       ON CONFLICT (stage, grain, region, district, agency, iccs_section, article, month) DO UPDATE SET started = flow_month_counts.started + 5`,
      [suite.jurisdiction.zonedInstant('2019-03-01T00:00')],
    );
    expect([await incoming(''), await incoming(`&asOf=${new Date(Date.now() - 1000).toISOString()}`)]).toEqual([(truth ?? 0) + 5, truth]);
    await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(await incoming('')).toBe(truth);
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
 * Three batches of events about 40 cases over 2018–2020: registrations (some at the very first
 * instant of a local month, some split off another case with steps dated before), stage
 * milestones (some delivered before their case), steps of no stage, then corrections (annulled,
 * moved to another month, an annulled one brought back) and the same facts announced again.
 */
function caseload(seed: number, jurisdiction: Jurisdiction): CloudEvent<unknown>[][] {
  const next = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const dayMs = 86_400_000;
  const origin = Date.parse('2018-01-01T00:00:00Z');
  const instant = (days: number) => new Date(origin + Math.floor(days * dayMs)).toISOString();
  const [early, late, corrections]: CloudEvent<unknown>[][] = [[], [], []];
  const recorded: StepRecordedV1[] = [];
  for (let i = 0; i < 40; i++) {
    const place = pick(REGIONS);
    // A quarter of the cases registered at the first instant of a local month (the age edge).
    const registeredAt =
      next() < 0.25
        ? jurisdiction.zonedInstant(`${2018 + Math.floor(next() * 3)}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-01T00:00`).toISOString()
        : instant(next() * 1000);
    const split = next() < 0.15;
    const district = pick(place.districts);
    const agency = pick(AGENCIES);
    const data: Partial<CaseRegisteredV1> = {
      region: place.region,
      ...(district && { district }),
      ...(agency && { agency }),
      offence: pick(OFFENCES),
      registeredAt,
      receivedAt: registeredAt,
      ...(split && { splitFromCaseId: randomUUID() }),
    };
    const registered = caseRegistered(data, registeredAt);
    const caseId = registered.data.caseId;
    const step = (stepType: string, occurredAt: string) => {
      const event = stepRecorded({ caseId, region: place.region, stepType, occurredAt, recordedAt: occurredAt });
      recorded.push(event.data);
      return event;
    };
    const start = Date.parse(registeredAt) / dayMs - origin / dayMs;
    const steps: CloudEvent<StepRecordedV1>[] = [step('investigation_started', instant(start + 1))];
    const indictedOn = start + (split ? -20 : 5 + next() * 200);
    const roll = next();
    if (roll < 0.5) {
      steps.push(step('indictment', instant(indictedOn)));
      if (next() < 0.6) steps.push(step(pick(['verdict', 'verdict', 'proceedings_terminated', 'case_joined']), instant(indictedOn + 10 + next() * 300)));
      // A second indictment later changes nothing but must not confuse the stages.
      if (next() < 0.2) steps.push(step('indictment', instant(indictedOn + 30)));
    } else if (roll < 0.7) {
      steps.push(step(pick(['proceedings_terminated', 'case_joined']), instant(start + next() * 400)));
    } else if (roll < 0.8) {
      // A verdict without an indictment: no court stage, and the pre-trial stage goes on.
      steps.push(step('verdict', instant(start + 50)));
    }
    // Some steps reach analytics before their case does.
    if (next() < 0.2) early.push(...steps, registered);
    else early.push(registered, ...steps);
    // Delivered again: the same event (the inbox ignores it), or the same step under another event id.
    if (next() < 0.2) late.push(registered, stepReannounced(steps.at(-1) as CloudEvent<StepRecordedV1>));
  }
  for (const data of recorded.filter((candidate) => candidate.stepType !== 'investigation_started')) {
    const roll = next();
    const correct = (action: 'annul' | 'amend', occurredAt?: string) =>
      cloudEvent(StepCorrected, data.caseId, {
        caseId: data.caseId, region: data.region, correctionStepId: randomUUID(), correctedStepId: data.stepId, stepType: data.stepType, action,
        ...(occurredAt && { standsAs: { occurredAt, details: {} } }),
      });
    if (roll < 0.15) corrections.push(correct('annul'));
    else if (roll < 0.3) corrections.push(correct('amend', new Date(Date.parse(data.occurredAt) + (next() - 0.3) * 90 * dayMs).toISOString()));
    else if (roll < 0.35) corrections.push(correct('annul'), correct('amend', data.occurredAt));
  }
  return [early, late, corrections];
}

/** The same step announced again under a new event id. */
function stepReannounced(event: CloudEvent<StepRecordedV1>): CloudEvent<StepRecordedV1> {
  return stepRecorded({ ...event.data });
}
