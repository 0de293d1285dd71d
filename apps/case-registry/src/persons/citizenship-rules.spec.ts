import { citizenshipGroup, EU_MEMBER_STATES, isCitizenshipCode } from './citizenship-rules';

describe('isCitizenshipCode', () => {
  it.each(['EE', 'FI', 'UA', 'US', 'XX'])('accepts %s', (code) => {
    expect(isCitizenshipCode(code)).toBe(true);
  });

  it.each([
    ['lower case', 'ee'],
    ['alpha-3', 'EST'],
    ['an unassigned code', 'QQ'],
    ['a user-assigned code other than XX', 'ZZ'],
    ['the EU’s own code for Greece', 'EL'],
    ['an empty string', ''],
  ])('refuses %s', (_scenario, code) => {
    expect(isCitizenshipCode(code)).toBe(false);
  });
});

describe('citizenshipGroup', () => {
  it.each([
    ['the national country', 'EE', 'EE', 'national'],
    ['another EU state', 'FI', 'EE', 'eu'],
    ['an EU state that is the national country elsewhere', 'EE', 'LV', 'eu'],
    ['a state outside the EU', 'UA', 'EE', 'non_eu'],
    ['a former member state', 'GB', 'EE', 'non_eu'],
    ['a stateless person', 'XX', 'EE', 'stateless'],
  ])('puts %s in its group', (_scenario, citizenship, nationalCountry, group) => {
    expect(citizenshipGroup(citizenship, nationalCountry)).toBe(group);
  });

  it('puts an unknown citizenship in the unknown group', () => {
    expect(citizenshipGroup(null, 'EE')).toBe('unknown');
  });

  it('lists the 27 member states, each a valid code', () => {
    expect(EU_MEMBER_STATES.size).toBe(27);
    expect([...EU_MEMBER_STATES].every(isCitizenshipCode)).toBe(true);
  });
});
