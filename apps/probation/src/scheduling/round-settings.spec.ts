import { ConfigError } from '@icjims/platform';
import { readProbationRoundInterval } from './round-settings';

describe('PROBATION_ROUND_INTERVAL_SECONDS', () => {
  it('is an hour by default, and the seconds given otherwise', () => {
    expect(readProbationRoundInterval({})).toBe(3_600_000);
    expect(readProbationRoundInterval({ PROBATION_ROUND_INTERVAL_SECONDS: '' })).toBe(3_600_000);
    expect(readProbationRoundInterval({ PROBATION_ROUND_INTERVAL_SECONDS: '30' })).toBe(30_000);
  });

  it.each(['0', '86401', '1.5', '-5', 'hourly', '1e3'])('refuses %s naming the variable', (raw) => {
    expect(() => readProbationRoundInterval({ PROBATION_ROUND_INTERVAL_SECONDS: raw })).toThrow(ConfigError);
    expect(() => readProbationRoundInterval({ PROBATION_ROUND_INTERVAL_SECONDS: raw })).toThrow(/PROBATION_ROUND_INTERVAL_SECONDS/);
  });
});
