import { statusChangeApplies } from './status-rules';

describe('statusChangeApplies', () => {
  const recordedAt = new Date('2026-11-23T10:00:00.000Z');
  const shown = { status: 'under_investigation' as const, recordedAt };

  it('applies the first change to a case still at its initial status', () => {
    expect(statusChangeApplies({ status: 'registered', recordedAt: null }, { status: 'under_investigation', recordedAt: new Date('2020-01-01T00:00:00Z') })).toBe(true);
  });

  it('applies a change recorded after the one shown', () => {
    expect(statusChangeApplies(shown, { status: 'in_court', recordedAt: new Date('2026-11-23T10:00:00.001Z') })).toBe(true);
  });

  it('applies a change recorded at the same time, in delivery order', () => {
    expect(statusChangeApplies(shown, { status: 'in_court', recordedAt: new Date(recordedAt) })).toBe(true);
  });

  it('ignores a stale change recorded before the one shown', () => {
    expect(statusChangeApplies(shown, { status: 'in_court', recordedAt: new Date('2026-11-23T09:59:59.999Z') })).toBe(false);
  });

  describe('a case joined here', () => {
    const joined = { status: 'joined' as const, recordedAt };

    it('stays joined whatever procedural-steps recorded before it learned of the join, later or not', () => {
      expect(statusChangeApplies(joined, { status: 'under_investigation', recordedAt: new Date('2026-11-23T10:00:05Z') })).toBe(false);
      expect(statusChangeApplies(joined, { status: 'closed', recordedAt: new Date('2026-11-23T09:00:00Z') })).toBe(false);
    });

    it('takes procedural-steps’ own joined status, recorded after the join', () => {
      expect(statusChangeApplies(joined, { status: 'joined', recordedAt: new Date('2026-11-23T10:00:01Z') })).toBe(true);
    });
  });
});
