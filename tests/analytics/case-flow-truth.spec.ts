import { loadJurisdiction } from '@icjims/jurisdiction';
import type { SeedCase, SeedStep } from '../../tools/seed/generate';
import { caseAgeAt, flowCase, flowFigure, flowFigures, FlowMeasure, monthsBetween, quartersBetween, Stage } from './case-flow-truth';

/**
 * The independent calculation itself, on the worked example of docs/indicators.md ("The case
 * flow (CEPEJ)"): if it did not give the documented table, comparing analytics with it would
 * prove nothing.
 */
describe('the case flow computed from the truth', () => {
  const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
  /** 10:00 in Bishkek on that day. */
  const at = (day: string) => `${day}T04:00:00.000Z`;

  function aCase(key: string, registeredOn: string, steps: [string, string | null][]): SeedCase {
    return {
      key,
      region: 'KG-T',
      district: 'TAL',
      agency: 'GUVD-T',
      source: 'complaint',
      offenceArticle: '209-1',
      receivedAt: at(registeredOn),
      registeredAt: at(registeredOn),
      description: key,
      roles: [],
      steps: steps.map(([stepType, on], index): SeedStep => ({ key: `${key}/s${index}`, stepType, occurredAt: on === null ? null : at(on) })),
    };
  }

  const cases = [
    aCase('A', '2017-01-10', [['indictment', '2017-02-15'], ['verdict', '2017-03-20']]),
    aCase('B', '2017-01-20', [['proceedings_terminated', '2017-03-05']]),
    aCase('C', '2017-02-01', [['investigation_started', '2017-02-02']]),
    // Joined when the seeding made it happen: here, on 20 February.
    aCase('D', '2017-02-10', [['case_joined', null]]),
  ].map((seedCase) => flowCase(seedCase, kg, Date.parse(at('2017-02-20'))));
  const months = monthsBetween('2017-01', '2017-03', kg);

  const column = (stage: Stage, measure: FlowMeasure) =>
    months.map((month) => {
      const figure = flowFigure(measure, flowFigures(cases.map((flow) => flow[stage]), month), month);
      return Number.isNaN(figure.value) ? 'withheld' : figure.value;
    });

  it('gives the documented pre-trial table: incoming, resolved, pending, clearance rate and disposition time', () => {
    expect(column('pretrial', 'incoming')).toEqual([2, 2, 0]);
    expect(column('pretrial', 'resolved')).toEqual([0, 2, 1]);
    expect(column('pretrial', 'pending')).toEqual([2, 2, 1]);
    expect(column('pretrial', 'clearance_rate')).toEqual([0, 100, 'withheld']);
    expect(column('pretrial', 'disposition_time')).toEqual(['withheld', 28, 31]);
  });

  it('puts the indicted case in court in February and its verdict resolves it in March', () => {
    expect([column('court', 'incoming'), column('court', 'resolved'), column('court', 'pending')]).toEqual([
      [0, 1, 0],
      [0, 0, 1],
      [0, 1, 0],
    ]);
  });

  it('ignores an annulled step and takes an amended one when it now says it happened', () => {
    const corrected = aCase('E', '2017-01-05', [['proceedings_terminated', '2017-01-25'], ['indictment', '2017-02-10']]);
    corrected.steps.push(
      { key: 'E/c1', stepType: 'correction', occurredAt: at('2017-02-11'), correction: { correctsStepKey: 'E/s0', action: 'annul', reason: 'wrong case' } },
      { key: 'E/c2', stepType: 'correction', occurredAt: at('2017-02-12'), correction: { correctsStepKey: 'E/s1', action: 'amend', reason: 'wrong date', details: { occurredAt: at('2017-03-01') } } },
    );
    expect(flowCase(corrected, kg, 0).pretrial).toEqual({ enteredAt: Date.parse(at('2017-01-05')), leftAt: Date.parse(at('2017-03-01')) });
  });

  it('ends the pre-trial stage of a split-off case at its registration when its journal ends it earlier', () => {
    const split = { ...aCase('F', '2017-03-01', [['indictment', '2017-01-15'], ['verdict', '2017-02-01']]), registeredAt: null, splitFrom: 'A' };
    const flow = flowCase(split, kg, Date.parse(at('2017-03-01')));
    expect([flow.pretrial, flow.court]).toEqual([
      { enteredAt: Date.parse(at('2017-03-01')), leftAt: Date.parse(at('2017-03-01')) },
      { enteredAt: Date.parse(at('2017-01-15')), leftAt: Date.parse(at('2017-02-01')) },
    ]);
  });

  it('ages a pending case in calendar months to the end of the period: entered exactly three months before it, 3 to 6 months old', () => {
    const [march] = monthsBetween('2017-03', '2017-03', kg);
    const local = (dateTime: string) => kg.zonedInstant(dateTime).getTime();
    expect([
      caseAgeAt(local('2017-01-01T00:01'), march.end, kg),
      caseAgeAt(local('2017-01-01T00:00'), march.end, kg),
      caseAgeAt(local('2016-10-01T00:00'), march.end, kg),
      caseAgeAt(local('2016-04-01T00:00'), march.end, kg),
      caseAgeAt(local('2015-04-01T00:00'), march.end, kg),
    ]).toEqual(['under_3_months', '3_to_6_months', '6_to_12_months', '12_to_24_months', 'over_24_months']);
  });

  it('makes quarters of whole months, the last one to its end', () => {
    const quarters = quartersBetween('2016-11', '2017-04', kg);
    expect(quarters.map((quarter) => [quarter.code, quarter.days, quarter.end - quarter.start === quarter.days * 86_400_000])).toEqual([
      ['2016-Q4', 92, true],
      ['2017-Q1', 90, true],
      ['2017-Q2', 91, true],
    ]);
  });

  it('counts months in Bishkek time: 23:30 local on 31 January is January, 00:30 on 1 February is February', () => {
    const [january, february] = monthsBetween('2017-01', '2017-02', kg);
    const late = flowFigures([{ enteredAt: Date.parse('2017-01-31T17:30:00Z') }, { enteredAt: Date.parse('2017-01-31T18:30:00Z') }], january);
    expect([late.incoming, flowFigures([{ enteredAt: Date.parse('2017-01-31T18:30:00Z') }], february).incoming, january.days, february.days]).toEqual([1, 1, 31, 28]);
  });
});
