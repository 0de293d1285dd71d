import { randomUUID } from 'node:crypto';
import { DeadlineBreached, DeadlineBreachWithdrawn } from '@icjims/contracts';
import { cloudEvent, stepCorrection } from '@icjims/testing';
import { caseRegistered, stepRecorded, useAnalytics } from '../analytics.fixtures';

/** Pending pre-trial cases over the investigation term, from events to tables, in a pack that has one (Kazakhstan's). */
describe('cases over the legal investigation term', () => {
  const suite = useAnalytics({ ICJIMS_JURISDICTION: 'KZ' });
  const { deliver, cellsOf } = suite;
  const region = 'KZ-19';

  const caseOn = (on: string, data = {}) =>
    caseRegistered(
      { region, district: 'zhambyl', agency: 'PR-19', offence: { article: '99-1', iccsCode: '0101', severity: 'especially_grave' }, receivedAt: `${on}T05:00:00Z`, registeredAt: `${on}T06:00:00Z`, ...data },
      `${on}T06:00:00Z`,
    );
  /** A breach of a rule (of the case, or of a person's) due on a day, announced a minute later. */
  const breach = (caseId: string, due: string, rule = 'investigation_term', personId?: string) =>
    cloudEvent(DeadlineBreached, caseId, {
      deadlineId: randomUUID(), caseId, region, rule, personId, legalReference: 'CCP art. 192', startStepId: randomUUID(), startedAt: '2007-01-10T06:00:00Z', dueAt: `${due}T06:00:00Z`, breachedAt: `${due}T06:01:00Z`,
    });
  const caseStep = (caseId: string, stepType: string, on: string) => stepRecorded({ caseId, region, stepType, occurredAt: `${on}T06:00:00Z`, recordedAt: `${on}T06:05:00Z` });

  it('counts the pending pre-trial cases whose investigation term had run out by the end of each period', async () => {
    // A: over its term from 10 March, still under investigation, registered by no agency. B: over it from 15 March,
    // indicted on 10 April. C: its breach withdrawn on 5 April. D: only a person's custody term ran out.
    // E: over it from 25 March; its indictment of 28 March was annulled on 20 April.
    const [a, b, c, d, e] = [caseOn('2007-01-10', { agency: undefined }), caseOn('2007-01-15'), caseOn('2007-01-16'), caseOn('2007-01-17'), caseOn('2007-01-18')];
    const withdrawn = breach(c.data.caseId, '2007-03-20');
    const wrongIndictment = caseStep(e.data.caseId, 'indictment', '2007-03-28');
    await deliver(a, b, c, d, e);
    await deliver(
      breach(a.data.caseId, '2007-03-10'),
      breach(b.data.caseId, '2007-03-15'),
      caseStep(b.data.caseId, 'indictment', '2007-04-10'),
      withdrawn,
      cloudEvent(DeadlineBreachWithdrawn, c.data.caseId, {
        deadlineId: withdrawn.data.deadlineId, caseId: c.data.caseId, region, rule: 'investigation_term', reason: 'start_annulled', breachedAt: withdrawn.data.breachedAt, withdrawnAt: '2007-04-05T06:00:00Z',
      }),
      breach(d.data.caseId, '2007-03-01', 'custody_term', randomUUID()),
      breach(e.data.caseId, '2007-03-25'),
      wrongIndictment,
      ...stepCorrection(wrongIndictment.data, { action: 'annul' }).map((event) => ({ ...event, time: '2007-04-20T06:00:00Z' })),
    );
    const range = `from=2007-02&to=2007-05&region=${region}`;

    const cells = await cellsOf(`cases_over_investigation_term/table?${range}&by=agency`);
    expect([cells['2007-02|_T'], cells['2007-03|PR-19'], cells['2007-03|unknown'], cells['2007-03|_T'], cells['2007-04|PR-19'], cells['2007-04|unknown'], cells['2007-05|_T']]).toEqual([0, 2, 1, 3, 1, 1, 2]);
    expect(await cellsOf(`cases_over_investigation_term/table?${range}&by=district`)).toMatchObject({ [`2007-03|${region}.zhambyl`]: 3, [`2007-03|${region}.balkhash`]: 0 });
    // As it stood on 8 April: C's breach withdrawn, E indicted (the annulment came later), B's indictment not yet recorded.
    expect(await cellsOf(`cases_over_investigation_term/table?${range}&asOf=2007-04-08T00:00:00Z`)).toEqual({ '2007-02': 0, '2007-03': 2, '2007-04': 2, '2007-05': 2 });
    // On 1 April, C still counted.
    expect((await cellsOf(`cases_over_investigation_term/table?${range}&asOf=2007-04-01T00:00:00Z`))['2007-03']).toBe(3);
  });
});
