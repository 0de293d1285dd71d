import { stepTypeSpec, StepTypeSpec } from '../step-types/step-catalogue';
import { detailProblems, occurredAtProblems, personProblems, recordingProblems } from './step-rules';

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
    expect(detailProblems(spec('indictment'), { court: 'Bishkek' })).toEqual([
      { field: 'details.court', reason: 'details.court is not a field of indictment' },
    ]);
  });

  it.each([
    ['a UTC instant', '2026-12-31T23:59:59Z'],
    ['an instant with an offset and milliseconds', '2026-12-31T23:59:59.250+02:00'],
  ])('accepts a datetime given as %s', (_case, until) => {
    expect(detailProblems(spec('preventive_measure_extended'), { measure: 'custody', until })).toEqual([]);
  });

  it.each([
    ['a date without a time', '2026-12-31'],
    ['a time without an offset', '2026-12-31T23:59:59'],
    ['a day the calendar lacks', '2026-02-30T10:00:00Z'],
    ['a number', 1767225599000],
  ])('refuses a datetime given as %s', (_case, until) => {
    expect(detailProblems(spec('preventive_measure_extended'), { measure: 'custody', until })).toEqual([
      { field: 'details.until', reason: 'details.until must be a date-time with an offset (e.g. 2026-11-23T09:30:00Z)' },
    ]);
  });

  const dated = { ...spec('verdict'), fields: [{ name: 'on', type: 'date' as const, required: true, description: 'a day' }] };

  it('accepts a calendar date', () => {
    expect(detailProblems(dated, { on: '2028-02-29' })).toEqual([]);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-1-01'])('refuses the date %s', (on) => {
    expect(detailProblems(dated, { on })).toEqual([{ field: 'details.on', reason: 'details.on must be a date (YYYY-MM-DD)' }]);
  });

  it('accepts a fine with its amount', () => {
    expect(detailProblems(spec('sentence'), { sentenceType: 'fine', fineAmount: 1200 })).toEqual([]);
  });

  it('refuses a fine amount on a sentence that is not a fine', () => {
    expect(detailProblems(spec('sentence'), { sentenceType: 'probation', termMonths: 12, fineAmount: 1200 })).toEqual([
      { field: 'details.fineAmount', reason: 'details.fineAmount is only for a fine' },
    ]);
  });

  it('refuses changing a preventive measure into itself', () => {
    expect(detailProblems(spec('preventive_measure_changed'), { measure: 'bail', newMeasure: 'bail' })).toEqual([
      { field: 'details.newMeasure', reason: 'details.newMeasure must differ from details.measure' },
    ]);
  });

  it('accepts a boolean field only as a boolean', () => {
    const flagged = { ...spec('verdict'), fields: [{ name: 'final', type: 'boolean' as const, required: true, description: 'in force' }] };
    expect(detailProblems(flagged, { final: true })).toEqual([]);
    expect(detailProblems(flagged, { final: 'yes' })).toEqual([{ field: 'details.final', reason: 'details.final must be a boolean' }]);
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

  it('requires a person on a person-level step', () => {
    expect(personProblems(spec('detention'), undefined)).toEqual([
      { field: 'personId', reason: 'detention concerns one person in the case: personId is required' },
    ]);
  });

  it('accepts a case-level step without a person', () => {
    expect(personProblems(spec('indictment'), undefined)).toEqual([]);
  });
});

describe('a codes field (the obligations of a sentence)', () => {
  const sentenced = (obligations: unknown) => detailProblems(spec('sentence'), { sentenceType: 'probation', termMonths: 24, obligations });

  it('accepts distinct codes of the list, and none', () => {
    expect(sentenced(['report_regularly', 'curfew'])).toEqual([]);
    expect(sentenced([])).toEqual([]);
  });

  it.each([
    ['a single code', 'reporting', 'details.obligations must be an array of codes'],
    ['an object', { reporting: true }, 'details.obligations must be an array of codes'],
    ['a number among the codes', ['report_regularly', 3], 'details.obligations must hold codes (strings) only'],
    ['an unknown code', ['report_regularly', 'banishment'], 'details.obligations holds the unknown code banishment (codes: report_regularly, no_residence_change_without_notice, curfew, no_contact, avoid_places, treatment, education_or_work, community_work)'],
    ['a code twice', ['curfew', 'curfew'], 'details.obligations holds the code curfew twice'],
    ['more codes than allowed', Array.from({ length: 21 }, () => 'report_regularly'), 'details.obligations must hold at most 20 codes'],
  ])('refuses %s, naming the field and the code', (_case, obligations, reason) => {
    expect(sentenced(obligations)).toEqual([{ field: 'details.obligations', reason }]);
  });
});

describe('community work hours', () => {
  it('are given with community work', () => {
    expect(detailProblems(spec('sentence'), { sentenceType: 'community_work', termMonths: 6, communityWorkHours: 240 })).toEqual([]);
  });

  it('are refused with another kind of sentence', () => {
    expect(detailProblems(spec('sentence'), { sentenceType: 'probation', termMonths: 6, communityWorkHours: 240 })).toEqual([
      { field: 'details.communityWorkHours', reason: 'details.communityWorkHours is only for community work' },
    ]);
  });

  it('are refused out of range', () => {
    expect(detailProblems(spec('sentence'), { sentenceType: 'community_work', termMonths: 6, communityWorkHours: 0 })).toEqual([
      { field: 'details.communityWorkHours', reason: 'details.communityWorkHours must be at least 1' },
    ]);
  });

  it('come with restriction of freedom, a sentence kind of its own', () => {
    expect(detailProblems(spec('sentence'), { sentenceType: 'restriction_of_freedom', termMonths: 12, obligations: ['curfew'] })).toEqual([]);
  });
});

describe('recordingProblems: what depends on the day of recording', () => {
  const request = spec('pre_sentence_report_requested');

  it('accepts a due date today or later', () => {
    expect(recordingProblems(request, { dueOn: '2026-12-05', requestedBy: 'court' }, '2026-12-05')).toEqual([]);
    expect(recordingProblems(request, { dueOn: '2027-01-10', requestedBy: 'court' }, '2026-12-05')).toEqual([]);
  });

  it('refuses a due date in the past', () => {
    expect(recordingProblems(request, { dueOn: '2026-12-04', requestedBy: 'court' }, '2026-12-05')).toEqual([
      { field: 'details.dueOn', reason: 'details.dueOn must not be in the past (today is 2026-12-05)' },
    ]);
  });

  it('leaves a malformed date to the field check, and fields without the mark alone', () => {
    expect(recordingProblems(request, { dueOn: 5 }, '2026-12-05')).toEqual([]);
    expect(recordingProblems(spec('preventive_measure_extended'), { measure: 'custody', until: '2020-01-01T00:00:00Z' }, '2026-12-05')).toEqual([]);
  });
});
