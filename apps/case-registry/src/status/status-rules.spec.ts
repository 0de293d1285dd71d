import { statusChangeApplies } from './status-rules';

describe('statusChangeApplies', () => {
  const shown = new Date('2026-11-23T10:00:00.000Z');

  it('applies the first change to a case still at its initial status', () => {
    expect(statusChangeApplies(null, new Date('2020-01-01T00:00:00Z'))).toBe(true);
  });

  it('applies a change recorded after the one shown', () => {
    expect(statusChangeApplies(shown, new Date('2026-11-23T10:00:00.001Z'))).toBe(true);
  });

  it('applies a change recorded at the same time, in delivery order', () => {
    expect(statusChangeApplies(shown, new Date(shown))).toBe(true);
  });

  it('ignores a stale change recorded before the one shown', () => {
    expect(statusChangeApplies(shown, new Date('2026-11-23T09:59:59.999Z'))).toBe(false);
  });
});
