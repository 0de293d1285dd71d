import { loadJurisdiction } from '@icjims/jurisdiction';
import type { SeedCase, SeedStep } from '../../tools/seed/generate';
import { monthsBetween, TOTAL } from './case-flow-truth';
import { caseOutcome, durationIn, quantile, spanDuration, terminatedIn } from './case-outcomes-truth';

/**
 * The terminations and durations computed from the truth, on the worked example of
 * docs/indicators.md ("Durations") and a few terminations: if they did not give the documented
 * figures, comparing analytics with them would prove nothing.
 */
describe('the terminations and durations computed from the truth', () => {
  const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
  /** That local time in Bishkek (UTC+6). */
  const at = (day: string, time = '10:00') => kg.zonedInstant(`${day}T${time}`).toISOString();
  const aCase = (key: string, steps: [string, string, Record<string, string>?][]): SeedCase => ({
    key,
    region: 'KG-J',
    district: 'JAL',
    agency: 'GUVD-J',
    source: 'complaint',
    offenceArticle: '209-1',
    receivedAt: at('2017-01-01', '09:00'),
    registeredAt: at('2017-01-01', '09:00'),
    description: key,
    roles: [],
    steps: steps.map(([stepType, day, details], index): SeedStep => ({ key: `${key}/s${index + 1}`, stepType, occurredAt: at(day), ...(details ? { details } : {}) })),
  });
  const january = monthsBetween('2017-01', '2017-01', kg)[0];
  const system = Date.parse(at('2017-06-01'));

  it('gives the documented durations: 10, 10 (suspended 5 to 15 January) and 30 whole days (each an hour more); median 10.0, 90th percentile 26.0', () => {
    const cases = [
      aCase('A', [['indictment', '2017-01-11']]),
      aCase('B', [['proceedings_suspended', '2017-01-05'], ['proceedings_resumed', '2017-01-15'], ['indictment', '2017-01-21']]),
      aCase('C', [['indictment', '2017-01-31']]),
    ].map((seedCase) => caseOutcome(seedCase, kg, system));
    expect(cases.map((outcome) => spanDuration(outcome, 'registration_to_indictment')?.days)).toEqual([10, 10, 30]);
    expect(durationIn(cases, 'registration_to_indictment', 0.5, january, [], [])).toEqual({ value: 10, observations: 3 });
    expect(durationIn(cases, 'registration_to_indictment', 0.9, january, ['region'], ['KG-J'])).toEqual({ value: 26, observations: 3 });
    expect(durationIn(cases, 'indictment_to_verdict', 0.5, january, [], [])).toEqual({ observations: 0 });
  });

  it('rounds a duration down to whole days: 9 days and 23 hours are 9 days', () => {
    const early = aCase('H', [['indictment', '2017-01-11']]);
    const outcome = caseOutcome({ ...early, steps: [{ ...early.steps[0], occurredAt: at('2017-01-11', '08:00') }] }, kg, system);
    expect(spanDuration(outcome, 'registration_to_indictment')?.days).toBe(9);
  });

  it('interpolates quantiles as percentile_cont does', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.9)).toBe(3.7);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([], 0.5)).toBeUndefined();
  });

  it('takes the first verdict after the indictment, and the first verdict or termination as the final decision; an annulled step does not count', () => {
    const d = aCase('D', [['proceedings_terminated', '2017-01-03', { ground: 'no_crime' }], ['indictment', '2017-01-10'], ['verdict', '2017-01-20'], ['verdict', '2017-01-25']]);
    const annul: SeedStep = { key: 'D/annul', stepType: 'correction', occurredAt: at('2017-01-04'), correction: { correctsStepKey: 'D/s1', action: 'annul', reason: 'wrong case' } };
    const outcome = caseOutcome({ ...d, steps: [...d.steps, annul] }, kg, system);
    expect(outcome.terminated).toBeUndefined();
    expect([spanDuration(outcome, 'indictment_to_verdict')?.days, spanDuration(outcome, 'registration_to_final_decision')?.endedAt]).toEqual([10, Date.parse(at('2017-01-20'))]);
  });

  it('counts each case once at its first termination, by its ground (unknown when none was given)', () => {
    const cases = [
      aCase('E', [['proceedings_terminated', '2017-01-05', { ground: 'no_crime' }], ['proceedings_terminated', '2017-01-06', { ground: 'reconciliation' }]]),
      aCase('F', [['proceedings_terminated', '2017-01-07']]),
    ].map((seedCase) => caseOutcome(seedCase, kg, system));
    expect(['no_crime', 'reconciliation', 'unknown', TOTAL].map((ground) => terminatedIn(cases, january, ['ground'], [ground]))).toEqual([1, 0, 1, 2]);
  });

  it('has no registration-based span for a split-off case registered after its journal ends (the span would end before it starts)', () => {
    const split = caseOutcome({ ...aCase('G', [['indictment', '2017-01-11'], ['verdict', '2017-01-21']]), registeredAt: null }, kg, system);
    expect([spanDuration(split, 'registration_to_indictment'), spanDuration(split, 'indictment_to_verdict')?.days]).toEqual([undefined, 10]);
  });
});
