import { flowMetricOf } from '../flow/flow.indicators';
import { BREAKDOWNS, categoryBreakdownOf, familyOf, findIndicator, INDICATOR_CATALOGUE, INDICATOR_CODES, INDICATOR_FAMILIES } from './indicator-catalogue';

describe('the indicator catalogue', () => {
  it('describes every indicator code once, completely', () => {
    expect(new Set(INDICATOR_CODES).size).toBe(INDICATOR_CATALOGUE.length);
    for (const indicator of INDICATOR_CATALOGUE) {
      expect(indicator.title).not.toBe('');
      expect(indicator.definition.length).toBeGreaterThan(20);
      expect(indicator.formula).toMatch(/^count of \w+ events|^count of cases|^count of distinct \(case, person\)|^count of deadline\.breached|^(pretrial|court)_\w+ ÷|^persons_sentenced whose|^persons whose first (verdict|completion of probation)|^percentile_cont|^persons (held|given|notified|accused) |^count of (probation cases|violations|report_submitted entries) |^sum of |^probation_caseload ÷/);
      expect(indicator.sourceEvents.length).toBeGreaterThan(0);
      expect(indicator.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(indicator.unit).not.toBe('');
      expect(indicator.breakdowns.slice(0, 2)).toEqual(['region', 'month']);
      for (const breakdown of indicator.breakdowns) expect(BREAKDOWNS).toContain(breakdown);
    }
  });

  it('treats probation cases and suspects as person-based and procedural activity as not', () => {
    expect(findIndicator('probation_cases_opened')?.personBased).toBe(true);
    expect(findIndicator('suspects_entered')?.personBased).toBe(true);
    expect(findIndicator('cases_registered')?.personBased).toBe(false);
    expect(findIndicator('steps_recorded')?.personBased).toBe(false);
  });

  it('treats the person-level step types of steps_recorded as counts of people, and says so', () => {
    expect(INDICATOR_CATALOGUE.filter((indicator) => indicator.personLevelCategories).map((indicator) => indicator.code)).toEqual(['steps_recorded']);
    expect(findIndicator('steps_recorded')?.definition).toMatch(/concern one person each .* suppressed/);
  });

  it('says how corrections apply to the counts of steps and of probation cases', () => {
    for (const code of ['steps_recorded', 'probation_cases_opened'] as const) {
      expect(findIndicator(code)?.definition).toMatch(/annulled .* not counted, an amended one counts in the month/);
    }
    expect(findIndicator('steps_recorded')?.definition).toContain('counted under the step type "correction"');
  });

  it('gives each stage of the case flow its five CEPEJ figures, ratios for the clearance rate and disposition time', () => {
    for (const stage of ['pretrial', 'court']) {
      const codes = INDICATOR_CATALOGUE.filter((indicator) => indicator.code.startsWith(`${stage}_`));
      expect(codes.map((indicator) => [indicator.code, indicator.measure, indicator.unit])).toEqual([
        [`${stage}_incoming`, 'count', 'cases'],
        [`${stage}_resolved`, 'count', 'cases'],
        [`${stage}_pending`, 'count', 'cases'],
        [`${stage}_clearance_rate`, 'ratio', '%'],
        [`${stage}_disposition_time`, 'ratio', 'days'],
      ]);
      for (const indicator of codes) expect(flowMetricOf(indicator.code)?.stage).toBe(stage);
    }
    expect(flowMetricOf('cases_registered')).toBeUndefined();
  });

  it('finds the category breakdown beyond region and month', () => {
    expect(categoryBreakdownOf(findIndicator('steps_recorded')!)).toBe('stepType');
    expect(categoryBreakdownOf(findIndicator('suspects_entered')!)).toBe('citizenshipGroup');
    expect(categoryBreakdownOf(findIndicator('cases_registered')!)).toBeUndefined();
  });

  it('has one family compute each indicator', () => {
    for (const indicator of INDICATOR_CATALOGUE) expect(familyOf(indicator.code).definitions).toContain(indicator);
    expect(INDICATOR_FAMILIES.flatMap((family) => family.definitions)).toEqual(INDICATOR_CATALOGUE);
  });

  it('knows no other codes', () => {
    expect(findIndicator('clearance_rate')).toBeUndefined();
    expect(() => familyOf('clearance_rate')).toThrow(RangeError);
  });
});
