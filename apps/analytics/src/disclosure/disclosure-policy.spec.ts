import { ConfigError } from '@icjims/platform';
import { readDisclosurePolicy, readExactForNational, readMinDenominator } from './disclosure-policy';

describe('readMinDenominator', () => {
  it('defaults to 20', () => {
    expect(readMinDenominator({})).toBe(20);
    expect(readMinDenominator({ ANALYTICS_MIN_DENOMINATOR: '' })).toBe(20);
  });

  it.each([['1', 1], ['30', 30], ['100', 100]])('reads %p', (raw, value) => {
    expect(readMinDenominator({ ANALYTICS_MIN_DENOMINATOR: raw })).toBe(value);
  });

  it.each(['0', '-1', '2.5', 'twenty', ' 20', '20 ', '1e3', '0x10'])('refuses %p with a line naming the variable', (raw) => {
    expect(() => readMinDenominator({ ANALYTICS_MIN_DENOMINATOR: raw })).toThrow(ConfigError);
    expect(() => readMinDenominator({ ANALYTICS_MIN_DENOMINATOR: raw })).toThrow(/ANALYTICS_MIN_DENOMINATOR must be an integer of at least 1/);
  });
});

describe('readExactForNational', () => {
  it('defaults to false', () => {
    expect(readExactForNational({})).toBe(false);
    expect(readExactForNational({ ANALYTICS_EXACT_FOR_NATIONAL: '' })).toBe(false);
  });

  it('reads "true" and "false"', () => {
    expect(readExactForNational({ ANALYTICS_EXACT_FOR_NATIONAL: 'true' })).toBe(true);
    expect(readExactForNational({ ANALYTICS_EXACT_FOR_NATIONAL: 'false' })).toBe(false);
  });

  it.each(['1', '0', 'yes', 'TRUE', 'True', ' true', 'on'])('refuses %p with a line naming the variable', (raw) => {
    expect(() => readExactForNational({ ANALYTICS_EXACT_FOR_NATIONAL: raw })).toThrow(ConfigError);
    expect(() => readExactForNational({ ANALYTICS_EXACT_FOR_NATIONAL: raw })).toThrow(/ANALYTICS_EXACT_FOR_NATIONAL must be "true" or "false"/);
  });
});

describe('readDisclosurePolicy', () => {
  it('defaults to k = 3, a minimum denominator of 20 and no exact figures', () => {
    expect(readDisclosurePolicy({})).toEqual({ minCellSize: 3, minDenominator: 20, exactForNational: false });
  });

  it('reads the three variables', () => {
    const env = { ANALYTICS_MIN_CELL_SIZE: '5', ANALYTICS_MIN_DENOMINATOR: '30', ANALYTICS_EXACT_FOR_NATIONAL: 'true' };
    expect(readDisclosurePolicy(env)).toEqual({ minCellSize: 5, minDenominator: 30, exactForNational: true });
  });

  it('names the variable that is wrong', () => {
    expect(() => readDisclosurePolicy({ ANALYTICS_MIN_CELL_SIZE: '0' })).toThrow(/ANALYTICS_MIN_CELL_SIZE/);
    expect(() => readDisclosurePolicy({ ANALYTICS_MIN_DENOMINATOR: 'x' })).toThrow(/ANALYTICS_MIN_DENOMINATOR/);
    expect(() => readDisclosurePolicy({ ANALYTICS_EXACT_FOR_NATIONAL: 'yes' })).toThrow(/ANALYTICS_EXACT_FOR_NATIONAL/);
  });
});
