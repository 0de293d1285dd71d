import { isCitizenshipCode } from './citizenship-rules';

describe('isCitizenshipCode', () => {
  it.each(['KG', 'KZ', 'UA', 'US', 'XX'])('accepts %s', (code) => {
    expect(isCitizenshipCode(code)).toBe(true);
  });

  it.each([
    ['lower case', 'kg'],
    ['alpha-3', 'KGZ'],
    ['an unassigned code', 'QQ'],
    ['a user-assigned code other than XX', 'ZZ'],
    ['the EU’s own code for Greece', 'EL'],
    ['an empty string', ''],
  ])('refuses %s', (_scenario, code) => {
    expect(isCitizenshipCode(code)).toBe(false);
  });
});
