import { STEP_CATALOGUE, STEP_FIELD_TYPES, STEP_TYPE_CODES, stepTypeSpec } from './step-catalogue';

describe('STEP_CATALOGUE', () => {
  it('lists each step type once', () => {
    expect(new Set(STEP_TYPE_CODES).size).toBe(STEP_CATALOGUE.length);
  });

  it('covers the whole procedure, from registration to correction', () => {
    expect(STEP_TYPE_CODES).toEqual(
      expect.arrayContaining([
        'registration', 'investigation_started', 'suspicion_notified', 'detention', 'release_from_detention', 'preventive_measure_applied',
        'preventive_measure_extended', 'preventive_measure_changed', 'preventive_measure_lifted', 'investigation_term_extended',
        'proceedings_suspended', 'proceedings_resumed', 'proceedings_terminated', 'indictment', 'plea_agreement', 'court_hearing', 'verdict',
        'sentence', 'appeal_filed', 'appeal_decided', 'case_closed', 'case_joined', 'person_left', 'person_returned', 'correction',
      ]),
    );
  });

  it('keeps the field names other services read: a verdict’s outcome, a sentence’s type and term', () => {
    expect(stepTypeSpec('verdict')?.fields.find((field) => field.name === 'outcome')?.values).toEqual(['conviction', 'acquittal']);
    expect(stepTypeSpec('sentence')?.fields.map((field) => field.name)).toEqual(expect.arrayContaining(['sentenceType', 'termMonths']));
  });

  it('leaves the steps the system records without roles, so nobody records them over the API', () => {
    expect(STEP_CATALOGUE.filter((spec) => spec.roles.length === 0).map((spec) => spec.code)).toEqual([
      'registration', 'pre_sentence_report_received', 'case_joined', 'person_left', 'person_returned', 'standing_received', 'measure_received', 'deadline_received',
    ]);
  });

  it('lets only the prosecutor record court outcomes', () => {
    for (const code of ['indictment', 'verdict', 'sentence', 'appeal_decided', 'case_closed', 'conditional_early_release']) expect(stepTypeSpec(code)?.roles).toEqual(['prosecutor']);
  });

  it('lets the prosecutor or the investigator request a pre-sentence report, and only the system record its receipt', () => {
    expect(stepTypeSpec('pre_sentence_report_requested')?.roles).toEqual(['prosecutor', 'investigator']);
    expect(stepTypeSpec('pre_sentence_report_received')?.roles).toEqual([]);
  });

  it('gives the court decisions that open supervision their obligations as codes', () => {
    for (const code of ['sentence', 'conditional_early_release']) {
      expect(stepTypeSpec(code)?.fields.find((field) => field.name === 'obligations')).toMatchObject({ type: 'codes', valuesFrom: 'probationObligations' });
    }
  });

  it.each(STEP_CATALOGUE.map((spec) => [spec.code, spec] as const))('describes the fields of %s completely', (_code, spec) => {
    expect(spec.title.length).toBeGreaterThan(0);
    for (const field of spec.fields) {
      expect(STEP_FIELD_TYPES).toContain(field.type);
      expect(field.description.length).toBeGreaterThan(0);
      // A field whose values are a pack list gets them from the pack (StepTypes); the others list their own.
      if (field.type === 'enum' && !field.valuesFrom) expect(field.values?.length).toBeGreaterThan(0);
      if (field.type === 'string') expect(field.maxLength).toBeGreaterThan(0);
      // A list of codes names its list and how many it may hold.
      if (field.type === 'codes') expect([field.valuesFrom !== undefined || Boolean(field.values?.length), field.maxItems]).toEqual([true, expect.any(Number)]);
      if (field.notPast) expect(field.type).toBe('date');
    }
  });

  it('finds no spec for an unknown code', () => {
    expect(stepTypeSpec('pardon')).toBeUndefined();
  });
});
