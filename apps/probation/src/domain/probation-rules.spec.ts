import { CaseOfSentence, decideOnCorrection, SentenceCorrection } from './corrections';
import { addMonths, localDateOf, probationEndsOn, probationTerm, supervisionOf } from './probation-rules';
import { intakeUnder } from './intake';
import { TEST_PACK } from './probation-pack.fixtures';

/** The default pack's zone (Asia/Bishkek, UTC+6 all year). */
const ZONE = 'Asia/Bishkek';
/** What a step as it stands places under supervision: the test pack's case types. */
const INTAKE = intakeUnder(TEST_PACK, ZONE);

describe('addMonths', () => {
  it.each([
    ['2026-03-15', 12, '2027-03-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-12-01', 1, '2027-01-01'],
    ['2026-11-30', 15, '2028-02-29'],
    ['2026-02-28', 12, '2027-02-28'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2026-05-31', -3, '2026-02-28'],
    ['2026-01-15', 600, '2076-01-15'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each(['2026-1-31', '31.01.2026', '2026-01-31T00:00:00Z', '', '2026-02-29', '2026-13-01', '2026-04-31', '2026-01-00'])('refuses %p as a date', (date) => {
    expect(() => addMonths(date, 1)).toThrow(RangeError);
  });

  it('refuses a result beyond year 9999', () => {
    expect(() => addMonths('9999-06-01', 12)).toThrow(RangeError);
  });

  it('refuses a fractional number of months', () => {
    expect(() => addMonths('2026-01-31', 1.5)).toThrow(RangeError);
  });
});

describe('probationEndsOn', () => {
  it('is the start plus the term, clamped to the end of a shorter month', () => {
    expect(probationEndsOn('2027-01-31', 13)).toBe('2028-02-29');
  });
});

describe('localDateOf', () => {
  it('takes the calendar date of an instant in the zone', () => {
    expect(localDateOf('2026-11-20T10:00:00Z', ZONE)).toBe('2026-11-20');
    expect(localDateOf('2026-11-20T17:59:59Z', ZONE)).toBe('2026-11-20');
    expect(localDateOf('2026-11-20T18:00:00Z', ZONE)).toBe('2026-11-21');
    expect(localDateOf('2026-11-21T01:30:00+02:00', ZONE)).toBe('2026-11-21');
    expect(localDateOf('2026-11-21T01:30:00+02:00', 'Europe/Tallinn')).toBe('2026-11-21');
    expect(localDateOf('2026-11-20T23:30:00Z', 'Europe/Tallinn')).toBe('2026-11-21');
  });

  it('puts 23:30 on 31 December in Bishkek in the old year, and 00:30 in the new one', () => {
    expect(localDateOf('2026-12-31T17:30:00Z', ZONE)).toBe('2026-12-31');
    expect(localDateOf('2026-12-31T18:30:00Z', ZONE)).toBe('2027-01-01');
  });

  it.each(['yesterday', '+010000-01-01T00:00:00Z', '9999-12-31T20:00:00Z', '0000-06-01T00:00:00Z'])('refuses %p', (value) => {
    expect(() => localDateOf(value, ZONE)).toThrow(RangeError);
  });
});

describe('probationTerm', () => {
  it.each([1, 24, 600])('accepts %i months', (termMonths) => {
    expect(probationTerm({ termMonths })).toEqual({ months: termMonths });
  });

  it('names the missing term', () => {
    expect(probationTerm({ sentenceType: 'probation' })).toEqual({ problem: 'a probation sentence needs details.termMonths' });
  });

  it.each([0, -3, 1.5, 601, '12', true, Number.NaN])('refuses termMonths %p', (termMonths) => {
    expect(probationTerm({ termMonths })).toEqual({ problem: 'details.termMonths must be an integer from 1 to 600' });
  });
});

describe('supervisionOf', () => {
  const sentencedAt = (occurredAt: string) => ({ occurredAt, personId: 'p-1', details: { sentenceType: 'probation', termMonths: 1 } });

  it('starts on the date of the sentence in the zone and runs for the term', () => {
    // 23:30 on 31 January in Bishkek: a January sentence, though it is still the 31st in UTC either way.
    expect(supervisionOf(sentencedAt('2026-01-31T17:30:00Z'), ZONE)).toEqual({ personId: 'p-1', termMonths: 1, startsOn: '2026-01-31', endsOn: '2026-02-28' });
    // 00:30 on 1 February in Bishkek, 18:30 on 31 January in UTC.
    expect(supervisionOf(sentencedAt('2026-01-31T18:30:00Z'), ZONE)).toEqual({ personId: 'p-1', termMonths: 1, startsOn: '2026-02-01', endsOn: '2026-03-01' });
    expect(supervisionOf(sentencedAt('2026-01-31T18:30:00Z'), 'Europe/Tallinn')).toMatchObject({ startsOn: '2026-01-31' });
  });

  it('names no person when the sentence names none', () => {
    expect(supervisionOf({ occurredAt: '2026-03-15T10:00:00Z', details: { termMonths: 12 } }, ZONE)).toMatchObject({ personId: null });
  });

  it.each([
    [{ occurredAt: '2026-03-15T10:00:00Z', details: { sentenceType: 'probation' } }, /termMonths/],
    [{ occurredAt: '+010000-01-01T00:00:00Z', details: { termMonths: 12 } }, /0001-9999/],
    [{ occurredAt: '9999-06-01T00:00:00Z', details: { termMonths: 12 } }, /beyond year 9999/],
  ])('says why %p sets no usable supervision', (sentence, problem) => {
    expect(supervisionOf(sentence, ZONE)).toEqual({ problem: expect.stringMatching(problem) });
  });
});

describe('decideOnCorrection', () => {
  const probation = (termMonths: number, occurredAt = '2026-03-15T10:00:00Z', personId = 'person-1', more: Record<string, unknown> = {}) => ({
    occurredAt,
    personId,
    details: { sentenceType: 'probation', termMonths, ...more },
  });
  const correction = (overrides: Partial<SentenceCorrection> = {}): SentenceCorrection => ({
    correctedStepId: 'step-1',
    correctionStepId: 'correction-1',
    stepType: 'sentence',
    action: 'amend',
    standsAs: probation(12),
    ...overrides,
  });
  const supervision = { personId: 'person-1', termMonths: 12, startsOn: '2026-03-15', endsOn: '2027-03-15', caseType: 'probation', obligations: [] as string[] };
  const probationCase = (overrides: Partial<CaseOfSentence> = {}): CaseOfSentence => ({
    ...supervision,
    status: 'active',
    annulledByStepId: null,
    annulmentGround: null,
    ...overrides,
  });
  const annulled = (annulmentGround: CaseOfSentence['annulmentGround'], annulledByStepId = 'correction-0') =>
    probationCase({ status: 'annulled', annulledByStepId, annulmentGround });

  describe('given a standing probation case', () => {
    const standing = probationCase();

    it('annuls it when the sentence is annulled', () => {
      expect(decideOnCorrection([standing], correction({ action: 'annul', standsAs: undefined }), INTAKE)).toEqual({
        action: 'annul',
        probationCase: standing,
        ground: 'sentence_annulled',
      });
    });

    it('annuls it when the sentence is no longer probation', () => {
      const imprisonment = { occurredAt: '2026-03-15T10:00:00Z', details: { sentenceType: 'imprisonment', termMonths: 12 } };
      expect(decideOnCorrection([standing], correction({ standsAs: imprisonment }), INTAKE)).toEqual({
        action: 'annul',
        probationCase: standing,
        ground: 'sentence_no_longer_probation',
      });
    });

    it.each([
      ['a longer term', probation(18), { termMonths: 18, endsOn: '2027-09-15' }],
      ['another day', probation(12, '2026-02-28T10:00:00Z'), { startsOn: '2026-02-28', endsOn: '2027-02-28' }],
      ['another person', probation(12, undefined, 'person-2'), { personId: 'person-2' }],
      ['another case type', { ...probation(12), details: { sentenceType: 'conditional', termMonths: 12 } }, { caseType: 'conditional' }],
      ['other obligations', probation(12, undefined, undefined, { obligations: ['curfew', 'reporting'] }), { obligations: ['curfew', 'reporting'] }],
    ])('amends it to %s', (_, standsAs, changed) => {
      expect(decideOnCorrection([standing], correction({ standsAs }), INTAKE)).toEqual({
        action: 'amend',
        probationCase: standing,
        supervision: { ...supervision, ...changed },
      });
    });

    it('ignores an amendment that leaves the supervision as it is', () => {
      const otherDetails = { ...probation(12, '2026-03-15T17:00:00Z'), details: { sentenceType: 'probation', termMonths: 12, note: 'court 2' } };
      expect(decideOnCorrection([standing], correction({ standsAs: otherDetails }), INTAKE)).toEqual({ action: 'ignore' });
    });

    it('refuses an amendment to a term that cannot be used', () => {
      expect(decideOnCorrection([standing], correction({ standsAs: probation(0) }), INTAKE)).toEqual({ action: 'refuse', problem: expect.stringMatching(/termMonths/) });
    });

    it('amends the standing one of several', () => {
      const current = probationCase({ termMonths: 6, endsOn: '2026-09-15' });
      expect(decideOnCorrection([annulled('sentence_no_longer_probation'), current], correction(), INTAKE)).toMatchObject({ action: 'amend', probationCase: current });
    });
  });

  describe('given no standing probation case', () => {
    it.each([
      ['none at all', []],
      ['one annulled as no longer probation', [annulled('sentence_no_longer_probation')]],
    ])('opens one when the sentence now stands as probation (%s)', (_, cases) => {
      expect(decideOnCorrection(cases, correction({ standsAs: probation(24) }), INTAKE)).toEqual({
        action: 'open',
        intake: { sourceStepId: 'step-1', personId: 'person-1', termMonths: 24, startsOn: '2026-03-15', endsOn: '2028-03-15', caseType: 'probation', obligations: [] },
      });
    });

    it.each([
      ['an annulment', correction({ action: 'annul', standsAs: undefined })],
      ['an amendment to another sentence', correction({ standsAs: { occurredAt: '2026-03-15T10:00:00Z', details: { sentenceType: 'fine' } } })],
      ['a correction of another step type', correction({ stepType: 'verdict', standsAs: { occurredAt: '2026-03-15T10:00:00Z', details: { sentenceType: 'probation', termMonths: 12 } } })],
    ])('ignores %s', (_, given) => {
      expect(decideOnCorrection([annulled('sentence_no_longer_probation')], given, INTAKE)).toEqual({ action: 'ignore' });
      expect(decideOnCorrection([], given, INTAKE)).toEqual({ action: 'ignore' });
    });

    it('refuses opening with a term that cannot be used', () => {
      expect(decideOnCorrection([], correction({ standsAs: probation(601) }), INTAKE)).toEqual({ action: 'refuse', problem: expect.stringMatching(/termMonths/) });
    });
  });

  it('ignores the same correction again', () => {
    expect(decideOnCorrection([annulled('sentence_annulled', 'correction-1')], correction({ action: 'annul', standsAs: undefined }), INTAKE)).toEqual({ action: 'ignore' });
  });

  it('refuses any correction of a sentence that was annulled, which procedural-steps never sends', () => {
    expect(decideOnCorrection([annulled('sentence_annulled')], correction(), INTAKE)).toEqual({ action: 'refuse', problem: expect.stringMatching(/annulled/) });
  });

  it('asks the pack what the corrected sentence opens: a conditional sentence opens a case too, of its own type', () => {
    const conditional = { occurredAt: '2026-03-15T10:00:00Z', personId: 'person-1', details: { sentenceType: 'conditional', termMonths: 12 } };
    expect(decideOnCorrection([probationCase({ caseType: 'conditional' })], correction({ standsAs: conditional }), INTAKE)).toEqual({ action: 'ignore' });
    expect(decideOnCorrection([], correction({ standsAs: conditional }), INTAKE)).toMatchObject({ action: 'open', intake: { caseType: 'conditional' } });
  });

  describe('the court\'s other terms', () => {
    const communityWork = (hours: number | undefined) => ({ ...probation(12), details: { sentenceType: 'community_work', termMonths: 12, ...(hours !== undefined && { communityWorkHours: hours }) } });
    const working = probationCase({ caseType: 'community_work', communityWorkHours: 120 });

    it('amends the hours ordered of a community-work case', () => {
      expect(decideOnCorrection([working], correction({ standsAs: communityWork(80) }), INTAKE)).toEqual({
        action: 'amend',
        probationCase: working,
        supervision: { ...supervision, caseType: 'community_work', communityWorkHours: 80 },
      });
    });

    it('ignores the same obligations in another order, and the same hours', () => {
      const bound = probationCase({ obligations: ['reporting', 'curfew'] });
      expect(decideOnCorrection([bound], correction({ standsAs: probation(12, undefined, undefined, { obligations: ['curfew', 'reporting'] }) }), INTAKE)).toEqual({ action: 'ignore' });
      expect(decideOnCorrection([working], correction({ standsAs: communityWork(120) }), INTAKE)).toEqual({ action: 'ignore' });
    });

    it.each([
      ['an obligation the pack does not know', probation(12, undefined, undefined, { obligations: ['flying'] }), /details.obligations: flying/],
      ['community work without its hours', communityWork(undefined), /details.communityWorkHours/],
    ])('refuses a correction to %s, as intake would', (_, standsAs, problem) => {
      expect(decideOnCorrection([working], correction({ standsAs }), INTAKE)).toEqual({ action: 'refuse', problem: expect.stringMatching(problem) });
    });
  });

  it('refuses an amendment that does not say what the step stands as', () => {
    expect(decideOnCorrection([probationCase()], correction({ standsAs: undefined }), INTAKE)).toEqual({ action: 'refuse', problem: expect.stringMatching(/standsAs/) });
  });
});
