import { randomUUID } from 'node:crypto';
import { PersonRemovedFromCase } from '@icjims/contracts';
import { cloudEvent, stepCorrection } from '@icjims/testing';
import { caseRegistered, personAdded, stepRecorded, useAnalytics } from '../analytics.fixtures';
import { EXACT_FOR_NATIONAL_VARIABLE } from '../disclosure/disclosure-policy';
import { TOTAL } from '../tables/statistical-table';

/** The share of suspects and accused whose case had a defence lawyer at the moment, from events to tables. */
describe('defence indicators', () => {
  // National analysts see exact figures here, to check them; regional ones see them protected.
  const suite = useAnalytics({ [EXACT_FOR_NATIONAL_VARIABLE]: 'true' });
  const { deliver, cellsOf } = suite;
  let regional: string;
  beforeAll(async () => {
    regional = await suite.services.tokenFor('analyst', { region: 'KG-N' });
  });

  const region = 'KG-N';
  const step = (caseId: string, personId: string | undefined, stepType: string, on: string) =>
    stepRecorded({ caseId, region, personId, stepType, occurredAt: `${on}T06:00:00Z`, recordedAt: `${on}T06:05:00Z`, details: stepType === 'suspicion_notified' ? { offenceArticle: '209-1' } : {} });

  it('counts a suspect or accused as defended when their case had a defence lawyer in force then, by sex, corrections applied', async () => {
    const [first, second] = [caseRegistered({ region }, '2013-05-01T00:00:00Z'), caseRegistered({ region }, '2013-05-01T00:00:00Z')];
    const [one, two] = [first.data.caseId, second.data.caseId];
    const [woman, man, other, lawyer, leaving] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await deliver(
      first,
      second,
      personAdded({ caseId: one, region, personId: woman, sex: 'female' }, '2013-05-02T00:00:00Z'),
      personAdded({ caseId: one, region, personId: man, sex: 'male' }, '2013-05-02T00:00:00Z'),
      personAdded({ caseId: one, region, personId: leaving, sex: 'male' }, '2013-05-02T00:00:00Z'),
      personAdded({ caseId: two, region, personId: other, sex: 'male' }, '2013-05-02T00:00:00Z'),
      // The first case's defence lawyer, from 5 to 20 June.
      personAdded({ caseId: one, region, personId: lawyer, role: 'defence_lawyer' }, '2013-06-05T00:00:00Z'),
    );
    const secondIndictment = step(two, undefined, 'indictment', '2013-06-26');
    await deliver(
      step(one, woman, 'suspicion_notified', '2013-06-01'),
      step(one, man, 'suspicion_notified', '2013-06-10'),
      // A later notification does not count the woman again.
      step(one, woman, 'suspicion_notified', '2013-06-12'),
      // Detained and notified, then left the case before the indictment: not accused.
      step(one, leaving, 'detention', '2013-06-02'),
      step(one, leaving, 'person_left', '2013-06-14'),
      step(one, undefined, 'indictment', '2013-06-15'),
      step(two, other, 'suspicion_notified', '2013-06-25'),
      secondIndictment,
    );
    await deliver(cloudEvent(PersonRemovedFromCase, one, { caseId: one, region, personId: lawyer, role: 'defence_lawyer', reason: 'removed' }, { time: '2013-06-20T00:00:00Z' }));
    const range = `from=2013-06&to=2013-07&region=${region}`;
    // Notified in June: the woman (before the lawyer), the man (with one), the other (none in his case): 1 of 3.
    const notified = await cellsOf(`suspects_defended_at_notification_share/table?${range}&by=sex`);
    expect([notified['2013-06|female'], notified['2013-06|male'], notified[`2013-06|${TOTAL}`]]).toEqual([0, 50, 33.3]);
    // Nobody notified in July, and no one of unknown sex: no share.
    expect([notified[`2013-07|${TOTAL}`], notified['2013-06|unknown']]).toEqual(['small-denominator', 'small-denominator']);
    // Accused at the indictments: the woman and the man with the lawyer, the other without: 2 of 3.
    expect(await cellsOf(`accused_defended_at_indictment_share/table?${range}`)).toEqual({ '2013-06': 66.7, '2013-07': 'small-denominator' });

    // The second case's indictment annulled (now): only the first case's two accused, both defended — as it stood before, 2 of 3.
    await deliver(...stepCorrection(secondIndictment.data, { action: 'annul' }));
    expect((await cellsOf(`accused_defended_at_indictment_share/table?${range}`))['2013-06']).toBe(100);
    expect((await cellsOf(`accused_defended_at_indictment_share/table?${range}&asOf=2014-01-01T00:00:00Z`))['2013-06']).toBe(66.7);
    // Before the lawyer was entered, as published then, no one was defended.
    expect((await cellsOf(`suspects_defended_at_notification_share/table?${range}&asOf=2013-06-04T00:00:00Z`))['2013-06']).toBe(0);
    // Protected, as a regional analyst sees it: three persons are fewer than the minimum denominator.
    expect((await cellsOf(`suspects_defended_at_notification_share/table?${range}`, regional))['2013-06']).toBe('small-denominator');
  });
});
