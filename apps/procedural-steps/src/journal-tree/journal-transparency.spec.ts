import { ConfigError, validateTransparencySettings } from '@icjims/platform';

describe('the journal’s transparency settings', () => {
  it('take the defaults and fractions of a second', () => {
    expect(() => validateTransparencySettings({})).not.toThrow();
    expect(() => validateTransparencySettings({ ICJIMS_CHECKPOINT_INTERVAL_SECONDS: '0.5' })).not.toThrow();
  });

  it.each(['0', '-1', 'ten', '86401'])('refuse a checkpoint interval of %s in one line naming the variable', (value) => {
    expect(() => validateTransparencySettings({ ICJIMS_CHECKPOINT_INTERVAL_SECONDS: value })).toThrow(ConfigError);
    expect(() => validateTransparencySettings({ ICJIMS_CHECKPOINT_INTERVAL_SECONDS: value })).toThrow(/^Invalid configuration: ICJIMS_CHECKPOINT_INTERVAL_SECONDS/);
  });
});
