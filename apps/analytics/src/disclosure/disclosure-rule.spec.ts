import { INDICATOR_CATALOGUE } from '../indicators/indicator-catalogue';
import { disclosureRuleOf } from './disclosure-rule';

describe('the disclosure rule of an indicator', () => {
  const ruleOf = (code: string) => disclosureRuleOf(INDICATOR_CATALOGUE.find((indicator) => indicator.code === code)!);

  it('says how each kind of figure is protected', () => {
    expect(ruleOf('persons_detained')).toMatch(/^Counts of people: .* withheld \(primary\).*\(secondary\)/);
    expect(ruleOf('steps_recorded')).toMatch(/^Counts of acts; the categories whose acts each concern one person are counts of people/);
    expect(ruleOf('pretrial_incoming')).toBe('Counts of cases, not of people: published as they are.');
    expect(ruleOf('conviction_share')).toMatch(/^A share of people: .*minimum denominator.*minimum cell size/);
    expect(ruleOf('pretrial_clearance_rate')).toBe('A rate of cases: withheld when its denominator is below the minimum denominator.');
    expect(ruleOf('duration_indictment_to_verdict_median')).toMatch(/^A statistic of a distribution/);
  });

  it('gives every indicator of the catalogue one', () => {
    for (const indicator of INDICATOR_CATALOGUE) expect(disclosureRuleOf(indicator).length).toBeGreaterThan(20);
  });
});
