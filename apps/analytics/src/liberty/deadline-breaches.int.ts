import { randomUUID } from 'node:crypto';
import { DeadlineBreached, DeadlineBreachWithdrawn } from '@icjims/contracts';
import { cloudEvent } from '@icjims/testing';
import { caseRegistered, useAnalytics } from '../analytics.fixtures';
import { EXACT_FOR_NATIONAL_VARIABLE } from '../disclosure/disclosure-policy';
import { TOTAL } from '../tables/statistical-table';

/** Deadline breaches by rule and region, withdrawals applied, from events to tables. */
describe('deadline breaches', () => {
  // National analysts see exact figures here, to check them.
  const suite = useAnalytics({ [EXACT_FOR_NATIONAL_VARIABLE]: 'true' });
  const { deliver, cellsOf } = suite;

  const breach = (caseId: string, rule: string, dueAt: string, breachedAt: string) =>
    cloudEvent(DeadlineBreached, caseId, {
      deadlineId: randomUUID(), caseId, region: 'KG-C', rule, legalReference: 'CCP', personId: randomUUID(), startStepId: randomUUID(), startedAt: '2008-03-01T00:00:00Z', dueAt, breachedAt,
    });

  it('counts breaches by rule in the month they happened, every rule of the pack listed, withdrawals applied from when they were made', async () => {
    const registered = caseRegistered({ region: 'KG-C' }, '2008-02-01T00:00:00Z');
    const caseId = registered.data.caseId;
    const late = breach(caseId, 'detention_court_decision', '2008-03-03T00:00:00Z', '2008-03-03T00:01:00Z');
    const withdrawn = breach(caseId, 'detention_court_decision', '2008-03-04T00:00:00Z', '2008-03-04T00:01:00Z');
    await deliver(registered, late, withdrawn, breach(caseId, 'custody_term', '2008-03-20T00:00:00Z', '2008-03-20T00:01:00Z'));
    await deliver(
      cloudEvent(DeadlineBreachWithdrawn, caseId, {
        deadlineId: withdrawn.data.deadlineId, caseId, region: 'KG-C', rule: 'detention_court_decision', personId: withdrawn.data.personId, reason: 'start_annulled',
        breachedAt: withdrawn.data.breachedAt, withdrawnAt: '2008-04-01T00:00:00Z',
      }),
    );
    const cells = await cellsOf('deadline_breaches/table?from=2008-03&to=2008-03&region=KG-C&by=rule');
    expect([cells['2008-03|detention_court_decision'], cells['2008-03|custody_term'], cells['2008-03|house_arrest_term'], cells[`2008-03|${TOTAL}`]]).toEqual([1, 1, 0, 2]);
    const before = await cellsOf('deadline_breaches/table?from=2008-03&to=2008-03&region=KG-C&by=rule&asOf=2008-03-31T00:00:00Z');
    expect(before['2008-03|detention_court_decision']).toBe(2);
  });
});
