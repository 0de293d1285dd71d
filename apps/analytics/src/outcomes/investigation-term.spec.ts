import { BUILT_IN_PACKS, DeadlineRule, jurisdictionOf } from '@icjims/jurisdiction';
import { investigationTermRules } from './investigation-term';

describe('the investigation terms of a pack', () => {
  const rulesOf = (code: string) => jurisdictionOf(BUILT_IN_PACKS[code], code).pack.deadlineRules;

  it('are its case deadlines started by the start of the investigation, found by what starts them', () => {
    expect(investigationTermRules(rulesOf('KZ'))).toEqual(['investigation_term']);
    expect(investigationTermRules(rulesOf('EE'))).toEqual(['investigation_term']);
    // KG lists no investigation term (yet): its detention and measure terms are not one.
    expect(investigationTermRules(rulesOf('KG'))).toEqual([]);
  });

  it('include a term started by the registration, whatever its code, and never a person’s', () => {
    const [template] = rulesOf('KZ').filter((rule) => rule.scope === 'case');
    const rules: DeadlineRule[] = [
      { ...template, code: 'srok_rassledovaniya', startsWith: [{ stepType: 'registration' }] },
      { ...template, code: 'personal', scope: 'person', startsWith: [{ stepType: 'investigation_started' }] },
      { ...template, code: 'other_case_term', startsWith: [{ stepType: 'indictment' }] },
    ];
    expect(investigationTermRules(rules)).toEqual(['srok_rassledovaniya']);
  });
});
