import { randomUUID } from 'node:crypto';
import { CloudEvent, DeadlineBreached, DeadlineBreachedV1, DeadlineBreachWithdrawn, PersonMerged, PersonUnmerged, SEXES, StepRecordedV1 } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { cloudEvent, publishEvents } from '@icjims/testing';
import { caseRegistered, personAdded, stepCorrected, stepRecorded } from '../analytics.fixtures';
import { deadlineBreaches, personsBreaching } from '../liberty/deadline-breaches';
import { libertyRules } from '../liberty/liberty-rules';
import { MeasureBreakdown, measuresApplied } from '../liberty/measures-applied';
import { breachesFromAggregates, measuresFromAggregates, personsBreachingFromAggregates } from './liberty-from-aggregates';
import { rebuildAggregates } from './rebuild';
import { seededRandom, sortedByKey, useAggregates } from './aggregates.fixtures';

/**
 * The liberty aggregates (preventive measures given, breach entries) against the reference:
 * random caseloads go through the analytics service's projection (measures applied and changed
 * to, deadline breaches of every rule and withdrawals, some before their case, persons never
 * announced, corrections annulling and moving steps, a merge of two records across two cases and
 * another undone, redelivery); after each batch a rebuild from the facts finds nothing to change,
 * and the aggregates give exactly what measuresApplied, deadlineBreaches and personsBreaching
 * compute from the facts, for every period length (and a range of days), breakdown and region.
 */
describe('liberty aggregates', () => {
  const suite = useAggregates();
  const { spans, check } = suite;


  async function expectSameAsReference(): Promise<number> {
    const custody = libertyRules(suite.jurisdiction.pack).custodyMeasures;
    const days = [{ code: '2018-03-15/2018-07-10', starts: suite.jurisdiction.zonedInstant('2018-03-15T00:00'), ends: suite.jurisdiction.zonedInstant('2018-07-11T00:00') }];
    const periodSets = [spans('2017-12', '2020-06', 'month'), spans('2018-Q1', '2020-Q2', 'quarter'), spans('2018', '2020', 'year'), days];
    const rules = libertyRules(suite.jurisdiction.pack);
    const breakdowns: MeasureBreakdown[][] = [[], ['measure'], ['region', 'sex'], ['ageBand', 'juvenile', 'measure'], ['citizenshipGroup', 'disability'], ['region', 'sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability', 'measure']];
    let rows = 0;
    for (const periods of periodSets) {
      for (const by of breakdowns) {
        for (const region of [undefined, 'KG-GB']) {
          const query = { custody, periods, by, region, timeZone: suite.jurisdiction.timeZone };
          const asked = { periods: periods[0].code, by, region };
          const reference = sortedByKey(await measuresApplied(suite.dataSource.manager, query));
          expect({ asked, rows: sortedByKey(await measuresFromAggregates(suite.dataSource.manager, query)) }).toEqual({ asked, rows: reference });
          rows += reference.length;
          // One rule (the cube of the persons breaching, for whole months) and two (a person counts once across them: the entries).
          for (const breached of [rules.detentionRules, rules.custodyRules, [...rules.detentionRules, ...rules.custodyRules]]) {
            const persons = { rules: breached, periods, by: by.filter((breakdown) => breakdown !== 'measure') as Exclude<MeasureBreakdown, 'measure'>[], region, timeZone: suite.jurisdiction.timeZone };
            const expected = sortedByKey(await personsBreaching(suite.dataSource.manager, persons));
            expect({ asked, breached, rows: sortedByKey(await personsBreachingFromAggregates(suite.dataSource.manager, persons)) }).toEqual({ asked, breached, rows: expected });
            rows += expected.length;
          }
        }
      }
      for (const region of [undefined, 'KG-GB']) {
        for (const [byRegion, byRule] of [[false, false], [true, false], [false, true], [true, true]]) {
          const counted = { periods, byRegion, byRule, region, timeZone: suite.jurisdiction.timeZone };
          const expected = sortedByKey(await deadlineBreaches(suite.dataSource.manager, counted));
          expect({ counted, rows: sortedByKey(await breachesFromAggregates(suite.dataSource.manager, counted)) }).toEqual({ counted, rows: expected });
          rows += expected.length;
        }
      }
    }
    return rows;
  }

  it('gives exactly the reference figures after each batch, and a rebuild agrees', async () => {
    for (const seed of [7, 8]) {
      for (const batch of caseload(seed, suite.jurisdiction)) {
        await publishEvents(suite.services.bus, ...batch);
        expect(await check()).toEqual({});
        await expectSameAsReference();
      }
      expect(await expectSameAsReference()).toBeGreaterThan(100);
    }
    const held = await suite.dataSource.query(`SELECT * FROM liberty_measure_counts WHERE persons <> 0 ORDER BY measure, month, region, sex, age_band, juvenile, citizenship_group, disability`);
    const rebuilt = await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(rebuilt.rows.liberty_measure_entries).toBeGreaterThan(50);
    expect(await suite.dataSource.query(`SELECT * FROM liberty_measure_counts ORDER BY measure, month, region, sex, age_band, juvenile, citizenship_group, disability`)).toEqual(held);
  }, 300_000);

  it('finds an entry or a cell that disagrees with the facts, and a rebuild puts it right', async () => {
    await suite.dataSource.query(`UPDATE liberty_measure_counts SET persons = persons + 1 WHERE ctid = (SELECT ctid FROM liberty_measure_counts WHERE persons > 0 LIMIT 1)`);
    await suite.dataSource.query(`DELETE FROM liberty_measure_entries WHERE ctid = (SELECT ctid FROM liberty_measure_entries LIMIT 1)`);
    await suite.dataSource.query(`UPDATE liberty_breach_counts SET breaches = breaches + 1 WHERE ctid = (SELECT ctid FROM liberty_breach_counts WHERE breaches > 0 LIMIT 1)`);
    expect(await check()).toEqual({ liberty_measure_entries: 1, liberty_measure_counts: 2, liberty_breach_counts: 2 });
    await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(await check()).toEqual({});
    await expectSameAsReference();
  }, 120_000);
});

const REGIONS = ['KG-GB', 'KG-C', 'KG-O'];
const MEASURES = ['custody', 'house_arrest', 'travel_ban', 'bail', undefined];
const AGE_BANDS = ['14_17', '18_24', '25_34', 'unknown'] as const;
const RULES = ['detention_court_decision', 'custody_term', 'house_arrest_term', 'investigation_term'];

/**
 * Four batches about 25 cases over 2018–2019, two to four persons each (four records in two cases
 * each): registrations and roles; measures applied and changed (some before their case, some at a
 * month's first instant, some with no measure named); corrections; merges (one undone) and the
 * same steps delivered again.
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
  const withdrawals: CloudEvent<unknown>[] = [];
  const shared = Array.from({ length: 4 }, () => randomUUID());
  const cases: { caseId: string; region: string; persons: string[] }[] = [];
  for (let i = 0; i < 25; i++) {
    const region = pick(REGIONS);
    const start = next() * 600;
    const registered = caseRegistered({ region, registeredAt: instant(start) }, instant(start));
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
    const step = (stepType: string, personId: string, day: number, details: StepRecordedV1['details']) => {
      const occurredAt = instant(day);
      const event = stepRecorded({ caseId, region, stepType, personId, occurredAt, recordedAt: occurredAt, details });
      recorded.push(event.data);
      return event;
    };
    const caseSteps: CloudEvent<unknown>[] = [];
    // Breaches of every rule (some of a case-level clock, with no person), a few withdrawn later; some
    // persons breach the same rule again, days or months later (counted once in a period that holds both).
    const breaches: { personId?: string; rule: string; day: number }[] = [];
    for (let n = Math.floor(next() * 4); n > 0; n--) {
      const breach = { personId: next() < 0.15 ? undefined : pick(persons), rule: pick(RULES), day: start + next() * 200 };
      breaches.push(breach);
      if (breach.personId && next() < 0.4) breaches.push({ ...breach, day: breach.day + (next() < 0.5 ? next() * 20 : next() * 150) });
    }
    for (const { personId, rule, day } of breaches) {
      const dueAt = instant(day);
      const data: DeadlineBreachedV1 = {
        deadlineId: randomUUID(), caseId, region, rule, legalReference: 'CCP', ...(personId && { personId }), startStepId: randomUUID(),
        startedAt: new Date(Date.parse(dueAt) - 2 * dayMs).toISOString(), dueAt, breachedAt: new Date(Date.parse(dueAt) + 60_000).toISOString(),
      };
      caseSteps.push(cloudEvent(DeadlineBreached, caseId, data));
      if (next() < 0.25) {
        const { deadlineId, rule, breachedAt } = data;
        withdrawals.push(cloudEvent(DeadlineBreachWithdrawn, caseId, { deadlineId, caseId, region, rule, ...(personId && { personId }), reason: 'start_annulled', breachedAt, withdrawnAt: new Date().toISOString() }));
      }
    }
    for (const personId of persons) {
      let day = start + 1 + next() * 40;
      for (let n = Math.floor(next() * 4); n > 0; n--) {
        const measure = pick(MEASURES);
        caseSteps.push(
          n % 2 || next() < 0.5
            ? step('preventive_measure_applied', personId, day, measure ? { measure } : {})
            : step('preventive_measure_changed', personId, day, { measure: pick(MEASURES) ?? 'bail', ...(measure && { newMeasure: measure }) }),
        );
        day += next() * 90;
      }
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
  corrections.push(...withdrawals);
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

