import { randomUUID } from 'node:crypto';
import { CloudEvent, PersonRemovedFromCase, SEXES, StepRecordedV1 } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { cloudEvent, publishEvents } from '@icjims/testing';
import { caseRegistered, personAdded, stepCorrected, stepRecorded } from '../analytics.fixtures';
import { defenceAtMilestone, MILESTONES } from '../defence/defence-at-milestones';
import type { CaseBreakdown } from '../flow/case-flow';
import { terminations } from '../outcomes/terminations';
import type { PersonBreakdown } from '../people/person-counts';
import { defenceFromAggregates } from './defence-from-aggregates';
import { rebuildAggregates } from './rebuild';
import { terminationsFromAggregates } from './terminations-from-aggregates';
import { mergesAndUnmerge, seededRandom, sortedByKey, useAggregates } from './aggregates.fixtures';

/**
 * The defence and terminations aggregates against the reference: random caseloads go through the
 * analytics service's projection (suspects notified, detained, with plea agreements or standing
 * received, leaving and returning, indictments; defence lawyers given and removed; terminations
 * with and without a ground; cases announced after their steps, persons never announced,
 * corrections annulling and moving steps, a merge of two records across two cases and another
 * undone, redelivery); after each batch a rebuild from the facts finds nothing to change, and the
 * aggregates give exactly what defenceAtMilestone and terminations compute from the facts, for
 * every period length (and a range of days), breakdown and region.
 */
describe('defence and terminations aggregates', () => {
  const suite = useAggregates();
  const { spans, check } = suite;

  async function expectSameAsReference(): Promise<number> {
    const days = [{ code: '2018-03-15/2018-07-10', starts: suite.jurisdiction.zonedInstant('2018-03-15T00:00'), ends: suite.jurisdiction.zonedInstant('2018-07-11T00:00') }];
    const periodSets = [spans('2017-12', '2020-06', 'month'), spans('2018-Q1', '2020-Q2', 'quarter'), spans('2018', '2020', 'year'), days];
    const personal: PersonBreakdown[][] = [[], ['region'], ['sex'], ['region', 'ageBand', 'juvenile'], ['citizenshipGroup', 'disability'], ['region', 'sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability']];
    const ofCases: (CaseBreakdown | 'ground')[][] = [[], ['ground'], ['region'], ['district', 'ground'], ['agency'], ['iccsSection', 'ground'], ['article'], ['region', 'district', 'agency', 'iccsSection', 'article', 'ground']];
    const timeZone = suite.jurisdiction.timeZone;
    let rows = 0;
    for (const periods of periodSets) {
      for (const region of [undefined, 'KG-GB']) {
        for (const milestone of MILESTONES) {
          for (const by of personal) {
            const query = { milestone, periods, by, region, timeZone };
            const asked = { milestone, periods: periods[0].code, by, region };
            const reference = sortedByKey(await defenceAtMilestone(suite.dataSource.manager, query));
            expect({ asked, rows: sortedByKey(await defenceFromAggregates(suite.dataSource.manager, query)) }).toEqual({ asked, rows: reference });
            rows += reference.length;
          }
        }
        for (const by of ofCases) {
          const query = { periods, by, region, timeZone };
          const asked = { periods: periods[0].code, by, region };
          const reference = sortedByKey(await terminations(suite.dataSource.manager, query));
          expect({ asked, rows: sortedByKey(await terminationsFromAggregates(suite.dataSource.manager, query)) }).toEqual({ asked, rows: reference });
          rows += reference.length;
        }
      }
    }
    return rows;
  }

  it('gives exactly the reference figures after each batch, and a rebuild agrees', async () => {
    for (const seed of [11, 12]) {
      for (const batch of caseload(seed, suite.jurisdiction)) {
        await publishEvents(suite.services.bus, ...batch);
        expect(await check()).toEqual({});
        await expectSameAsReference();
      }
      expect(await expectSameAsReference()).toBeGreaterThan(100);
    }
    const order = 'ORDER BY milestone, month, region, sex, age_band, juvenile, citizenship_group, disability, defended';
    const held = await suite.dataSource.query(`SELECT * FROM defence_counts WHERE persons <> 0 ${order}`);
    const rebuilt = await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone, parts: ['defence', 'terminations'] });
    expect(rebuilt.rows.defence_case_entries).toBeGreaterThan(50);
    expect(rebuilt.rows.termination_case_entries).toBeGreaterThan(5);
    expect(await suite.dataSource.query(`SELECT * FROM defence_counts ${order}`)).toEqual(held);
  }, 300_000);

  it('finds an entry or a cell that disagrees with the facts, and a rebuild puts it right', async () => {
    await suite.dataSource.query(`UPDATE defence_counts SET persons = persons + 1 WHERE ctid = (SELECT ctid FROM defence_counts WHERE persons > 0 LIMIT 1)`);
    await suite.dataSource.query(`UPDATE defence_case_entries SET defended = NOT defended WHERE ctid = (SELECT ctid FROM defence_case_entries LIMIT 1)`);
    await suite.dataSource.query(`DELETE FROM termination_case_entries WHERE ctid = (SELECT ctid FROM termination_case_entries LIMIT 1)`);
    expect(await check()).toEqual({ defence_counts: 2, defence_case_entries: 2, termination_case_entries: 1 });
    await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone, parts: ['defence', 'terminations'] });
    expect(await check()).toEqual({});
    await expectSameAsReference();
  }, 120_000);
});

const REGIONS = ['KG-GB', 'KG-C', 'KG-O'];
const AGE_BANDS = ['14_17', '18_24', '25_34', 'unknown'] as const;
const OFFENCES = [
  { article: '209-1', iccsCode: '0701', severity: 'minor' },
  { article: '130-1', iccsCode: '0101', severity: 'especially_grave' },
];
const SUSPECT_STEPS = ['suspicion_notified', 'suspicion_notified', 'detention', 'plea_agreement', 'standing_received'];

/**
 * Batches of events: roles (cases, suspects, lawyers), steps (some cases announced after theirs),
 * corrections, lawyers removed (alone: no other event of the case refreshes it meanwhile), then
 * redeliveries, merges and an unmerge.
 */
function caseload(seed: number, jurisdiction: Jurisdiction): CloudEvent<unknown>[][] {
  const next = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const dayMs = 86_400_000;
  const origin = Date.parse('2018-01-01T00:00:00Z');
  const grounds = [...jurisdiction.pack.terminationGrounds.map((ground) => ground.code).slice(0, 3), undefined];
  const instant = (days: number) =>
    next() < 0.15
      ? jurisdiction.zonedInstant(`${new Date(origin + days * dayMs).toISOString().slice(0, 7)}-01T00:00`).toISOString()
      : new Date(origin + Math.floor(days * dayMs)).toISOString();
  const [roles, steps, corrections, removals, later]: CloudEvent<unknown>[][] = [[], [], [], [], []];
  const recorded: StepRecordedV1[] = [];
  const shared = Array.from({ length: 4 }, () => randomUUID());
  const cases: { caseId: string; region: string; persons: string[] }[] = [];
  for (let i = 0; i < 25; i++) {
    const region = pick(REGIONS);
    const start = next() * 600;
    const registered = caseRegistered({ region, registeredAt: instant(start), offence: pick(OFFENCES), ...(next() < 0.7 && { district: pick(['D1', 'D2']) }), ...(next() < 0.5 && { agency: 'GKNB' }) }, instant(start));
    const caseId = registered.data.caseId;
    const persons = Array.from({ length: 2 + Math.floor(next() * 3) }, (_, j) => (i < 8 && j < 2 ? shared[(i + j) % 4] : randomUUID()));
    cases.push({ caseId, region, persons });
    const caseEvents: CloudEvent<unknown>[] = [];
    for (const personId of new Set(persons)) {
      if (next() < 0.15) continue; // never announced: unknown in every category
      const ageBand = pick(AGE_BANDS);
      caseEvents.push(
        personAdded({ caseId, region, personId, role: 'suspect', sex: pick(SEXES), ageBand, juvenile: ageBand === '14_17', citizenshipGroup: pick(['national', 'cis']), ...(next() < 0.6 && { disability: next() < 0.3 }) }, instant(start)),
      );
    }
    // Defence lawyers given some time into the case, a few removed later.
    for (let n = Math.floor(next() * 3); n > 0; n--) {
      const lawyer = randomUUID();
      const given = start + next() * 120;
      caseEvents.push(personAdded({ caseId, region, personId: lawyer, role: 'defence_lawyer' }, instant(given)));
      if (next() < 0.4) removals.push(cloudEvent(PersonRemovedFromCase, caseId, { caseId, region, personId: lawyer, role: 'defence_lawyer', reason: 'removed' }, { time: instant(given + next() * 90) }));
    }
    const step = (stepType: string, personId: string | undefined, day: number, details: StepRecordedV1['details'] = {}) => {
      const occurredAt = instant(day);
      const event = stepRecorded({ caseId, region, stepType, personId, occurredAt, recordedAt: occurredAt, details });
      recorded.push(event.data);
      return event;
    };
    const caseSteps: CloudEvent<unknown>[] = [];
    for (const personId of persons) {
      let day = start + 1 + next() * 60;
      for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
        caseSteps.push(step(pick(SUSPECT_STEPS), personId, day));
        day += next() * 40;
      }
      if (next() < 0.3) caseSteps.push(step('person_left', personId, day));
      if (next() < 0.3) caseSteps.push(step('person_returned', personId, day + next() * 30));
    }
    const end = start + 60 + next() * 150;
    if (next() < 0.6) caseSteps.push(step('indictment', undefined, end));
    if (next() < 0.3) caseSteps.push(step('indictment', undefined, end + next() * 30));
    if (next() < 0.4) {
      const ground = pick(grounds);
      caseSteps.push(step('proceedings_terminated', undefined, end + next() * 60, ground ? { ground } : {}));
      const again = pick(grounds);
      if (next() < 0.3) caseSteps.push(step('proceedings_terminated', undefined, end + next() * 90, again ? { ground: again } : {}));
    }
    if (next() < 0.2) steps.push(...caseSteps, registered, ...caseEvents);
    else {
      roles.push(registered, ...caseEvents);
      steps.push(...caseSteps);
    }
    if (caseSteps.length && next() < 0.3) later.push(stepRecorded({ ...(caseSteps[0] as CloudEvent<StepRecordedV1>).data }));
  }
  for (const data of recorded) {
    const roll = next();
    if (roll < 0.1) corrections.push(stepCorrected(data, new Date().toISOString()));
    else if (roll < 0.25) corrections.push(stepCorrected(data, new Date().toISOString(), { occurredAt: new Date(Date.parse(data.occurredAt) + (next() - 0.4) * 90 * dayMs).toISOString() }));
  }
  later.push(...mergesAndUnmerge(cases, shared));
  return [roles, steps, corrections, removals, later];
}
