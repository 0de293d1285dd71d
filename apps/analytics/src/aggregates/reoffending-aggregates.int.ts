import { randomUUID } from 'node:crypto';
import { CloudEvent, SEXES, StepRecordedV1 } from '@icjims/contracts';
import { addInZone, Jurisdiction } from '@icjims/jurisdiction';
import { publishEvents } from '@icjims/testing';
import { caseRegistered, personAdded, stepCorrected, stepRecorded } from '../analytics.fixtures';
import { openedDetails, probationStream } from '../probation/probation.fixtures';
import { Cohort, CohortBreakdown, reoffending } from '../reoffending/reoffending';
import type { CountRow } from '../tables/count-table';
import { rebuildAggregates } from './rebuild';
import { reoffendingFromAggregates, ReoffendingQuery } from './reoffending-from-aggregates';
import { mergesAndUnmerge, sortedByKey, useAggregates } from './aggregates.fixtures';

/**
 * The reoffending aggregates against the reference: random caseloads of persons who come back
 * go through the analytics service's projection (convictions and acquittals, a second conviction
 * in the same or a later month, new cases registered exactly at, just before and just after the
 * end of a window, cases split off the one of the conviction, suspects by role, suspicion or
 * detention, victims, steps before their case, corrections annulling, moving or amending a
 * verdict, a merge of two records and another undone, redelivery; and probation cases of the
 * convicted completed, revoked, ended twice, annulled or recorded under another record, their
 * entries before the case or late); after each batch a rebuild from the facts finds nothing to
 * change and the aggregates give exactly what `reoffending` computes from the facts, for both
 * cohorts (the convicted, those who completed probation), 12 and 24 months, every period length,
 * breakdown and region, and as of earlier instants (which the facts answer).
 */
describe('reoffending aggregates', () => {
  const suite = useAggregates();
  const { spans, check } = suite;

  async function expectSameAsReference(cohort: Cohort = 'convicted'): Promise<number> {
    const days = [{ code: '2018-03-15/2018-07-10', starts: suite.jurisdiction.zonedInstant('2018-03-15T00:00'), ends: suite.jurisdiction.zonedInstant('2018-07-11T00:00') }];
    const periodSets = [spans('2017-12', '2020-06', 'month'), spans('2018-Q1', '2020-Q2', 'quarter'), spans('2018', '2020', 'year'), days];
    const breakdowns: CohortBreakdown[][] = [[], ['region'], ['sex', 'ageBand'], ['juvenile', 'citizenshipGroup', 'disability'], ['region', 'sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability']];
    let rows = 0;
    for (const months of [12, 24]) {
      for (const periods of periodSets) {
        for (const by of breakdowns) {
          for (const region of [undefined, 'KG-GB']) {
            const query: ReoffendingQuery = { months, periods, by, region, timeZone: suite.jurisdiction.timeZone, cohort };
            const asked = { cohort, months, periods: periods[0].code, by, region };
            const reference = await reoffending(suite.dataSource.manager, query);
            const read = await reoffendingFromAggregates(suite.dataSource.manager, query);
            expect({ asked, cohort: sorted(read.cohort), reoffended: sorted(read.reoffended) }).toEqual({ asked, cohort: sorted(reference.cohort), reoffended: sorted(reference.reoffended) });
            rows += reference.cohort.length;
          }
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
        await expectSameAsReference('completed_probation');
      }
    }
    const [{ reoffended }]: { reoffended: number }[] = await suite.dataSource.query(`SELECT count(*)::int AS reoffended FROM reoffending_convictions WHERE new_case_at IS NOT NULL`);
    expect(reoffended).toBeGreaterThan(10);
    expect(await expectSameAsReference()).toBeGreaterThan(200);
    const [{ completed }]: { completed: number }[] = await suite.dataSource.query(`SELECT count(*) FILTER (WHERE new_case_at IS NOT NULL)::int AS completed FROM reoffending_completions`);
    expect(completed).toBeGreaterThan(5);
    expect(await expectSameAsReference('completed_probation')).toBeGreaterThan(100);
    for (const cube of ['reoffending_counts', 'reoffending_completion_counts']) {
      const ordered = `SELECT * FROM ${cube} WHERE persons <> 0 ORDER BY grain, month, region, sex, age_band, juvenile, citizenship_group, disability, previous_month, previous_in_region_month, months_to_new_case`;
      const held = await suite.dataSource.query(ordered);
      await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone, parts: ['reoffending', 'reoffending_after_probation'] });
      expect(await suite.dataSource.query(ordered)).toEqual(held);
    }
  }, 600_000);

  it('answers as of an earlier instant from the facts as they stood then, for both cohorts', async () => {
    const periods = suite.spans('2018-01', '2019-12', 'month');
    for (const cohort of ['convicted', 'completed_probation'] as const) {
      for (const asOf of [new Date('2019-03-01T00:00:00Z'), new Date('2021-02-01T00:00:00Z'), new Date(Date.now() - 60_000)]) {
        const query: ReoffendingQuery = { months: 12, periods, by: ['region', 'sex'], timeZone: suite.jurisdiction.timeZone, cohort, asOf };
        const [read, reference] = [await reoffendingFromAggregates(suite.dataSource.manager, query), await reoffending(suite.dataSource.manager, query)];
        expect({ cohort, asOf, cohorts: sorted(read.cohort), reoffended: sorted(read.reoffended) }).toEqual({ cohort, asOf, cohorts: sorted(reference.cohort), reoffended: sorted(reference.reoffended) });
      }
    }
    // Early in 2019 fewer had been convicted (completed) and fewer had come back than now.
    const count = async (cohort: Cohort, asOf?: Date) =>
      (await reoffendingFromAggregates(suite.dataSource.manager, { months: 12, periods, by: [], timeZone: suite.jurisdiction.timeZone, cohort, ...(asOf && { asOf }) })).cohort.reduce((sum, row) => sum + row.value, 0);
    for (const cohort of ['convicted', 'completed_probation'] as const) expect(await count(cohort, new Date('2019-03-01T00:00:00Z'))).toBeLessThan(await count(cohort));
  }, 120_000);

  it('finds an entry or a cell that disagrees with the facts, and a rebuild puts it right', async () => {
    await suite.dataSource.query(`UPDATE reoffending_counts SET persons = persons + 1 WHERE ctid = (SELECT ctid FROM reoffending_counts WHERE persons > 0 LIMIT 1)`);
    await suite.dataSource.query(`UPDATE reoffending_convictions SET new_case_at = NULL WHERE ctid = (SELECT ctid FROM reoffending_convictions WHERE new_case_at IS NOT NULL LIMIT 1)`);
    await suite.dataSource.query(`UPDATE reoffending_completion_counts SET persons = persons + 1 WHERE ctid = (SELECT ctid FROM reoffending_completion_counts WHERE persons > 0 LIMIT 1)`);
    await suite.dataSource.query(`DELETE FROM reoffending_completions WHERE ctid = (SELECT ctid FROM reoffending_completions LIMIT 1)`);
    expect(await check()).toEqual({ reoffending_convictions: 2, reoffending_counts: 2, reoffending_completions: 1, reoffending_completion_counts: 2 });
    await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone });
    expect(await check()).toEqual({});
    await expectSameAsReference();
    await expectSameAsReference('completed_probation');
  }, 120_000);
});

/** Rows in the order of their keys. */
const sorted = (rows: readonly CountRow[]) => sortedByKey(rows.map((row) => ({ key: [...row.key], value: row.value })));

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

/**
 * Four batches: about 30 cases over 2018–2020, one to three persons each, most of them from a
 * pool of ten who come back (registrations and roles — suspects, some victims, some never
 * announced); suspicions, detentions and verdicts (some before their case, some at a month's
 * first instant, a few on the 31st); after some convictions a new case of the person registered
 * 1, 11, 12, 13 or 24 months on, to the minute or a minute either side, some split off the case
 * of the conviction; corrections; merges (one undone) and steps delivered again. Half the
 * convicted are supervised on probation (some under another record of the pool), completed most
 * often (some cases ended twice, some annulled, some entries late or before their case), and after
 * some completions a new case of the person comes as after a conviction.
 */
function caseload(seed: number, jurisdiction: Jurisdiction): CloudEvent<unknown>[][] {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const dayMs = 86_400_000;
  const origin = Date.parse('2018-01-01T00:00:00Z');
  const instant = (days: number) => {
    const roll = next();
    const at = new Date(origin + Math.floor(days * dayMs));
    if (roll < 0.15) return jurisdiction.zonedInstant(`${at.toISOString().slice(0, 7)}-01T00:00`).toISOString();
    if (roll < 0.2) return jurisdiction.zonedInstant(`${at.toISOString().slice(0, 4)}-${pick(['01', '03', '05', '08', '10', '12'])}-31T10:00`).toISOString();
    return at.toISOString();
  };
  const [roles, steps, corrections, later]: CloudEvent<unknown>[][] = [[], [], [], []];
  const recorded: StepRecordedV1[] = [];
  const pool = Array.from({ length: 10 }, () => randomUUID());
  const cases: { caseId: string; region: string; persons: string[] }[] = [];

  /** A case with its persons' roles and steps; `registeredAt` and `splitFrom` when a conviction decides them. */
  const addCase = (persons: string[], registeredAt: string, splitFrom?: string) => {
    const region = pick(REGIONS);
    const registered = caseRegistered({ region, registeredAt, ...(splitFrom && { splitFromCaseId: splitFrom }) }, registeredAt);
    const caseId = registered.data.caseId;
    cases.push({ caseId, region, persons });
    const start = (Date.parse(registeredAt) - origin) / dayMs;
    const caseEvents: CloudEvent<unknown>[] = [];
    const caseSteps: CloudEvent<unknown>[] = [];
    const step = (stepType: string, personId: string, day: number, details: StepRecordedV1['details']) => {
      const occurredAt = instant(day);
      const event = stepRecorded({ caseId, region, stepType, personId, occurredAt, recordedAt: occurredAt, details });
      recorded.push(event.data);
      caseSteps.push(event);
      return occurredAt;
    };
    const followUps: [string, string, string][] = [];
    for (const personId of persons) {
      const roll = next();
      if (roll < 0.7) {
        const ageBand = pick(AGE_BANDS);
        caseEvents.push(
          personAdded({ caseId, region, personId, role: 'suspect', sex: pick(SEXES), ageBand, juvenile: ageBand === '14_17', citizenshipGroup: pick(['national', 'cis']), ...(next() < 0.6 && { disability: next() < 0.3 }) }, registeredAt),
        );
      } else if (roll < 0.8) caseEvents.push(personAdded({ caseId, region, personId, role: 'victim' }, registeredAt));
      if (next() < 0.5) step(pick(['suspicion_notified', 'detention']), personId, start + next() * 30, {});
      if (next() < 0.6) {
        const outcome = next() < 0.8 ? 'conviction' : 'acquittal';
        const at = step('verdict', personId, start + 30 + next() * 200, { outcome });
        if (outcome === 'conviction' && next() < 0.5) followUps.push(...probation(caseId, region, personId, at));
        // A second conviction in another case soon after (the same month or the next).
        if (next() < 0.15) followUps.push([personId, addInZone(new Date(at), { amount: Math.floor(next() * 20), unit: 'days' }, jurisdiction.timeZone).toISOString(), 'convicted']);
        if (next() < 0.6) {
          const on = addInZone(new Date(at), { amount: pick([1, 11, 12, 13, 24]), unit: 'months' }, jurisdiction.timeZone).getTime() + pick([0, 0, -60_000, 60_000]);
          followUps.push([personId, new Date(on).toISOString(), next() < 0.15 ? caseId : '']);
        }
      }
    }
    if (next() < 0.2) steps.push(...caseSteps, registered, ...caseEvents);
    else {
      roles.push(registered, ...caseEvents);
      steps.push(...caseSteps);
    }
    if (caseSteps.length && next() < 0.3) later.push(stepRecorded({ ...(caseSteps[0] as CloudEvent<StepRecordedV1>).data }));
    return followUps;
  };

  /**
   * A probation case of the person convicted `at`: opened, ended (completed mostly) months on, at
   * times a second end, an annulment or its entries late; new cases after a completion.
   */
  const probation = (caseId: string, region: string, personId: string, at: string): [string, string, string][] => {
    const recordedAs = next() < 0.15 ? pick(pool) : personId;
    const stream = probationStream({ caseId, personId: recordedAs, region });
    const day = (from: string, days: number) => new Date(Date.parse(from) + days * dayMs).toISOString().slice(0, 10);
    const startsOn = day(at, 1);
    const endedOn = day(at, 30 + Math.floor(next() * 400));
    const entries = [stream.entry('opened', openedDetails('probation_supervision', startsOn), startsOn)];
    const end = next() < 0.8 ? 'completed' : pick(['revoked', 'terminated_early'] as const);
    entries.push(stream.entry('ended', { end, endedOn }, endedOn));
    const roll = next();
    const after = (days: number) => day(`${endedOn}T06:00:00Z`, days);
    if (roll < 0.1) entries.push(stream.entry('ended', { end: end === 'completed' ? 'revoked' : 'completed', endedOn: after(20) }, after(20)));
    else if (roll < 0.18) entries.push(stream.entry('annulled', { sourceStepId: randomUUID(), correctionStepId: randomUUID(), ground: 'sentence_annulled' }, after(5)));
    (next() < 0.25 ? later : steps).push(...entries);
    if (end !== 'completed' || next() < 0.4) return [];
    const completedAt = jurisdiction.zonedInstant(`${endedOn}T00:00`);
    const on = addInZone(completedAt, { amount: pick([1, 11, 12, 13, 24]), unit: 'months' }, jurisdiction.timeZone).getTime() + pick([0, 0, -60_000, 60_000]);
    return [[personId, new Date(on).toISOString(), next() < 0.15 ? caseId : '']];
  };

  const queue: [string[], string, string?][] = [];
  for (let i = 0; i < 18; i++) {
    const persons = [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => (next() < 0.7 ? pick(pool) : randomUUID())))];
    queue.push([persons, instant(next() * 700)]);
  }
  for (let n = 0; n < queue.length && n < 40; n++) {
    const [persons, registeredAt, splitFrom] = queue[n];
    for (const [personId, on, how] of addCase(persons, registeredAt, splitFrom)) {
      if (how === 'convicted') queue.push([[personId], on]);
      else queue.push([[personId, ...(next() < 0.3 ? [randomUUID()] : [])], on, how || undefined]);
    }
  }
  for (const data of recorded) {
    const roll = next();
    if (roll < 0.08) corrections.push(stepCorrected(data, new Date().toISOString()));
    else if (roll < 0.2) corrections.push(stepCorrected(data, new Date().toISOString(), { occurredAt: new Date(Date.parse(data.occurredAt) + (next() - 0.4) * 90 * dayMs).toISOString() }));
  }
  later.push(...mergesAndUnmerge(cases, pool));
  return [roles, steps, corrections, later];
}
