import { randomUUID } from 'node:crypto';
import { PersonMerged } from '@icjims/contracts';
import { cloudEvent } from '@icjims/testing';
import { caseRegistered, personAdded, stepRecorded, useAnalytics } from '../../apps/analytics/src/analytics.fixtures';
import { EXACT_FOR_NATIONAL_VARIABLE } from '../../apps/analytics/src/disclosure/disclosure-policy';

/**
 * Found by the independent calculation (people-independent.e2e.ts): the conviction and
 * non-custodial sentence shares took each of two merged records' first verdict or sentence
 * apart, so a person first acquitted (or sent to prison) under one record counted as convicted
 * (or non-custodial) by the other record's later decision. Merged, they are one person whose
 * first decision is the earlier of theirs (docs/indicators.md, "People").
 */
describe('the shares of a person merged from two records', () => {
  const suite = useAnalytics({ [EXACT_FOR_NATIONAL_VARIABLE]: 'true', ANALYTICS_MIN_DENOMINATOR: '1' });
  const region = 'KG-O';
  const range = 'period=quarter&from=2012-Q2&to=2012-Q3';

  beforeAll(async () => {
    const registered = caseRegistered({ region }, '2012-04-01T05:00:00Z');
    const caseId = registered.data.caseId;
    const [surviving, merged] = [randomUUID(), randomUUID()];
    const step = (personId: string, stepType: string, on: string, details: Record<string, string>) =>
      stepRecorded({ caseId, region, personId, stepType, occurredAt: `${on}T06:00:00Z`, recordedAt: `${on}T06:05:00Z`, details });
    await suite.deliver(
      registered,
      personAdded({ caseId, region, personId: surviving }, '2012-04-01T06:00:00Z'),
      personAdded({ caseId, region, personId: merged }, '2012-04-01T06:00:00Z'),
      // Under the record merged away: acquitted first… and sent to prison first (two decisions of the same person, as recorded).
      step(merged, 'verdict', '2012-05-02', { outcome: 'acquittal' }),
      step(merged, 'sentence', '2012-05-03', { sentenceType: 'imprisonment' }),
      step(surviving, 'verdict', '2012-06-10', { outcome: 'conviction' }),
      step(surviving, 'sentence', '2012-06-12', { sentenceType: 'probation' }),
      cloudEvent(PersonMerged, caseId, { caseId, region, mergedPersonId: merged, survivingPersonId: surviving }, { time: '2012-07-01T06:00:00Z' }),
    );
  });

  it('takes the earlier first verdict and sentence of the two records: acquitted and imprisoned, 0 % in the second quarter', async () => {
    expect(await suite.cellsOf(`conviction_share/table?${range}`)).toEqual({ '2012-Q2': 0, '2012-Q3': 'small-denominator' });
    expect(await suite.cellsOf(`non_custodial_sentence_share/table?${range}`)).toEqual({ '2012-Q2': 0, '2012-Q3': 'small-denominator' });
    expect(await suite.cellsOf(`verdicts_by_outcome/table?${range}&by=outcome`)).toMatchObject({ '2012-Q2|conviction': 0, '2012-Q2|acquittal': 1 });
  });

  it('counts the two records apart as of before the merge: one of two convicted, one of two sentenced to a non-custodial sentence', async () => {
    const asOf = '&asOf=2012-06-30T00:00:00Z';
    expect(await suite.cellsOf(`conviction_share/table?${range}${asOf}`)).toEqual({ '2012-Q2': 50, '2012-Q3': 'small-denominator' });
    expect(await suite.cellsOf(`non_custodial_sentence_share/table?${range}${asOf}`)).toEqual({ '2012-Q2': 50, '2012-Q3': 'small-denominator' });
  });
});
