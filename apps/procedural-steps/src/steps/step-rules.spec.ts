import { stepTypeSpec, StepTypeSpec } from '../step-types/step-catalogue';
import { detailProblems, occurredAtProblems, personProblems } from './step-rules';

function spec(code: string): StepTypeSpec {
  const found = stepTypeSpec(code);
  if (!found) throw new Error(`no step type ${code}`);
  return found;
}

describe('detailProblems', () => {
  it('accepts a probation sentence with its term', () => {
    expect(detailProblems(spec('sentence'), { sentenceType: 'probation', termMonths: 24 })).toEqual([]);
  });

  it('accepts a fine without a term', () => {
    expect(detailProblems(spec('sentence'), { sentenceType: 'fine' })).toEqual([]);
  });

  it('requires a term for every sentence but a fine', () => {
    expect(detailProblems(spec('sentence'), { sentenceType: 'probation' })).toEqual([
      { field: 'details.termMonths', reason: 'details.termMonths is required for every sentence type except a fine' },
    ]);
  });

  it('names a missing required field', () => {
    expect(detailProblems(spec('verdict'), {})).toEqual([{ field: 'details.outcome', reason: 'details.outcome is required for verdict' }]);
  });

  it('refuses an unknown enum value', () => {
    expect(detailProblems(spec('verdict'), { outcome: 'pardon' })).toEqual([
      { field: 'details.outcome', reason: 'details.outcome must be one of: conviction, acquittal' },
    ]);
  });

  it.each([
    [{ sentenceType: 'probation', termMonths: '24' }, 'details.termMonths must be an integer'],
    [{ sentenceType: 'probation', termMonths: 2.5 }, 'details.termMonths must be an integer'],
    [{ sentenceType: 'probation', termMonths: 0 }, 'details.termMonths must be at least 1'],
    [{ sentenceType: 'probation', termMonths: 601 }, 'details.termMonths must be at most 600'],
  ])('refuses a badly typed or out-of-range term %p', (details, reason) => {
    expect(detailProblems(spec('sentence'), details)).toEqual([{ field: 'details.termMonths', reason }]);
  });

  it('refuses fields the step type does not have', () => {
    expect(detailProblems(spec('indictment'), { court: 'Harju' })).toEqual([
      { field: 'details.court', reason: 'details.court is not a field of indictment' },
    ]);
  });

  it('limits string length', () => {
    expect(detailProblems(spec('suspicion_notified'), { offenceArticle: 'x'.repeat(33) })).toEqual([
      { field: 'details.offenceArticle', reason: 'details.offenceArticle must be at most 32 characters' },
    ]);
  });
});

describe('occurredAtProblems', () => {
  const receivedAt = new Date('2026-11-01T00:00:00Z');
  const now = new Date('2026-11-23T12:00:00Z');

  it('accepts a time between receipt and now', () => {
    expect(occurredAtProblems(new Date('2026-11-10T00:00:00Z'), receivedAt, now)).toEqual([]);
  });

  it('refuses the future', () => {
    expect(occurredAtProblems(new Date('2026-11-24T00:00:00Z'), receivedAt, now)).toEqual([
      { field: 'occurredAt', reason: 'occurredAt must not be in the future' },
    ]);
  });

  it('refuses a time before the report was received', () => {
    expect(occurredAtProblems(new Date('2026-10-31T23:59:59Z'), receivedAt, now)).toEqual([
      { field: 'occurredAt', reason: 'occurredAt must not be before the report of the crime was received' },
    ]);
  });
});

describe('personProblems', () => {
  it('refuses a person on a case-level step', () => {
    expect(personProblems(spec('indictment'), '0b0f8f0e-6f7e-4e52-9a51-6a1d7d3c9f11')).toHaveLength(1);
  });

  it('accepts a person on a person-level step', () => {
    expect(personProblems(spec('detention'), '0b0f8f0e-6f7e-4e52-9a51-6a1d7d3c9f11')).toEqual([]);
  });
});
