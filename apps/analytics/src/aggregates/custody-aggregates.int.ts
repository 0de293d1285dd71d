import { randomUUID } from 'node:crypto';
import { CloudEvent, SEXES, StepRecordedV1 } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { publishEvents } from '@icjims/testing';
import { caseRegistered, personAdded, stepCorrected, stepRecorded } from '../analytics.fixtures';
import { custodyLengths, personsHeld } from '../liberty/custody-episodes';
import { libertyRules } from '../liberty/liberty-rules';
import type { PersonBreakdown } from '../people/person-counts';
import { LENGTH_KEY } from './custody-aggregates';
import { custodyLengthsFromAggregates, personsHeldFromAggregates } from './custody-from-aggregates';
import { rebuildAggregates } from './rebuild';
import { mergesAndUnmerge, sortedByKey, useAggregates } from './aggregates.fixtures';

/**
 * The custody aggregate against the reference: random caseloads go through the analytics
 * service's projection — detentions, custody applied, extended, changed and lifted, releases,
 * verdicts, sentences of imprisonment and others, terminated and closed cases, cases joined into
 * others and persons split off into others (the deprivation received there), persons never
 * announced, steps before their case, corrections annulling and moving steps, a merge of two
 * records across two cases and another undone, redelivery — and after each batch (after each
 * event for a join and a split) a rebuild from the facts finds nothing to change, and the
 * aggregate gives exactly what custodyLengths and personsHeld compute from the facts, for every
 * period length (and a range of days), breakdown and region: the lengths in whole days of whole
 * months read off the lengths cube's histograms, the others from the entries.
 */
describe('custody aggregate', () => {
  const suite = useAggregates();
  const { spans, check } = suite;

  async function expectSameAsReference(): Promise<number> {
    const rules = libertyRules(suite.jurisdiction.pack);
    const timeZone = suite.jurisdiction.timeZone;
    const days = [{ code: '2018-03-15/2018-07-10', starts: suite.jurisdiction.zonedInstant('2018-03-15T00:00'), ends: suite.jurisdiction.zonedInstant('2018-07-11T00:00') }];
    const periodSets = [spans('2017-12', '2020-06', 'month'), spans('2018-Q1', '2020-Q2', 'quarter'), spans('2018', '2020', 'year'), days];
    // Whole months read the lengths cube's grains (none, a category, the region, the region and a category); two categories and a range of days the entries.
    const breakdowns: PersonBreakdown[][] = [[], ['sex'], ['region'], ['region', 'ageBand'], ['juvenile', 'citizenshipGroup', 'disability']];
    let rows = 0;
    for (const periods of periodSets) {
      for (const by of breakdowns) {
        for (const region of [undefined, 'KG-GB']) {
          const query = { rules, periods, by, region, timeZone };
          const asked = { periods: periods[0].code, by, region };
          for (const quantile of [0.5, 0.9]) {
            const lengths = sortedByKey(await custodyLengths(suite.dataSource.manager, { ...query, quantile }));
            expect({ asked, quantile, rows: sortedByKey(await custodyLengthsFromAggregates(suite.dataSource.manager, { ...query, quantile })) }).toEqual({ asked, quantile, rows: lengths });
            rows += lengths.length;
          }
          const held = sortedByKey(await personsHeld(suite.dataSource.manager, query));
          expect({ asked, rows: sortedByKey(await personsHeldFromAggregates(suite.dataSource.manager, query)) }).toEqual({ asked, rows: held });
          rows += held.length;
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
    const held = await suite.dataSource.query(`SELECT * FROM custody_held_counts WHERE persons <> 0 ORDER BY month, region, sex, age_band, juvenile, citizenship_group, disability, unsentenced`);
    const lengths = await suite.dataSource.query(`SELECT * FROM custody_length_counts WHERE episodes <> 0 ORDER BY ${LENGTH_KEY.join(', ')}`);
    const rebuilt = await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(rebuilt.rows.custody_entries).toBeGreaterThan(50);
    expect(await suite.dataSource.query(`SELECT * FROM custody_held_counts ORDER BY month, region, sex, age_band, juvenile, citizenship_group, disability, unsentenced`)).toEqual(held);
    expect(lengths.length).toBeGreaterThan(50);
    expect(await suite.dataSource.query(`SELECT * FROM custody_length_counts ORDER BY ${LENGTH_KEY.join(', ')}`)).toEqual(lengths);
  }, 600_000);

  it('keeps a joined case and a person split off right after every event, whichever case hears first', async () => {
    const region = 'KG-N';
    const [source, receiving, other] = [caseRegistered({ region }, '2022-01-01T00:00:00Z'), caseRegistered({ region }, '2022-01-01T00:00:00Z'), caseRegistered({ region }, '2022-01-01T00:00:00Z')];
    const [s, r, o] = [source.data.caseId, receiving.data.caseId, other.data.caseId];
    const [g, h] = [randomUUID(), randomUUID()];
    const step = (caseId: string, personId: string | undefined, stepType: string, occurredAt: string, details: StepRecordedV1['details'] = {}) =>
      stepRecorded({ caseId, region, personId, stepType, occurredAt, recordedAt: occurredAt, details });
    const standing = (caseId: string, from: string, personId: string, via: string, at: string, detainedSince?: string) =>
      step(caseId, personId, 'standing_received', at, { fromCaseId: from, via, status: 'suspect', since: '2022-03-01T06:00:00Z', suspicionNotified: false, pleaAgreement: false, ...(detainedSince && { detainedSince }) });
    const detained = step(s, g, 'detention', '2022-03-01T06:00:00Z');
    const events: CloudEvent<unknown>[] = [
      source,
      personAdded({ caseId: s, region, personId: g, sex: 'female' }),
      // The receiving case hears of g's custody before the source case records it.
      standing(r, s, g, 'join', '2022-03-11T06:00:00Z'),
      step(r, g, 'measure_received', '2022-03-11T06:00:00Z', { fromCaseId: s, measure: 'custody', decidedAt: '2022-03-08T06:00:00Z', until: '2022-05-09T06:00:00Z' }),
      receiving,
      detained,
      step(s, g, 'preventive_measure_applied', '2022-03-02T06:00:00Z', { measure: 'custody', until: '2022-03-09T06:00:00Z' }),
      step(s, h, 'detention', '2022-03-05T06:00:00Z'),
      step(s, h, 'person_left', '2022-03-06T06:00:00Z', { reason: 'split', toCaseId: o }),
      standing(o, s, h, 'split', '2022-03-06T06:00:00Z', '2022-03-05T06:00:00Z'),
      other,
      step(s, undefined, 'case_joined', '2022-03-11T06:00:00Z', { intoCaseId: r }),
      step(o, h, 'release_from_detention', '2022-04-07T06:00:00Z'),
      step(r, g, 'verdict', '2022-05-10T06:00:00Z', { outcome: 'conviction' }),
      step(r, g, 'sentence', '2022-05-12T06:00:00Z', { sentenceType: 'imprisonment', termMonths: 6 }),
      // The detention in the source case moved a day earlier: both receiving cases' episodes begin earlier.
      stepCorrected(detained.data, new Date().toISOString(), { occurredAt: '2022-02-28T06:00:00Z', personId: g }),
    ];
    for (const event of events) {
      await publishEvents(suite.services.bus, event);
      expect({ after: event.type, differences: await check() }).toEqual({ after: event.type, differences: {} });
    }
    await expectSameAsReference();
    const [entries]: { entries: string }[] = await suite.dataSource.query(
      `SELECT count(*) AS entries FROM custody_entries WHERE case_id IN ($1, $2) AND kind = 'pretrial' AND NOT transferred AND started_at = '2022-02-28T06:00:00Z'`,
      [r, o],
    );
    expect(Number(entries.entries)).toBe(1);
    const rules = libertyRules(suite.jurisdiction.pack);
    const periods = spans('2022-03', '2022-05', 'month');
    // h: detained on 5 March, split off on the 6th, released on 7 April: 33 days, in April; g: from 28 February (the custody received began with the detention) to the verdict on 10 May: 71 days, in May.
    expect(sortedByKey(await custodyLengthsFromAggregates(suite.dataSource.manager, { rules, periods, by: [], region, quantile: 0.5, timeZone: suite.jurisdiction.timeZone }))).toEqual([
      { key: ['2022-04'], days: 33, episodes: 1 },
      { key: ['2022-05'], days: 71, episodes: 1 },
    ]);
    // Held at the end of March: g (in the receiving case) and h (in the case split into), once each; of April g; of May g serving the sentence.
    expect(sortedByKey(await personsHeldFromAggregates(suite.dataSource.manager, { rules, periods, by: [], region, timeZone: suite.jurisdiction.timeZone }))).toEqual([
      { key: ['2022-03'], unsentenced: 2, held: 2 },
      { key: ['2022-04'], unsentenced: 1, held: 1 },
      { key: ['2022-05'], unsentenced: 0, held: 1 },
    ]);
  }, 300_000);

  it('finds an entry or a cell that disagrees with the facts, and a rebuild puts it right', async () => {
    await suite.dataSource.query(`UPDATE custody_held_counts SET persons = persons + 1 WHERE ctid = (SELECT ctid FROM custody_held_counts WHERE persons > 0 LIMIT 1)`);
    await suite.dataSource.query(`UPDATE custody_length_counts SET episodes = episodes + 1 WHERE ctid = (SELECT ctid FROM custody_length_counts WHERE episodes > 0 LIMIT 1)`);
    await suite.dataSource.query(`DELETE FROM custody_entries WHERE ctid = (SELECT ctid FROM custody_entries LIMIT 1)`);
    expect(await check()).toEqual({ custody_entries: 1, custody_held_counts: expect.any(Number), custody_length_counts: expect.any(Number) });
    await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(await check()).toEqual({});
    await expectSameAsReference();
  }, 120_000);
});

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = ['KG-GB', 'KG-C', 'KG-O'];
const AGE_BANDS = ['14_17', '18_24', '25_34', 'unknown'] as const;
type Move = 'detention' | 'custody' | 'extend' | 'to_house_arrest' | 'lift' | 'release' | 'verdict' | 'sentence' | 'leave';
const MOVES: readonly Move[] = ['detention', 'custody', 'custody', 'extend', 'to_house_arrest', 'lift', 'release', 'release', 'verdict', 'sentence', 'leave'];

/**
 * Four batches of 24 cases over 2018–2019, two to four persons each (four records in two cases
 * each, so that some are held in two cases at once): registrations and roles; each person's
 * liberty steps in any order (the journal's checks are not the aggregate's business), some at a
 * month's first instant; cases terminated or closed; a third of the cases joined into the next
 * one (the custody or the detention received there), some persons split off into the next case;
 * corrections; merges (one undone) and the same steps delivered again.
 */
function caseload(seed: number, jurisdiction: Jurisdiction): CloudEvent<unknown>[][] {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const dayMs = 86_400_000;
  const origin = Date.parse('2018-01-01T00:00:00Z');
  const instant = (days: number) =>
    next() < 0.15
      ? jurisdiction.zonedInstant(`${new Date(origin + days * dayMs).toISOString().slice(0, 7)}-01T00:00`).toISOString()
      : new Date(origin + Math.floor(days * dayMs)).toISOString();
  const [roles, steps, corrections, later]: CloudEvent<unknown>[][] = [[], [], [], []];
  const recorded: StepRecordedV1[] = [];
  const shared = Array.from({ length: 4 }, () => randomUUID());
  const cases = Array.from({ length: 24 }, (_, i) => {
    const region = pick(REGIONS);
    const start = next() * 500;
    const registered = caseRegistered({ region, registeredAt: instant(start) }, instant(start));
    const persons: string[] = Array.from({ length: 2 + Math.floor(next() * 3) }, (_, j) => (i < 8 && j < 2 ? shared[(i + j) % 4] : randomUUID()));
    return { registered, caseId: registered.data.caseId, region, start, persons: [...new Set(persons)] };
  });
  const step = (caseIndex: number, stepType: string, personId: string | undefined, day: number, details: StepRecordedV1['details'] = {}) => {
    const { caseId, region } = cases[caseIndex];
    const occurredAt = instant(day);
    const event = stepRecorded({ caseId, region, stepType, personId, occurredAt, recordedAt: occurredAt, details });
    recorded.push(event.data);
    return event;
  };
  cases.forEach(({ registered, caseId, region, start, persons }, i) => {
    const caseEvents: CloudEvent<unknown>[] = [];
    for (const personId of persons) {
      if (next() < 0.15) continue; // never announced: unknown in every category
      const ageBand = pick(AGE_BANDS);
      caseEvents.push(
        personAdded({ caseId, region, personId, role: 'suspect', sex: pick(SEXES), ageBand, juvenile: ageBand === '14_17', citizenshipGroup: pick(['national', 'cis']), ...(next() < 0.6 && { disability: next() < 0.3 }) }, instant(start)),
      );
    }
    const caseSteps: CloudEvent<unknown>[] = [];
    let last = start;
    for (const personId of persons) {
      let day = start + 1 + next() * 30;
      for (let n = 1 + Math.floor(next() * 5); n > 0; n--) {
        const move = pick(MOVES);
        caseSteps.push(
          move === 'detention' ? step(i, 'detention', personId, day)
          : move === 'custody' ? step(i, 'preventive_measure_applied', personId, day, { measure: 'custody', until: instant(day + 60) })
          : move === 'extend' ? step(i, 'preventive_measure_extended', personId, day, { measure: 'custody', until: instant(day + 90) })
          : move === 'to_house_arrest' ? step(i, 'preventive_measure_changed', personId, day, { measure: 'custody', newMeasure: 'house_arrest' })
          : move === 'lift' ? step(i, 'preventive_measure_lifted', personId, day, { measure: 'custody' })
          : move === 'release' ? step(i, 'release_from_detention', personId, day)
          : move === 'verdict' ? step(i, 'verdict', personId, day, { outcome: pick(['conviction', 'acquittal']) })
          : move === 'sentence' ? step(i, 'sentence', personId, day, next() < 0.7 ? { sentenceType: 'imprisonment', termMonths: 1 + Math.floor(next() * 12) } : { sentenceType: 'fine' })
          : step(i, 'person_left', personId, day, { reason: 'removed' }),
        );
        day += next() * 60;
      }
      last = Math.max(last, day);
    }
    const into = i + 1 < cases.length ? cases[i + 1] : undefined;
    const roll = next();
    if (into && roll < 0.3) {
      // Joined into the next case: everyone held goes along (their custody or their detention received there).
      const day = last + next() * 10;
      caseSteps.push(step(i, 'case_joined', undefined, day, { intoCaseId: into.caseId }));
      for (const personId of persons) {
        caseSteps.push(step(i + 1, 'standing_received', personId, day, { fromCaseId: caseId, via: 'join', status: 'suspect', since: instant(start), suspicionNotified: false, pleaAgreement: false, ...(next() < 0.4 && { detainedSince: instant(day - 2) }) }));
        if (next() < 0.5) caseSteps.push(step(i + 1, 'measure_received', personId, day, { fromCaseId: caseId, measure: 'custody', decidedAt: instant(day - 5), until: instant(day + 60) }));
        if (next() < 0.5) caseSteps.push(step(i + 1, next() < 0.5 ? 'verdict' : 'release_from_detention', personId, day + 5 + next() * 40, { outcome: 'conviction' }));
      }
    } else if (into && roll < 0.45) {
      // A person split off into the next case while detained.
      const personId = pick(persons);
      const day = start + 5 + next() * 20;
      caseSteps.push(step(i, 'detention', personId, day - 3), step(i, 'person_left', personId, day, { reason: 'split', toCaseId: into.caseId }));
      caseSteps.push(step(i + 1, 'standing_received', personId, day, { fromCaseId: caseId, via: 'split', status: 'suspect', since: instant(start), suspicionNotified: false, pleaAgreement: false, detainedSince: instant(day - 3) }));
      if (next() < 0.6) caseSteps.push(step(i + 1, 'release_from_detention', personId, day + next() * 30));
    } else if (roll < 0.6) caseSteps.push(step(i, pick(['proceedings_terminated', 'case_closed']), undefined, last + next() * 30));
    if (next() < 0.2) steps.push(...caseSteps, registered, ...caseEvents);
    else {
      roles.push(registered, ...caseEvents);
      steps.push(...caseSteps);
    }
    if (caseSteps.length && next() < 0.3) later.push(stepRecorded({ ...(caseSteps[0] as CloudEvent<StepRecordedV1>).data }));
  });
  for (const data of recorded) {
    const roll = next();
    if (roll < 0.08) corrections.push(stepCorrected(data, new Date().toISOString()));
    else if (roll < 0.2) corrections.push(stepCorrected(data, new Date().toISOString(), { occurredAt: new Date(Date.parse(data.occurredAt) + (next() - 0.4) * 60 * dayMs).toISOString() }));
  }
  later.push(...mergesAndUnmerge(cases, shared));
  return [roles, steps, corrections, later];
}
