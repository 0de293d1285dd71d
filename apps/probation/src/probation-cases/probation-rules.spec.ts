import { addMonths, isProbationSentence, probationEndsOn, probationTerm, utcDateOf } from './probation-rules';

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

describe('utcDateOf', () => {
  it('takes the UTC calendar date of an instant', () => {
    expect(utcDateOf('2026-11-20T10:00:00Z')).toBe('2026-11-20');
    expect(utcDateOf('2026-11-21T01:30:00+02:00')).toBe('2026-11-20');
    expect(utcDateOf('2026-11-20')).toBe('2026-11-20');
  });

  it.each(['yesterday', '+010000-01-01T00:00:00Z'])('refuses %p', (value) => {
    expect(() => utcDateOf(value)).toThrow(RangeError);
  });
});

describe('isProbationSentence', () => {
  it('recognises a sentence to probation', () => {
    expect(isProbationSentence({ stepType: 'sentence', details: { sentenceType: 'probation', termMonths: 12 } })).toBe(true);
  });

  it.each([
    { stepType: 'sentence', details: { sentenceType: 'imprisonment', termMonths: 12 } },
    { stepType: 'sentence', details: {} },
    { stepType: 'indictment', details: { sentenceType: 'probation' } },
  ])('ignores %p', (step) => {
    expect(isProbationSentence(step)).toBe(false);
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
