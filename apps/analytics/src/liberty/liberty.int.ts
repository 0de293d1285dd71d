import { randomUUID } from 'node:crypto';
import { DeadlineBreached, DeadlineBreachWithdrawn, PersonMerged } from '@icjims/contracts';
import { cloudEvent, http, stepCorrection } from '@icjims/testing';
import { caseRegistered, personAdded, stepRecorded, useAnalytics } from '../analytics.fixtures';
import { EXACT_FOR_NATIONAL_VARIABLE } from '../disclosure/disclosure-policy';
import { TOTAL } from '../tables/statistical-table';

/**
 * Detention and custody from events to tables: persons over the legal time and beyond the
 * custody term, the length of pre-trial deprivation of liberty, the share of unsentenced
 * detainees, and the preventive measures given — corrections, merges and asOf applied.
 */
describe('liberty indicators', () => {
  // National analysts see exact figures here, to check them; regional ones see them protected.
  const suite = useAnalytics({ [EXACT_FOR_NATIONAL_VARIABLE]: 'true' });
  const { deliver, cellsOf } = suite;
  let regional: string;
  beforeAll(async () => {
    regional = await suite.services.tokenFor('analyst', { region: 'KG-O' });
  });

  /** A step in the case, recorded five minutes after it happened (`at`: an instant in UTC). */
  const step = (caseId: string, region: string, personId: string | undefined, stepType: string, at: string, details: Record<string, string | number | boolean> = {}) =>
    stepRecorded({ caseId, region, personId, stepType, occurredAt: at, recordedAt: new Date(Date.parse(at) + 300_000).toISOString(), details });

  it('counts the persons whose detention or custody clock ran out, by the pack’s rules chosen by what starts them, each once per case and month', async () => {
    const registered = caseRegistered({ region: 'KG-C' }, '2007-02-01T00:00:00Z');
    const caseId = registered.data.caseId;
    const [woman, man, unannounced, sameWoman] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const breach = (personId: string, rule: string, dueAt: string) =>
      cloudEvent(DeadlineBreached, caseId, {
        deadlineId: randomUUID(), caseId, region: 'KG-C', rule, legalReference: 'CCP', personId, startStepId: randomUUID(), startedAt: '2007-03-01T00:00:00Z', dueAt,
        breachedAt: new Date(Date.parse(dueAt) + 60_000).toISOString(),
      });
    const withdrawn = breach(man, 'detention_court_decision', '2007-03-05T06:00:00Z');
    await deliver(
      registered,
      personAdded({ caseId, region: 'KG-C', personId: woman, sex: 'female' }, '2007-02-02T00:00:00Z'),
      personAdded({ caseId, region: 'KG-C', personId: man, sex: 'male' }, '2007-02-02T00:00:00Z'),
    );
    await deliver(
      // Two detentions of the woman overran in March: one person.
      breach(woman, 'detention_court_decision', '2007-03-03T06:00:00Z'),
      breach(woman, 'detention_court_decision', '2007-03-10T06:00:00Z'),
      // A second record of the woman, merged into hers on 15 April: one person from then on.
      breach(sameWoman, 'detention_court_decision', '2007-03-12T06:00:00Z'),
      withdrawn,
      breach(man, 'custody_term', '2007-03-20T06:00:00Z'),
      // House arrest is not custody: its rule is started by another measure.
      breach(woman, 'house_arrest_term', '2007-03-21T06:00:00Z'),
      breach(unannounced, 'detention_court_decision', '2007-05-02T06:00:00Z'),
    );
    await deliver(
      cloudEvent(DeadlineBreachWithdrawn, caseId, {
        deadlineId: withdrawn.data.deadlineId, caseId, region: 'KG-C', rule: 'detention_court_decision', personId: man, reason: 'start_annulled',
        breachedAt: withdrawn.data.breachedAt, withdrawnAt: '2007-04-01T00:00:00Z',
      }),
      cloudEvent(PersonMerged, caseId, { caseId, region: 'KG-C', mergedPersonId: sameWoman, survivingPersonId: woman }, { time: '2007-04-15T00:00:00Z' }),
    );
    const range = 'from=2007-03&to=2007-05&region=KG-C';
    const detained = await cellsOf(`persons_detained_over_legal_time/table?${range}&by=sex`);
    expect([detained['2007-03|female'], detained['2007-03|male'], detained['2007-03|unknown'], detained[`2007-03|${TOTAL}`]]).toEqual([1, 0, 0, 1]);
    // A month with nothing is zeros; a person case-registry never announced is unknown.
    expect([detained[`2007-04|${TOTAL}`], detained['2007-05|unknown'], detained[`2007-05|${TOTAL}`]]).toEqual([0, 1, 1]);
    // As published before the withdrawal, the man counted; before the merge, the woman's second record too (of unknown sex: case-registry never announced it).
    const before = await cellsOf(`persons_detained_over_legal_time/table?${range}&by=sex&asOf=2007-03-31T00:00:00Z`);
    expect([before['2007-03|female'], before['2007-03|male'], before['2007-03|unknown'], before[`2007-03|${TOTAL}`]]).toEqual([1, 1, 1, 3]);
    const beforeMerge = await cellsOf(`persons_detained_over_legal_time/table?${range}&asOf=2007-04-10T00:00:00Z`);
    expect(beforeMerge['2007-03']).toBe(2);
    expect(await cellsOf(`persons_in_custody_beyond_term/table?${range}`)).toEqual({ '2007-03': 1, '2007-04': 0, '2007-05': 0 });
    // Protected, as an analyst of the region sees it: single persons are withheld.
    const protectedCells = await cellsOf(`persons_detained_over_legal_time/table?${range}&by=sex`, await suite.services.tokenFor('analyst', { region: 'KG-C' }));
    expect([protectedCells['2007-03|female'], protectedCells['2007-03|male'], protectedCells['2007-05|unknown']]).toEqual(['primary', 0, 'primary']);
  });

  it('measures pre-trial deprivation of liberty from a detention or custody to its end, and who is held unsentenced at each month’s end', async () => {
    const region = 'KG-O';
    const [first, second] = [caseRegistered({ region }, '2011-01-01T00:00:00Z'), caseRegistered({ region }, '2011-01-01T00:00:00Z')];
    const [x, y] = [first.data.caseId, second.data.caseId];
    const [a, b, c, d, e, f] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await deliver(first, second, ...[a, b, c, d, e].map((personId) => personAdded({ caseId: x, region, personId, sex: personId === a ? 'female' : 'male' }, '2011-01-02T00:00:00Z')));
    const eReleased = step(x, region, e, 'release_from_detention', '2011-02-25T06:00:00Z');
    await deliver(
      // a: detained, then custody continues it, released after 30 days (ends in February).
      step(x, region, a, 'detention', '2011-01-10T06:00:00Z'),
      step(x, region, a, 'preventive_measure_applied', '2011-01-12T06:00:00Z', { measure: 'custody', until: '2011-03-12T06:00:00Z' }),
      step(x, region, a, 'release_from_detention', '2011-02-09T06:00:00Z'),
      // b: detained for two days (ends in January).
      step(x, region, b, 'detention', '2011-01-20T06:00:00Z'),
      step(x, region, b, 'release_from_detention', '2011-01-22T06:00:00Z'),
      // c: custody without a detention, ended by the verdict after 10 days; then serving 12 months.
      step(x, region, c, 'preventive_measure_applied', '2011-02-01T06:00:00Z', { measure: 'custody' }),
      step(x, region, c, 'verdict', '2011-02-11T06:00:00Z', { outcome: 'conviction' }),
      step(x, region, c, 'sentence', '2011-02-12T06:00:00Z', { sentenceType: 'imprisonment', termMonths: 12 }),
      // d: detained on 20 February and still held.
      step(x, region, d, 'detention', '2011-02-20T06:00:00Z'),
      // e: detained 20 days as recorded — a correction later puts the release 10 days earlier.
      step(x, region, e, 'detention', '2011-02-05T06:00:00Z'),
      eReleased,
      // f: detained in the second case, which is terminated three days later (a case-level end).
      step(y, region, f, 'detention', '2011-03-01T06:00:00Z'),
      step(y, region, undefined, 'proceedings_terminated', '2011-03-04T06:00:00Z', { ground: 'no_crime' }),
    );
    const range = `from=2011-01&to=2011-03&region=${region}`;
    const published = { median: await cellsOf(`pre_trial_detention_length_median/table?${range}`), p90: await cellsOf(`pre_trial_detention_length_p90/table?${range}`) };
    // January: b's 2 days. February: a 30, c 10, e 20. March: f 3.
    expect(published.median).toEqual({ '2011-01': 2, '2011-02': 20, '2011-03': 3 });
    // The 90th percentile of 10, 20, 30: 20 + 0.8 × 10.
    expect(published.p90['2011-02']).toBe(28);

    const [amending, amended] = stepCorrection(eReleased.data, { action: 'amend', standsAs: { personId: e, occurredAt: '2011-02-15T06:00:00Z', details: {} } });
    await deliver(amending, amended);
    // February now: 10, 10, 30.
    expect((await cellsOf(`pre_trial_detention_length_median/table?${range}`))['2011-02']).toBe(10);
    // As it stood before the correction (it was made now, long after 2011).
    expect((await cellsOf(`pre_trial_detention_length_median/table?${range}&asOf=2012-01-01T00:00:00Z`))['2011-02']).toBe(20);
    // By sex: the only woman (a) was held 30 days; the men's episodes ending in February were 10 days each; no woman's ended in January.
    const bySex = await cellsOf(`pre_trial_detention_length_median/table?${range}&by=sex`);
    expect([bySex['2011-02|female'], bySex['2011-02|male'], bySex[`2011-02|${TOTAL}`]]).toEqual([30, 10, 10]);
    expect(bySex['2011-01|female']).toBe('small-denominator');

    // Held at the end of January: a (in custody). February: d pre-trial, c serving. March: d, c.
    const share = await cellsOf(`unsentenced_detainee_share/table?${range}`);
    expect(share).toEqual({ '2011-01': 100, '2011-02': 50, '2011-03': 50 });
    const shareBySex = await cellsOf(`unsentenced_detainee_share/table?${range}&by=sex`);
    expect([shareBySex['2011-02|male'], shareBySex['2011-02|female'], shareBySex['2011-01|female']]).toEqual([50, 'small-denominator', 100]);
    // Protected, as a regional analyst sees it: two persons are fewer than the minimum denominator.
    expect((await cellsOf(`unsentenced_detainee_share/table?${range}`, regional))['2011-02']).toBe('small-denominator');
    // A quantile over fewer episodes than the minimum denominator is withheld too.
    expect((await cellsOf(`pre_trial_detention_length_median/table?${range}`, regional))['2011-02']).toBe('small-denominator');
  });

  it('starts a new episode after a release, ends custody changed to a measure that is not custody, and leaves out what began after the verdict', async () => {
    const region = 'KG-Y';
    const registered = caseRegistered({ region }, '2015-02-01T00:00:00Z');
    const caseId = registered.data.caseId;
    const [p, q, s] = [randomUUID(), randomUUID(), randomUUID()];
    await deliver(
      registered,
      // p: detained 1–3 March (2 days), then again from 10 March, in custody from 11 March, changed to house arrest on 20 March (10 days).
      step(caseId, region, p, 'detention', '2015-03-01T06:00:00Z'),
      step(caseId, region, p, 'release_from_detention', '2015-03-03T06:00:00Z'),
      step(caseId, region, p, 'detention', '2015-03-10T06:00:00Z'),
      step(caseId, region, p, 'preventive_measure_applied', '2015-03-11T06:00:00Z', { measure: 'custody' }),
      step(caseId, region, p, 'preventive_measure_changed', '2015-03-20T06:00:00Z', { measure: 'custody', newMeasure: 'house_arrest' }),
      // q: in custody from 5 March; lifting another measure does not end it, the verdict on 25 March does (20 days).
      step(caseId, region, q, 'preventive_measure_applied', '2015-03-05T06:00:00Z', { measure: 'custody' }),
      step(caseId, region, q, 'preventive_measure_lifted', '2015-03-06T06:00:00Z', { measure: 'travel_ban' }),
      step(caseId, region, q, 'verdict', '2015-03-25T06:00:00Z', { outcome: 'acquittal' }),
      // s: acquitted on 1 March, then detained 5–7 March: not pre-trial.
      step(caseId, region, s, 'verdict', '2015-03-01T06:00:00Z', { outcome: 'acquittal' }),
      step(caseId, region, s, 'detention', '2015-03-05T06:00:00Z'),
      step(caseId, region, s, 'release_from_detention', '2015-03-07T06:00:00Z'),
    );
    const range = `from=2015-03&to=2015-03&region=${region}`;
    // 2, 10 and 20 days: median 10, 90th percentile 10 + 0.8 × 10.
    expect(await cellsOf(`pre_trial_detention_length_median/table?${range}`)).toEqual({ '2015-03': 10 });
    expect(await cellsOf(`pre_trial_detention_length_p90/table?${range}`)).toEqual({ '2015-03': 18 });
    // Nobody is held at the end of March (house arrest is not custody): no share.
    expect(await cellsOf(`unsentenced_detainee_share/table?${range}`)).toEqual({ '2015-03': 'small-denominator' });
  });

  it('follows a deprivation of liberty into the case it was joined or split into, from when it began', async () => {
    const region = 'KG-B';
    const [source, receiving] = [caseRegistered({ region }, '2014-02-01T00:00:00Z'), caseRegistered({ region }, '2014-02-01T00:00:00Z')];
    const [s, r] = [source.data.caseId, receiving.data.caseId];
    const [g, h] = [randomUUID(), randomUUID()];
    const standing = (personId: string, via: string, at: string, detainedSince?: string) =>
      step(r, region, personId, 'standing_received', at, {
        fromCaseId: s, via, status: 'suspect', since: '2014-03-01T06:00:00Z', suspicionNotified: false, pleaAgreement: false, ...(detainedSince && { detainedSince }),
      });
    await deliver(
      source,
      receiving,
      // g: detained on 1 March, in custody from 2 March (extended on 8 March); the case is joined on 11 March, g's verdict is given there on 10 April: 40 days.
      step(s, region, g, 'detention', '2014-03-01T06:00:00Z'),
      step(s, region, g, 'preventive_measure_applied', '2014-03-02T06:00:00Z', { measure: 'custody', until: '2014-03-09T06:00:00Z' }),
      step(s, region, g, 'preventive_measure_extended', '2014-03-08T06:00:00Z', { measure: 'custody', until: '2014-05-09T06:00:00Z' }),
      // h: detained on 5 March, split off into the other case on 6 March, released there on 7 March: 2 days.
      step(s, region, h, 'detention', '2014-03-05T06:00:00Z'),
      step(s, region, h, 'person_left', '2014-03-06T06:00:00Z', { reason: 'split', toCaseId: r }),
      standing(h, 'split', '2014-03-06T06:00:00Z', '2014-03-05T06:00:00Z'),
      step(r, region, h, 'release_from_detention', '2014-03-07T06:00:00Z'),
      step(s, region, undefined, 'case_joined', '2014-03-11T06:00:00Z', { intoCaseId: r }),
      standing(g, 'join', '2014-03-11T06:00:00Z'),
      step(r, region, g, 'measure_received', '2014-03-11T06:00:00Z', { fromCaseId: s, measure: 'custody', decidedAt: '2014-03-08T06:00:00Z', until: '2014-05-09T06:00:00Z' }),
      step(r, region, g, 'verdict', '2014-04-10T06:00:00Z', { outcome: 'conviction' }),
    );
    const range = `from=2014-03&to=2014-04&region=${region}`;
    // The transfers end no length of their own: March has h's 2 days only; April g's 40.
    expect(await cellsOf(`pre_trial_detention_length_median/table?${range}`)).toEqual({ '2014-03': 2, '2014-04': 40 });
    // At the end of March g is held (in the receiving case), once; at the end of April nobody.
    expect(await cellsOf(`unsentenced_detainee_share/table?${range}`)).toEqual({ '2014-03': 100, '2014-04': 'small-denominator' });
  });

  it('counts persons given each preventive measure of the pack, and the share of non-custodial ones — merges and annulments applied', async () => {
    const region = 'KG-T';
    const registered = caseRegistered({ region }, '2012-04-01T00:00:00Z');
    const caseId = registered.data.caseId;
    const [a, b, merged, c] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const annulled = step(caseId, region, c, 'preventive_measure_applied', '2012-05-06T06:00:00Z', { measure: 'house_arrest' });
    await deliver(
      registered,
      step(caseId, region, a, 'preventive_measure_applied', '2012-05-02T06:00:00Z', { measure: 'travel_ban' }),
      step(caseId, region, a, 'preventive_measure_changed', '2012-05-10T06:00:00Z', { measure: 'travel_ban', newMeasure: 'custody' }),
      step(caseId, region, b, 'preventive_measure_applied', '2012-05-03T06:00:00Z', { measure: 'bail' }),
      step(caseId, region, merged, 'preventive_measure_applied', '2012-05-04T06:00:00Z', { measure: 'bail' }),
      // An extension is no new measure.
      step(caseId, region, a, 'preventive_measure_extended', '2012-05-20T06:00:00Z', { measure: 'custody', until: '2012-08-01T00:00:00Z' }),
      annulled,
    );
    await deliver(...stepCorrection(annulled.data, { action: 'annul' }), cloudEvent(PersonMerged, caseId, { caseId, region, mergedPersonId: merged, survivingPersonId: b }, { time: '2012-06-01T00:00:00Z' }));
    const range = `from=2012-05&to=2012-06&region=${region}`;
    const measures = await cellsOf(`persons_given_preventive_measure/table?${range}&by=measure`);
    // Every measure of the pack is a category, with unknown.
    expect(Object.keys(measures).filter((key) => key.startsWith('2012-05|'))).toEqual(
      ['travel_ban', 'electronic_monitoring', 'military_command_supervision', 'transfer_of_child_into_care', 'bail', 'house_arrest', 'custody', 'unknown', TOTAL].map((measure) => `2012-05|${measure}`),
    );
    expect([measures['2012-05|travel_ban'], measures['2012-05|custody'], measures['2012-05|bail'], measures['2012-05|house_arrest'], measures[`2012-05|${TOTAL}`], measures[`2012-06|${TOTAL}`]]).toEqual([1, 1, 1, 0, 3, 0]);
    // Before the merge the two records of one person were two; the annulment was made now, so house arrest still counted then.
    const before = await cellsOf(`persons_given_preventive_measure/table?${range}&by=measure&asOf=2012-05-31T00:00:00Z`);
    expect([before['2012-05|bail'], before['2012-05|house_arrest'], before[`2012-05|${TOTAL}`]]).toEqual([2, 1, 5]);
    // Travel ban and bail of three: 66.7 %; then 4 of 5.
    expect((await cellsOf(`non_custodial_measure_share/table?${range}`))['2012-05']).toBe(66.7);
    expect((await cellsOf(`non_custodial_measure_share/table?${range}&asOf=2012-05-31T00:00:00Z`))['2012-05']).toBe(80);
  });

  it('says which breakdowns the liberty indicators allow', async () => {
    const response = await http<{ errors: { field: string; reason: string }[] }>('GET', `${suite.base}/indicators/non_custodial_measure_share/table?by=measure`, { token: suite.national });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'by', reason: expect.stringContaining('not broken down by measure') });
  });
});
