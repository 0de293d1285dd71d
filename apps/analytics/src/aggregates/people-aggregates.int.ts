import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseRegisteredV1, CloudEvent, PersonMerged, PersonRemovedFromCase, PersonUnmerged, SEXES, StepCorrected, StepRecordedV1 } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { serviceSessionOptions } from '@icjims/persistence';
import { cloudEvent, http, publishEvents } from '@icjims/testing';
import { caseRegistered, cellsOfTable, personAdded, stepCorrected, stepRecorded } from '../analytics.fixtures';
import { PERSON_POSITIONS, PersonBreakdown, personCounts, PersonFilter } from '../people/person-counts';
import type { StatisticalTable } from '../tables/statistical-table';
import { personCountsFromAggregates, PersonCountsQuery } from './people-counts-from-aggregates';
import { AGGREGATES } from './aggregate-parts';
import { rebuildAggregates } from './rebuild';
import { seededRandom, sortedByKey, useAggregates } from './aggregates.fixtures';

/**
 * The people aggregates against the reference: random caseloads of persons go through the
 * analytics service's projection (roles given, ended and given again, victims, steps of every
 * position, steps before their case, corrections — annulled, moved to another month, a
 * verdict's outcome amended —, merges of records across two cases and an unmerge, redelivery);
 * after each batch a rebuild from the facts finds nothing to change, and after each caseload
 * the aggregates give exactly what personCounts computes from the facts, for every position,
 * period length, breakdown, region and filter — and the same after a rebuild.
 */
describe('people aggregates', () => {
  const suite = useAggregates();
  const { spans, check } = suite;


  /**
   * Combinations asked of both — every one when `all`, else each period set with each breakdown
   * (national, unfiltered) and each region and filter with each period set — returns how many rows
   * they agreed on.
   */
  async function expectSameAsReference(all = true): Promise<number> {
    // A range of days is not whole months: read from the facts.
    const days = [{ code: '2019-03-15/2019-07-10', starts: suite.jurisdiction.zonedInstant('2019-03-15T00:00'), ends: suite.jurisdiction.zonedInstant('2019-07-11T00:00') }];
    const periodSets = [spans('2017-11', '2021-06', 'month'), spans('2018-Q1', '2021-Q2', 'quarter'), spans('2017', '2021', 'year'), days];
    // Some grain keeps each of the first four (with the juvenile filter too), none the fifth but the finest; the articles' grains keep region, sex and
    // age band, and (national tables) sex and age band.
    const breakdowns: PersonBreakdown[][] = [
      [], ['region', 'sex'], ['ageBand', 'juvenile'], ['citizenshipGroup'], ['citizenshipGroup', 'disability', 'outcome'], ['sex', 'ageBand'], ['region', 'sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability', 'outcome'],
    ];
    const filters: (PersonFilter | undefined)[] = [undefined, { juvenile: true }, { articles: ['154', '205-2'] }, { articles: ['154'], juvenile: false }, { articles: [] }];
    let rows = 0;
    for (const position of PERSON_POSITIONS) {
      for (const periods of periodSets) {
        for (const by of breakdowns) {
          for (const region of [undefined, 'KG-GB']) {
            for (const only of filters) {
              const asksLess = (by.length > 0 && region !== undefined) || (by.length > 0 && only !== undefined) || (region !== undefined && only !== undefined);
              if (!all && asksLess) continue;
              const query: PersonCountsQuery = { position, periods, by, region, only, timeZone: suite.jurisdiction.timeZone };
              const asked = { position, periods: periods[0].code, by, region, only };
              const reference = sortedByKey(await personCounts(suite.dataSource.manager, query));
              expect({ asked, rows: sortedByKey(await personCountsFromAggregates(suite.dataSource.manager, query)) }).toEqual({ asked, rows: reference });
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
      // Every combination once, after the last caseload; fewer after the others.
      expect(await expectSameAsReference(seed === 3)).toBeGreaterThan(seed === 3 ? 500 : 100);
    }
    const held = await suite.dataSource.query(`SELECT * FROM people_counts WHERE persons <> 0 ORDER BY position, grain, article, month, region, sex, age_band, juvenile, citizenship_group, disability, outcome`);
    const rebuilt = await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(rebuilt.rows.people_case_entries).toBeGreaterThan(100);
    expect(await suite.dataSource.query(`SELECT * FROM people_counts ORDER BY position, grain, article, month, region, sex, age_band, juvenile, citizenship_group, disability, outcome`)).toEqual(held);
    await expectSameAsReference(false);
    expect(await check()).toEqual({});
  }, 300_000);

  it('finds an entry or a cell that disagrees with the facts, and a rebuild puts it right', async () => {
    await suite.dataSource.query(`UPDATE people_counts SET persons = persons + 1 WHERE ctid = (SELECT ctid FROM people_counts WHERE persons > 0 LIMIT 1)`);
    await suite.dataSource.query(`DELETE FROM people_case_entries WHERE ctid = (SELECT ctid FROM people_case_entries LIMIT 1)`);
    expect(await check()).toEqual({ people_case_entries: 1, people_counts: 2 });
    await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(await check()).toEqual({});
    await expectSameAsReference(false);
  }, 120_000);

  it('is what the people tables read (as of an instant, the facts)', async () => {
    const analyst = await suite.services.tokenFor('analyst');
    const suspected = async (query: string) => {
      const response = await http<StatisticalTable>('GET', `${suite.services.urls.analytics}/api/v1/indicators/persons_suspected/table?from=2019-03&to=2019-03&region=KG-GB${query}`, { token: analyst });
      return cellsOfTable(response.body)['2019-03'];
    };
    const truth = await suspected('');
    // A cell moved by hand: the table follows it, the figures as of now (the facts) do not, and a rebuild puts it back.
    await suite.dataSource.query(
      `INSERT INTO people_counts (position, grain, article, month, region, sex, age_band, juvenile, citizenship_group, disability, outcome, persons)
       VALUES ('suspected', 0, '', $1, 'KG-GB', '', '', 'no', '', '', '', 50)
       ON CONFLICT (position, grain, article, month, region, sex, age_band, juvenile, citizenship_group, disability, outcome) DO UPDATE SET persons = people_counts.persons + 50`,
      [suite.jurisdiction.zonedInstant('2019-03-01T00:00')],
    );
    const moved = await suspected('');
    expect(typeof moved === 'number' && moved >= 50).toBe(true);
    expect(await suspected(`&asOf=${new Date(Date.now() - 1000).toISOString()}`)).toBe(truth);
    await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(await suspected('')).toBe(truth);
  });

  it('fills every aggregate emptied (as after a bulk load of the facts) with the same rows, and its indexes as they were', async () => {
    const tables = AGGREGATES.flatMap((part) => part.tables.map((table) => table.name));
    // As the tables' owner (npm run analytics:rebuild on the embedded database), who may drop and build their indexes.
    const owner = new DataSource({ type: 'postgres', url: suite.services.databaseUrl, extra: { max: 1, options: serviceSessionOptions('analytics', 'owner') } });
    await owner.initialize();
    try {
      const state = async () => ({
        indexes: await owner.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY($1) ORDER BY indexname`, [tables]),
        constraints: await owner.query(`SELECT conrelid::regclass::text AS "table", conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = ANY($1::regclass[]) ORDER BY conname`, [tables]),
      });
      const indexIds = async (): Promise<number[]> => (await owner.query(`SELECT indexrelid::int AS id FROM pg_index WHERE indrelid = ANY($1::regclass[])`, [tables])).map(({ id }: { id: number }) => id);
      const before = await state();
      const idsBefore = await indexIds();
      expect(before.constraints.length).toBeGreaterThanOrEqual(tables.length);
      await owner.query(`TRUNCATE ${tables.join(', ')}`);
      expect(Object.keys((await check()) ?? {})).toEqual(expect.arrayContaining(['people_case_entries', 'people_counts']));
      await rebuildAggregates(owner.manager, { timeZone: suite.jurisdiction.timeZone });
      expect(await check()).toEqual({});
      expect(await state()).toEqual(before);
      // Built again from the rows, not grown row by row.
      expect((await indexIds()).filter((id) => idsBefore.includes(id))).toEqual([]);
      await expectSameAsReference(false);
    } finally {
      await owner.destroy();
    }
  }, 120_000);
});

const REGIONS = ['KG-GB', 'KG-C', 'KG-O'];
const OFFENCES = [
  { article: '209-1', iccsCode: '0701', severity: 'minor' },
  { article: '154', iccsCode: '0301', severity: 'grave' },
  { article: '205-2', iccsCode: '0502', severity: 'grave' },
];
const AGE_BANDS = ['14_17', '18_24', '25_34', '45_54', 'unknown'] as const;
const CITIZENSHIP = ['national', 'cis', 'unknown'];

/**
 * Four batches of events about 30 cases over 2018–2020, with three to five persons each (some in
 * two cases): registrations, roles and victims, then steps (some delivered before their case,
 * some at the first instant of a local month), then corrections, roles ended and given again,
 * a merge of two records that appear in two cases each and another merge undone, and the same
 * facts announced again.
 */
function caseload(seed: number, jurisdiction: Jurisdiction): CloudEvent<unknown>[][] {
  const next = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const dayMs = 86_400_000;
  const origin = Date.parse('2018-01-01T00:00:00Z');
  const instant = (days: number) =>
    next() < 0.15
      ? jurisdiction.zonedInstant(`${new Date(origin + days * dayMs).toISOString().slice(0, 7)}-01T00:00`).toISOString()
      : new Date(origin + Math.floor(days * dayMs)).toISOString();
  const [roles, steps, corrections, later]: CloudEvent<unknown>[][] = [[], [], [], []];
  const recorded: StepRecordedV1[] = [];
  // Persons who appear in more than one case: the merges join and part them.
  const shared = Array.from({ length: 6 }, () => randomUUID());
  const cases: { caseId: string; region: string; persons: string[]; start: number }[] = [];
  for (let i = 0; i < 30; i++) {
    const region = pick(REGIONS);
    const start = next() * 900;
    const registeredAt = instant(start);
    const data: Partial<CaseRegisteredV1> = { region, offence: pick(OFFENCES), registeredAt, receivedAt: registeredAt };
    const registered = caseRegistered(data, registeredAt);
    const caseId = registered.data.caseId;
    // The first eight cases hold two of the first four shared records each (a and b, b and c, …: the merges join them in a case), others one now and then.
    const persons = Array.from({ length: 2 + Math.floor(next() * 3) }, (_, j) =>
      i < 8 && j < 2 ? shared[(i + j) % 4] : j === 0 && next() < 0.3 ? pick(shared) : randomUUID(),
    );
    cases.push({ caseId, region, persons, start });
    const caseEvents: CloudEvent<unknown>[] = [];
    for (const personId of new Set(persons)) {
      // Some persons case-registry never announces: unknown in every category.
      if (next() < 0.1) continue;
      const ageBand = pick(AGE_BANDS);
      const categories = {
        sex: pick(SEXES), ageBand, juvenile: ageBand === '14_17', citizenshipGroup: pick(CITIZENSHIP), ...(next() < 0.6 && { disability: next() < 0.3 }),
      };
      caseEvents.push(personAdded({ caseId, region, personId, role: pick(['suspect', 'suspect', 'accused', 'witness'] as const), ...categories }, instant(start + next() * 10)));
    }
    // Victims: the position read from the roles.
    for (let v = Math.floor(next() * 3); v > 0; v--) {
      caseEvents.push(personAdded({ caseId, region, personId: randomUUID(), role: 'victim', sex: pick(SEXES), ageBand: pick(AGE_BANDS), juvenile: next() < 0.2, citizenshipGroup: 'national' }, instant(start + next() * 60)));
    }
    const step = (stepType: string, personId: string | undefined, day: number, details: StepRecordedV1['details'] = {}) => {
      const occurredAt = instant(day);
      const event = stepRecorded({ caseId, region, stepType, ...(personId && { personId }), occurredAt, recordedAt: occurredAt, details });
      recorded.push(event.data);
      return event;
    };
    const caseSteps: CloudEvent<unknown>[] = [];
    for (const personId of persons) {
      const day = start + 1 + next() * 60;
      caseSteps.push(step(pick(['suspicion_notified', 'suspicion_notified', 'detention']), personId, day));
      if (next() < 0.3) caseSteps.push(step('detention', personId, day + next() * 20));
      if (next() < 0.2) caseSteps.push(step('plea_agreement', personId, day + 30));
      if (next() < 0.1) caseSteps.push(step('person_left', personId, day + 40));
    }
    if (next() < 0.15) caseSteps.push(step('standing_received', randomUUID(), start + 50));
    if (next() < 0.6) {
      const indicted = start + 70 + next() * 200;
      caseSteps.push(step('indictment', undefined, indicted));
      if (next() < 0.2) caseSteps.push(step('indictment', undefined, indicted + 20));
      for (const personId of persons) {
        if (next() < 0.7) {
          const judged = indicted + 30 + next() * 300;
          caseSteps.push(step('verdict', personId, judged, { outcome: next() < 0.75 ? 'conviction' : 'acquittal' }));
          if (next() < 0.2) caseSteps.push(step('verdict', personId, judged + 60, { outcome: 'conviction' }));
          if (next() < 0.6) caseSteps.push(step('sentence', personId, judged + 5, { sentenceType: pick(['imprisonment', 'probation', 'fine']) }));
        }
      }
    }
    // Some steps reach analytics before their case does.
    if (next() < 0.2) steps.push(...caseSteps, registered, ...caseEvents);
    else {
      roles.push(registered, ...caseEvents);
      steps.push(...caseSteps);
    }
    // Delivered again: the same step under another event id.
    if (caseSteps.length && next() < 0.3) later.push(stepRecorded({ ...(caseSteps[0] as CloudEvent<StepRecordedV1>).data }));
  }
  for (const data of recorded) {
    const roll = next();
    if (roll < 0.1) corrections.push(stepCorrected(data, new Date().toISOString()));
    else if (roll < 0.2) corrections.push(stepCorrected(data, new Date().toISOString(), { occurredAt: new Date(Date.parse(data.occurredAt) + (next() - 0.4) * 90 * dayMs).toISOString() }));
    else if (roll < 0.3 && data.stepType === 'verdict') {
      // The verdict's outcome amended: the first verdict's outcome, and who is convicted, change.
      const outcome = data.details.outcome === 'conviction' ? 'acquittal' : 'conviction';
      corrections.push(cloudEvent(StepCorrected, data.caseId, {
        caseId: data.caseId, region: data.region, correctionStepId: randomUUID(), correctedStepId: data.stepId, stepType: data.stepType, action: 'amend',
        standsAs: { occurredAt: data.occurredAt, personId: data.personId, details: { outcome } },
      }));
    }
  }
  // Roles ended (an accused no longer one at the indictment), and one given again.
  for (const { caseId, region, persons } of cases.filter(() => next() < 0.3)) {
    later.push(cloudEvent(PersonRemovedFromCase, caseId, { caseId, region, personId: persons[0], role: 'suspect', reason: 'removed' }, { time: new Date().toISOString() }));
  }
  const regiven = cases[Math.floor(next() * cases.length)];
  later.push(personAdded({ caseId: regiven.caseId, region: regiven.region, personId: regiven.persons[0], role: 'suspect', sex: 'female', ageBand: '18_24' }, new Date().toISOString()));
  // Two records, each in two cases, merged: one person in each case they share; another merge made and undone.
  const [a, b, c, d] = shared;
  const twoCases = (personId: string) => cases.filter((candidate) => candidate.persons.includes(personId)).slice(0, 2);
  const merge = (merged: string, surviving: string) =>
    twoCases(merged).map(({ caseId, region }) => cloudEvent(PersonMerged, caseId, { caseId, region, mergedPersonId: merged, survivingPersonId: surviving }, { time: new Date().toISOString() }));
  later.push(...merge(a, b), ...merge(c, d));
  later.push(
    ...twoCases(c).map(({ caseId, region }) =>
      cloudEvent(PersonUnmerged, caseId, { caseId, region, survivingPersonId: d, restoredPersonId: c, survivingRoles: [], restoredRoles: [{ role: 'suspect', active: true }] }, { time: new Date().toISOString() }),
    ),
  );
  return [roles, steps, corrections, later];
}
