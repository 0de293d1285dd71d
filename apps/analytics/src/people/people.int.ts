import { randomUUID } from 'node:crypto';
import { CloudEvent, PersonMerged, PersonRemovedFromCase, StepRecordedV1 } from '@icjims/contracts';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { cloudEvent, http, stepCorrection } from '@icjims/testing';
import { caseRegistered, personAdded, stepRecorded, useAnalytics } from '../analytics.fixtures';
import { EXACT_FOR_NATIONAL_VARIABLE } from '../disclosure/disclosure-policy';
import { TOTAL } from '../tables/statistical-table';

/** Persons suspected, convicted and registered as victims, by their categories, from events to tables. */
describe('people indicators', () => {
  // National analysts see exact figures here, to check them.
  const suite = useAnalytics({ [EXACT_FOR_NATIONAL_VARIABLE]: 'true' });
  const { deliver, cellsOf } = suite;
  let regional: string;
  beforeAll(async () => {
    regional = await suite.services.tokenFor('analyst', { region: 'KG-O' });
  });

  it('counts each person once per case at the first step that makes them a suspect, by sex, with unknown a category', async () => {
    const [first, second] = [caseRegistered({ region: 'KG-O' }), caseRegistered({ region: 'KG-O' })];
    const [a, b, nobody] = [randomUUID(), randomUUID(), randomUUID()];
    const step = (caseId: string, personId: string, stepType: string, on: string, details = {}) =>
      stepRecorded({ caseId, region: 'KG-O', personId, stepType, occurredAt: `${on}T06:00:00Z`, recordedAt: `${on}T06:05:00Z`, details });
    await deliver(
      first,
      second,
      personAdded({ caseId: first.data.caseId, region: 'KG-O', personId: a, sex: 'female', ageBand: '18_24' }, '2010-03-01T06:00:00Z'),
      personAdded({ caseId: first.data.caseId, region: 'KG-O', personId: b, sex: 'male', ageBand: '25_34', citizenshipGroup: 'cis' }, '2010-03-01T06:00:00Z'),
      personAdded({ caseId: second.data.caseId, region: 'KG-O', personId: a, sex: 'female', ageBand: '18_24' }, '2010-03-01T06:00:00Z'),
      personAdded({ caseId: first.data.caseId, region: 'KG-O', personId: randomUUID(), role: 'victim', sex: 'female', ageBand: 'under_14', juvenile: true }, '2010-03-02T06:00:00Z'),
    );
    await deliver(
      step(first.data.caseId, a, 'suspicion_notified', '2010-03-05'),
      step(first.data.caseId, b, 'detention', '2010-03-06'),
      step(first.data.caseId, b, 'suspicion_notified', '2010-03-07'),
      step(second.data.caseId, a, 'suspicion_notified', '2010-03-10'),
      // A person case-registry never announced: unknown in every category, never dropped.
      step(second.data.caseId, nobody, 'detention', '2010-04-02'),
      step(first.data.caseId, a, 'verdict', '2010-05-01', { outcome: 'conviction' }),
      step(first.data.caseId, b, 'verdict', '2010-05-01', { outcome: 'acquittal' }),
      step(first.data.caseId, a, 'sentence', '2010-05-02', { sentenceType: 'probation', termMonths: 12 }),
      step(second.data.caseId, a, 'sentence', '2010-05-03', { sentenceType: 'imprisonment', termMonths: 24 }),
      // A later sentence on appeal does not count the person again, nor change what their first was.
      step(second.data.caseId, a, 'sentence', '2010-05-20', { sentenceType: 'fine' }),
    );
    const range = 'from=2010-03&to=2010-05&region=KG-O';
    const suspected = await cellsOf(`persons_suspected/table?${range}&by=sex`);
    expect([suspected['2010-03|female'], suspected['2010-03|male'], suspected['2010-03|unknown'], suspected[`2010-03|${TOTAL}`]]).toEqual([2, 1, 0, 3]);
    expect([suspected['2010-04|unknown'], suspected[`2010-04|${TOTAL}`]]).toEqual([1, 1]);
    expect(await cellsOf(`persons_convicted/table?${range}`)).toEqual({ '2010-03': 0, '2010-04': 0, '2010-05': 1 });
    expect(await cellsOf(`persons_detained/table?${range}`)).toEqual({ '2010-03': 1, '2010-04': 1, '2010-05': 0 });
    // Of the two judged in May, A was convicted and B acquitted.
    expect((await cellsOf(`conviction_share/table?${range}`))['2010-05']).toBe(50);
    expect(await cellsOf(`persons_sentenced/table?${range}`)).toEqual({ '2010-03': 0, '2010-04': 0, '2010-05': 2 });
    // One of the two sentenced in May got a non-custodial sentence first: 50 %; months without a sentence have no share.
    expect(await cellsOf(`non_custodial_sentence_share/table?${range}`)).toEqual({ '2010-03': 'small-denominator', '2010-04': 'small-denominator', '2010-05': 50 });
    // Protected (a regional analyst): two persons are fewer than the minimum denominator.
    expect((await cellsOf(`non_custodial_sentence_share/table?${range}`, regional))['2010-05']).toBe('small-denominator');
    const victims = await cellsOf(`victims_registered/table?${range}&by=juvenile`);
    expect([victims['2010-03|yes'], victims['2010-03|no']]).toEqual([1, 0]);

    // The same figures for a regional analyst: counts of people under disclosure control.
    const protectedCells = await cellsOf(`persons_suspected/table?${range}&by=sex`, regional);
    expect([protectedCells['2010-03|female'], protectedCells['2010-03|male'], protectedCells['2010-03|unknown']]).toEqual(['primary', 'primary', 0]);
    expect(protectedCells[`2010-03|${TOTAL}`]).toBe(3);
  });

  it('counts a record merged into another as the surviving person — from when the merge was known', async () => {
    const registered = caseRegistered({ region: 'KG-O' }, '2009-01-30T00:00:00Z');
    const caseId = registered.data.caseId;
    const [merged, surviving] = [randomUUID(), randomUUID()];
    await deliver(
      registered,
      personAdded({ caseId, region: 'KG-O', personId: merged, sex: 'male' }, '2009-02-01T06:00:00Z'),
      stepRecorded({ caseId, region: 'KG-O', personId: merged, stepType: 'detention', occurredAt: '2009-02-02T06:00:00Z', recordedAt: '2009-02-02T06:05:00Z' }),
      stepRecorded({ caseId, region: 'KG-O', personId: surviving, stepType: 'suspicion_notified', occurredAt: '2009-02-03T06:00:00Z', recordedAt: '2009-02-03T06:05:00Z' }),
      cloudEvent(PersonMerged, caseId, { caseId, region: 'KG-O', mergedPersonId: merged, survivingPersonId: surviving }, { time: '2009-02-04T00:00:00Z' }),
    );
    const range = 'from=2009-02&to=2009-02&region=KG-O';
    expect(await cellsOf(`persons_suspected/table?${range}`)).toEqual({ '2009-02': 1 });
    // Before the merge was known, they were two records: two persons.
    expect(await cellsOf(`persons_suspected/table?${range}&asOf=2009-02-03T12:00:00Z`)).toEqual({ '2009-02': 2 });
  });

  /** A person-level step on a day, at noon in Kyrgyzstan (06:00Z), recorded five minutes later. */
  const stepOn = (caseId: string, region: string, personId: string | undefined, stepType: string, on: string, details = {}) =>
    stepRecorded({ caseId, region, personId, stepType, occurredAt: `${on}T06:00:00Z`, recordedAt: `${on}T06:05:00Z`, details });
  /** A correction of `step`, known from `time`. */
  const corrected = (step: StepRecordedV1, time: string, correction: Parameters<typeof stepCorrection>[1]) =>
    stepCorrection(step, correction).map((event) => ({ ...event, time })) as CloudEvent<unknown>[];

  it('counts the accused at the first effective indictment, plea agreements once per case, and first verdicts by outcome', async () => {
    const region = 'KG-Y';
    const registered = caseRegistered({ region }, '2011-01-05T06:00:00Z');
    const other = caseRegistered({ region }, '2011-01-05T06:00:00Z');
    const caseId = registered.data.caseId;
    // A and M are one person (merged on 1 March); B is removed before the indictment; C was never
    // announced (unknown categories); D becomes a suspect only after it; E left the case before it; G, never
    // announced either, is known only by a plea agreement before it.
    const [a, m, b, c, d, e, f, g] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const step = (personId: string | undefined, stepType: string, on: string, details = {}) => stepOn(caseId, region, personId, stepType, on, details);
    const suspect = (personId: string, on: string, data = {}) => personAdded({ caseId, region, personId, sex: 'female', ageBand: '18_24', ...data }, `${on}T06:00:00Z`);
    const wrongIndictment = step(undefined, 'indictment', '2011-01-25');
    const cPlea = step(c, 'plea_agreement', '2011-02-07');
    const annulledVerdict = stepOn(other.data.caseId, region, f, 'verdict', '2011-03-15', { outcome: 'conviction' });
    await deliver(registered, other, suspect(a, '2011-01-06'), suspect(m, '2011-01-06'), suspect(b, '2011-01-06', { sex: 'male', ageBand: '25_34' }), suspect(d, '2011-02-10'));
    await deliver(
      cloudEvent(PersonRemovedFromCase, caseId, { caseId, region, personId: b, role: 'suspect', reason: 'removed' }, { time: '2011-01-20T06:00:00Z' }),
      step(c, 'suspicion_notified', '2011-01-10'),
      step(e, 'suspicion_notified', '2011-01-12'),
      step(e, 'person_left', '2011-01-15', { reason: 'removed' }),
      step(g, 'plea_agreement', '2011-01-20'),
      wrongIndictment,
      ...corrected(wrongIndictment.data, '2011-01-28T06:00:00Z', { action: 'annul' }),
      step(undefined, 'indictment', '2011-02-01'),
      step(undefined, 'indictment', '2011-02-20'),
      step(m, 'plea_agreement', '2011-02-03'),
      step(a, 'plea_agreement', '2011-02-05'),
      step(a, 'plea_agreement', '2011-02-06'),
      cPlea,
      ...corrected(cPlea.data, '2011-02-25T06:00:00Z', { action: 'amend', standsAs: { personId: c, occurredAt: '2011-03-02T06:00:00Z', details: {} } }),
      cloudEvent(PersonMerged, caseId, { caseId, region, mergedPersonId: m, survivingPersonId: a }, { time: '2011-03-01T06:00:00Z' }),
      step(a, 'verdict', '2011-03-10', { outcome: 'conviction' }),
      step(c, 'verdict', '2011-03-10', { outcome: 'acquittal' }),
      // The appeal court's verdict replaces the first one, but does not count A again nor change the outcome counted.
      step(a, 'verdict', '2011-04-10', { outcome: 'acquittal' }),
      annulledVerdict,
      ...corrected(annulledVerdict.data, '2011-03-20T06:00:00Z', { action: 'annul' }),
    );
    const range = `from=2011-01&to=2011-04&region=${region}`;

    // Accused at the indictment of 1 February: A (and M, the same person), C and G — by sex, C and G unknown.
    const accused = await cellsOf(`persons_accused/table?${range}&by=sex`);
    expect([accused['2011-01|_T'], accused['2011-02|female'], accused['2011-02|male'], accused['2011-02|unknown'], accused['2011-02|_T'], accused['2011-03|_T']]).toEqual([0, 1, 0, 2, 3, 0]);
    // As it stood before the wrong indictment was annulled: accused in January, A and M still two records.
    expect(await cellsOf(`persons_accused/table?${range}&asOf=2011-01-26T00:00:00Z`)).toEqual({ '2011-01': 4, '2011-02': 0, '2011-03': 0, '2011-04': 0 });
    expect((await cellsOf(`persons_accused/table?${range}&asOf=2011-02-15T00:00:00Z`))['2011-02']).toBe(4);

    // Plea agreements: G's, A's once (M's agreement of 3 February is hers since the merge), C's moved to March by the amendment.
    expect(await cellsOf(`persons_plea_agreement/table?${range}`)).toEqual({ '2011-01': 1, '2011-02': 1, '2011-03': 1, '2011-04': 0 });
    expect((await cellsOf(`persons_plea_agreement/table?${range}&asOf=2011-02-24T00:00:00Z`))['2011-02']).toBe(3);

    // First verdicts by outcome: A convicted (her appeal's acquittal does not count), C acquitted, F's annulled verdict not at all.
    const verdicts = await cellsOf(`verdicts_by_outcome/table?${range}&by=outcome,sex`);
    expect([verdicts['2011-03|conviction|female'], verdicts['2011-03|acquittal|unknown'], verdicts['2011-03|unknown|_T'], verdicts['2011-03|_T|_T'], verdicts['2011-04|_T|_T']]).toEqual([1, 1, 0, 2, 0]);
    expect((await cellsOf(`verdicts_by_outcome/table?${range}&by=outcome&asOf=2011-03-16T00:00:00Z`))['2011-03|conviction']).toBe(2);
    // Counts of people: a regional analyst sees the ones withheld.
    const protectedVerdicts = await cellsOf(`verdicts_by_outcome/table?${range}&by=outcome`, await suite.services.tokenFor('analyst', { region }));
    expect([protectedVerdicts['2011-03|conviction'], protectedVerdicts['2011-03|acquittal'], protectedVerdicts['2011-03|unknown']]).toEqual(['primary', 'primary', 0]);
    // Only this indicator is broken down by outcome.
    const refused = await http<{ errors: { field: string; reason: string }[] }>('GET', `${suite.base}/indicators/persons_convicted/table?${range}&by=outcome`, { token: suite.national });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'by' });
  });

  it('counts victims of sexual and gender-based violence by the pack’s offences, and juveniles in conflict with the law', async () => {
    const region = 'KG-N';
    // The offences come from the pack: one it marks as sexual or gender-based violence, one it does not.
    const offences = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' }).pack.offences;
    const [sgbv, otherOffence] = [offences.find((offence) => offence.sexualOrGenderBasedViolence)!, offences.find((offence) => !offence.sexualOrGenderBasedViolence)!];
    const offence = ({ article, iccsCode, severity }: typeof sgbv) => ({ article, iccsCode, severity });
    const [violence, theft] = [caseRegistered({ region, offence: offence(sgbv) }, '2012-01-02T06:00:00Z'), caseRegistered({ region, offence: offence(otherOffence) }, '2012-01-02T06:00:00Z')];
    const victim = (caseId: string, on: string, data = {}) => personAdded({ caseId, region, role: 'victim', ...data }, `${on}T06:00:00Z`);
    const caseId = violence.data.caseId;
    const [j1, j2, adult] = [randomUUID(), randomUUID(), randomUUID()];
    const annulledDetention = stepOn(theft.data.caseId, region, j2, 'detention', '2012-01-08');
    await deliver(
      violence,
      theft,
      victim(caseId, '2012-01-10', { sex: 'female', ageBand: 'under_14', juvenile: true }),
      victim(caseId, '2012-01-11', { sex: 'male', ageBand: 'unknown' }),
      victim(theft.data.caseId, '2012-01-12', { sex: 'female' }),
      victim(caseId, '2012-02-20', { sex: 'female', ageBand: '25_34' }),
      personAdded({ caseId, region, personId: j1, sex: 'male', ageBand: '14_17', juvenile: true }, '2012-01-04T06:00:00Z'),
      personAdded({ caseId: theft.data.caseId, region, personId: j2, sex: 'female', ageBand: '14_17', juvenile: true }, '2012-01-04T06:00:00Z'),
      personAdded({ caseId, region, personId: adult, sex: 'male', ageBand: '35_44', juvenile: false }, '2012-01-04T06:00:00Z'),
    );
    await deliver(
      stepOn(caseId, region, j1, 'suspicion_notified', '2012-01-05'),
      stepOn(caseId, region, j1, 'detention', '2012-01-06'),
      stepOn(caseId, region, adult, 'detention', '2012-01-06'),
      annulledDetention,
      ...corrected(annulledDetention.data, '2012-01-09T06:00:00Z', { action: 'annul' }),
    );
    const range = `from=2012-01&to=2012-02&region=${region}`;

    // Victims in the case of the pack's violent offence only: by sex and by age band, unknown a category.
    const bySex = await cellsOf(`sgbv_victims/table?${range}&by=sex`);
    expect([bySex['2012-01|female'], bySex['2012-01|male'], bySex['2012-01|unknown'], bySex['2012-01|_T'], bySex['2012-02|_T']]).toEqual([1, 1, 0, 2, 1]);
    const byAge = await cellsOf(`sgbv_victims/table?${range}&by=ageBand`);
    expect([byAge['2012-01|under_14'], byAge['2012-01|unknown'], byAge['2012-02|25_34']]).toEqual([1, 1, 1]);
    // As of before the February victim was entered.
    expect(await cellsOf(`sgbv_victims/table?${range}&asOf=2012-02-01T00:00:00Z`)).toEqual({ '2012-01': 2, '2012-02': 0 });

    // Juveniles suspected: J1 once (suspicion, then detention); J2's detention was annulled; the adult is not one.
    expect(await cellsOf(`juveniles_suspected/table?${range}&by=sex`)).toMatchObject({ '2012-01|male': 1, '2012-01|female': 0, '2012-01|_T': 1, '2012-02|_T': 0 });
    expect((await cellsOf(`juveniles_suspected/table?${range}&asOf=2012-01-08T12:00:00Z`))['2012-01']).toBe(2);
    expect((await cellsOf(`juveniles_suspected/table?${range}`, await suite.services.tokenFor('analyst', { region })))['2012-01']).toBe('primary');
  });
});
