import { caseTypeOf, intakeOf, RecordedStep } from './intake';
import { TEST_PACK, ZONE } from './probation-pack.fixtures';

const sentence = (details: Record<string, unknown>, overrides: Partial<RecordedStep> = {}): RecordedStep => ({
  stepId: 'step-1',
  stepType: 'sentence',
  occurredAt: '2026-01-31T18:30:00Z', // 00:30 on 1 February in Bishkek
  personId: 'person-1',
  details,
  ...overrides,
});

describe('caseTypeOf', () => {
  it.each([
    [{ sentenceType: 'probation' }, 'sentence', 'probation'],
    [{ sentenceType: 'conditional' }, 'sentence', 'conditional'],
    [{ sentenceType: 'community_work' }, 'sentence', 'community_work'],
    [{}, 'conditional_early_release', 'parole'],
  ])('finds the case type %j of a %s step', (details, stepType, code) => {
    expect(caseTypeOf({ stepType, details }, TEST_PACK)?.code).toBe(code);
  });

  it.each([
    [{ sentenceType: 'imprisonment' }, 'sentence'],
    [{}, 'sentence'],
    [{ sentenceType: 'probation' }, 'verdict'],
  ])('finds none for %j of a %s step', (details, stepType) => {
    expect(caseTypeOf({ stepType, details }, TEST_PACK)).toBeUndefined();
  });
});

describe('intakeOf', () => {
  it('opens a probation case from the date of the sentence in the pack zone, with its obligations', () => {
    expect(intakeOf(sentence({ sentenceType: 'probation', termMonths: 12, obligations: ['reporting', 'curfew'] }), TEST_PACK, ZONE)).toEqual({
      opens: true,
      intake: { sourceStepId: 'step-1', caseType: 'probation', personId: 'person-1', termMonths: 12, startsOn: '2026-02-01', endsOn: '2027-02-01', obligations: ['reporting', 'curfew'] },
    });
  });

  it('takes no obligations when the step names none', () => {
    expect(intakeOf(sentence({ sentenceType: 'conditional', termMonths: 6 }), TEST_PACK, ZONE)).toMatchObject({ opens: true, intake: { caseType: 'conditional', obligations: [] } });
  });

  it('orders the hours of a community-work sentence', () => {
    expect(intakeOf(sentence({ sentenceType: 'community_work', termMonths: 6, communityWorkHours: 120 }), TEST_PACK, ZONE)).toMatchObject({
      opens: true,
      intake: { caseType: 'community_work', communityWorkHours: 120 },
    });
  });

  it('ignores hours on a sentence that is not community work', () => {
    const decision = intakeOf(sentence({ sentenceType: 'probation', termMonths: 6, communityWorkHours: 120 }), TEST_PACK, ZONE);
    expect(decision).toMatchObject({ opens: true });
    expect(decision.opens && decision.intake).not.toHaveProperty('communityWorkHours');
  });

  it('opens a parole case from its own step type', () => {
    expect(intakeOf(sentence({ termMonths: 8 }, { stepType: 'conditional_early_release' }), TEST_PACK, ZONE)).toMatchObject({ opens: true, intake: { caseType: 'parole', termMonths: 8 } });
  });

  it('opens nothing for a sentence probation does not supervise', () => {
    expect(intakeOf(sentence({ sentenceType: 'imprisonment', termMonths: 60 }), TEST_PACK, ZONE)).toEqual({ opens: false });
  });

  it.each([
    [{ sentenceType: 'probation' }, 'details.termMonths', /termMonths/],
    [{ sentenceType: 'probation', termMonths: 601 }, 'details.termMonths', /1 to 600/],
    [{ sentenceType: 'probation', termMonths: 6, obligations: 'reporting' }, 'details.obligations', /array/],
    [{ sentenceType: 'probation', termMonths: 6, obligations: ['reporting', 'dancing'] }, 'details.obligations', /dancing is not an obligation/],
    [{ sentenceType: 'probation', termMonths: 6, obligations: ['curfew', 'curfew'] }, 'details.obligations', /twice/],
    [{ sentenceType: 'community_work', termMonths: 6 }, 'details.communityWorkHours', /communityWorkHours/],
    [{ sentenceType: 'community_work', termMonths: 6, communityWorkHours: 2.5 }, 'details.communityWorkHours', /integer/],
  ])('says why %j cannot be used', (details, field, reason) => {
    expect(intakeOf(sentence(details), TEST_PACK, ZONE)).toEqual({ opens: false, problem: { field, reason: expect.stringMatching(reason) } });
  });
});
