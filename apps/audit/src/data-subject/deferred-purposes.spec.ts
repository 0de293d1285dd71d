import { ConfigError } from '@icjims/platform';
import { readDeferredPurposes } from './deferred-purposes';

describe('readDeferredPurposes', () => {
  it('defaults to covert_investigation', () => {
    expect(readDeferredPurposes({})).toEqual(['covert_investigation']);
    expect(readDeferredPurposes({ AUDIT_DEFERRED_PURPOSES: ' ' })).toEqual(['covert_investigation']);
  });

  it('reads a comma-separated list of codes', () => {
    expect(readDeferredPurposes({ AUDIT_DEFERRED_PURPOSES: 'covert_investigation, witness_protection,covert_investigation' })).toEqual([
      'covert_investigation',
      'witness_protection',
    ]);
  });

  it.each(['Covert', 'covert investigation', 'a,,b'])('refuses %p, naming the variable', (raw) => {
    expect(() => readDeferredPurposes({ AUDIT_DEFERRED_PURPOSES: raw })).toThrow(ConfigError);
    expect(() => readDeferredPurposes({ AUDIT_DEFERRED_PURPOSES: raw })).toThrow(/AUDIT_DEFERRED_PURPOSES/);
  });
});
