import { loadJurisdiction } from '@icjims/jurisdiction';
import type { Caseload, PersonFacts, SeedCase, SeedRole, SeedStep } from '../../tools/seed/generate';
import { monthsBetween, TOTAL } from './case-flow-truth';
import { inPersonCell, peopleFigure, peopleIndicators, personCategories, personEntries, PersonBreakdown, Position, yearsOld } from './people-truth';

/**
 * The independent calculation of the people indicators on a worked example: if it did not give
 * the figures docs/indicators.md defines, comparing analytics with it would prove nothing.
 */
describe('the people indicators computed from the truth', () => {
  const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
  /** 10:00 in Bishkek on that day. */
  const at = (day: string) => `${day}T04:00:00.000Z`;
  const person = (key: string, facts: Partial<PersonFacts>) => ({ key, facts: { givenName: key, familyName: key, sex: 'male' as const, ...facts } });
  const persons = [
    // 16 at the offence: a juvenile boy with no disability.
    person('S1', { dateOfBirth: '2000-03-01', citizenship: 'KG', disability: false }),
    // No date of birth: unknown age, not juvenile; citizenship of the CIS group.
    person('S2', { sex: 'female', citizenship: 'UZ' }),
    // A suspect by role only, and one who leaves the case before the indictment.
    person('S3', { dateOfBirth: '1980-01-01' }),
    person('S4', { dateOfBirth: '1990-06-15', disability: true }),
    // 18 on the very day of the offence, local time: no longer a juvenile.
    person('V1', { sex: 'female', dateOfBirth: '1999-01-05', citizenship: 'KG' }),
    person('V2', { sex: 'unknown' }),
  ];
  const steps = (key: string, list: [string, string, string?, Record<string, string>?][]): SeedStep[] =>
    list.map(([stepType, on, personKey, details], index) => ({ key: `${key}/s${index + 1}`, stepType, occurredAt: at(on), ...(personKey ? { personKey } : {}), ...(details ? { details } : {}) }));
  const role = (personKey: string, kind: SeedRole['role']): SeedRole => ({ personKey, role: kind, via: 'added' });
  const aCase = (key: string, offenceArticle: string, roles: SeedRole[], journal: SeedStep[]): SeedCase => ({
    key,
    region: 'KG-Y',
    district: 'KAR',
    agency: 'GUVD-Y',
    source: 'complaint',
    offenceArticle,
    receivedAt: at('2017-01-07'),
    registeredAt: at('2017-01-07'),
    // 02:00 on 5 January in Bishkek.
    offenceCommittedAt: '2017-01-04T20:00:00.000Z',
    description: key,
    roles,
    steps: journal,
  });
  const theft = aCase('A', '209-1', [role('S1', 'suspect'), role('S2', 'suspect'), role('S3', 'suspect'), role('S4', 'suspect'), role('V1', 'victim')], [
    ...steps('A', [
      ['detention', '2017-01-10', 'S1'],
      ['suspicion_notified', '2017-01-11', 'S1'],
      ['suspicion_notified', '2017-01-15', 'S4'],
      ['person_left', '2017-01-20', 'S4'],
      ['suspicion_notified', '2017-02-02', 'S2'],
      ['indictment', '2017-02-20'],
      ['indictment', '2017-03-01'],
      ['plea_agreement', '2017-03-05', 'S2'],
      ['verdict', '2017-04-01', 'S1', { outcome: 'conviction' }],
      ['verdict', '2017-04-02', 'S2', { outcome: 'acquittal' }],
      ['sentence', '2017-04-10', 'S1', { sentenceType: 'probation' }],
      // An appeal's verdict does not count S1 again nor change the outcome counted.
      ['verdict', '2017-05-01', 'S1', { outcome: 'acquittal' }],
    ]),
    { key: 'A/annul', stepType: 'correction', occurredAt: at('2017-02-21'), correction: { correctsStepKey: 'A/s6', action: 'annul', reason: 'wrong case' } },
  ]);
  const rape = aCase('B', '154', [role('V2', 'victim')], []);
  const caseload = { persons, cases: [theft, rape] } as unknown as Caseload;
  /** The seeding gave every role long after the steps it dates. */
  const rolesGivenAt = () => Date.parse(at('2026-12-01'));
  const months = monthsBetween('2017-01', '2017-05', kg);
  const indicators = peopleIndicators(caseload, kg, ['custody']);

  const column = (code: string, by: PersonBreakdown[] = [], codes: string[] = []) =>
    months.map((month) => {
      const indicator = indicators[code];
      const figure = peopleFigure(indicator, inPersonCell(personEntries(caseload, indicator.position, kg, rolesGivenAt), month, by, codes));
      return figure.denominator === 0 ? 'withheld' : figure.value;
    });

  it('classes a person by age at the local date of the offence', () => {
    expect(yearsOld('2000-03-01', '2017-01-05')).toBe(16);
    expect(yearsOld('1999-01-05', '2017-01-05')).toBe(18);
    expect(personCategories(persons[0].facts, theft, kg)).toEqual({ region: 'KG-Y', sex: 'male', ageBand: '14_17', juvenile: 'yes', citizenshipGroup: 'national', disability: 'no' });
    expect(personCategories(persons[1].facts, theft, kg)).toMatchObject({ ageBand: 'unknown', juvenile: 'no', citizenshipGroup: 'cis', disability: 'unknown' });
    expect(personCategories(persons[4].facts, theft, kg)).toMatchObject({ ageBand: '18_24', juvenile: 'no' });
    expect(personCategories(persons[5].facts, rape, kg)).toMatchObject({ sex: 'unknown', citizenshipGroup: 'unknown' });
  });

  it('counts each person once per case at their first step', () => {
    expect(column('persons_suspected')).toEqual([2, 1, 0, 0, 0]);
    expect(column('persons_detained')).toEqual([1, 0, 0, 0, 0]);
    expect(column('juveniles_suspected')).toEqual([1, 0, 0, 0, 0]);
    expect(column('persons_suspected', ['ageBand'], ['unknown'])).toEqual([0, 1, 0, 0, 0]);
    expect(column('persons_plea_agreement')).toEqual([0, 0, 1, 0, 0]);
    expect(column('persons_convicted')).toEqual([0, 0, 0, 1, 0]);
    expect(column('persons_sentenced')).toEqual([0, 0, 0, 1, 0]);
  });

  it('takes as accused the suspects at the first effective indictment who had not left: S1 and S2 in March, not S3 (a role given later) nor S4', () => {
    expect(column('persons_accused')).toEqual([0, 0, 2, 0, 0]);
    expect(personEntries(caseload, 'accused', kg, rolesGivenAt).map((entry) => entry.personKey).sort()).toEqual(['S1', 'S2']);
    // Roles given before the indictment make their holders accused too.
    expect(personEntries(caseload, 'accused', kg, () => Date.parse(at('2017-01-08'))).map((entry) => entry.personKey).sort()).toEqual(['S1', 'S2', 'S3', 'S4']);
  });

  it('counts first verdicts by outcome, and the shares of convictions and non-custodial sentences', () => {
    expect(column('verdicts_by_outcome', ['outcome'], ['conviction'])).toEqual([0, 0, 0, 1, 0]);
    expect(column('verdicts_by_outcome', ['outcome'], ['acquittal'])).toEqual([0, 0, 0, 1, 0]);
    expect(column('verdicts_by_outcome', ['outcome'], [TOTAL])).toEqual([0, 0, 0, 2, 0]);
    expect(column('conviction_share')).toEqual(['withheld', 'withheld', 'withheld', 50, 'withheld']);
    expect(column('non_custodial_sentence_share')).toEqual(['withheld', 'withheld', 'withheld', 100, 'withheld']);
  });

  it('counts a merged record as the one it was merged into: once per case, at the earlier entry, under the categories of the survivor in the case (else of the record first entered)', () => {
    const merged = new Map([['S2', 'S1']]);
    const months5 = (position: Position, by: PersonBreakdown[] = [], codes: string[] = [], aliases = merged) =>
      months.map((month) => inPersonCell(personEntries(caseload, position, kg, rolesGivenAt, aliases), month, by, codes).length);
    expect(months5('suspected')).toEqual([2, 0, 0, 0, 0]);
    expect(months5('accused')).toEqual([0, 0, 1, 0, 0]);
    expect(months5('judged', ['outcome'], ['acquittal'])).toEqual([0, 0, 0, 0, 0]);
    // S2's plea agreement counts as S1's, under S1's categories (a juvenile of 14-17 now).
    expect(months5('plea_agreement', ['ageBand'], ['14_17'])).toEqual([0, 0, 1, 0, 0]);
    // Merged into a record that holds no role in the case: the categories of S2, whom the steps name.
    expect(months5('plea_agreement', ['ageBand'], ['unknown'], new Map([['S2', 'elsewhere']]))).toEqual([0, 0, 1, 0, 0]);
  });

  it('counts each preventive measure given to a person once per case, when first given (applied, or the new one of a change), and the non-custodial share of them', () => {
    const measured = aCase('M', '209-1', [role('S1', 'suspect'), role('S2', 'suspect')], [
      ...steps('M', [
        ['preventive_measure_applied', '2017-01-10', 'S1', { measure: 'travel_ban' }],
        ['preventive_measure_changed', '2017-02-01', 'S1', { measure: 'travel_ban', newMeasure: 'custody' }],
        ['preventive_measure_extended', '2017-03-01', 'S1', { measure: 'custody' }],
        ['preventive_measure_applied', '2017-01-11', 'S2', { measure: 'bail' }],
        ['preventive_measure_applied', '2017-03-02', 'S2', { measure: 'bail' }],
      ]),
    ]);
    const withMeasures = { persons, cases: [measured] } as unknown as Caseload;
    const its = peopleIndicators(withMeasures, kg, ['custody']);
    const cell = (code: string, codes: string[] = []) =>
      months.map((month) => peopleFigure(its[code], inPersonCell(personEntries(withMeasures, its[code].position, kg, rolesGivenAt), month, codes.length ? ['measure'] : [], codes)).value);
    expect(cell('persons_given_preventive_measure')).toEqual([2, 1, 0, 0, 0]);
    expect(cell('persons_given_preventive_measure', ['custody'])).toEqual([0, 1, 0, 0, 0]);
    expect(cell('non_custodial_measure_share')).toEqual([100, 0, 0, 0, 0]);
  });

  it('counts victims when their role was given, and those of the offences the pack marks as sexual or gender-based violence', () => {
    const december = monthsBetween('2026-12', '2026-12', kg)[0];
    const count = (code: string, position: Position) => peopleFigure(indicators[code], inPersonCell(personEntries(caseload, position, kg, rolesGivenAt), december, ['sex'], ['female'])).value;
    expect([count('victims_registered', 'victim'), count('sgbv_victims', 'victim')]).toEqual([1, 0]);
    expect(column('victims_registered')).toEqual([0, 0, 0, 0, 0]);
    expect(peopleFigure(indicators.sgbv_victims, inPersonCell(personEntries(caseload, 'victim', kg, rolesGivenAt), december, [], [])).value).toBe(1);
  });
});
