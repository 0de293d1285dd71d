import { formatCaseNumber, registrationTimeProblems } from './case-rules';

describe('formatCaseNumber', () => {
  it('joins region, year and a zero-padded sequence', () => {
    expect(formatCaseNumber('EE-37', 2026, 42)).toBe('EE-37-2026-000042');
  });

  it('grows past six digits rather than fail', () => {
    expect(formatCaseNumber('EE-37', 2026, 1_000_000)).toBe('EE-37-2026-1000000');
  });

  it.each([0, -1, 1.5])('refuses sequence %p', (sequence) => {
    expect(() => formatCaseNumber('EE-37', 2026, sequence)).toThrow(RangeError);
  });
});

describe('registrationTimeProblems', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('accepts a report received before it was registered', () => {
    expect(registrationTimeProblems({ receivedAt: new Date('2026-11-22T09:00:00Z'), registeredAt: new Date('2026-11-23T10:00:00Z') }, now)).toEqual([]);
  });

  it('refuses a registration in the future beyond clock skew', () => {
    const registeredAt = new Date('2026-11-23T12:05:00Z');
    expect(registrationTimeProblems({ receivedAt: registeredAt, registeredAt }, now)).toEqual([
      { field: 'registeredAt', reason: 'registeredAt must not be in the future' },
    ]);
  });

  it('tolerates a client clock slightly ahead', () => {
    const registeredAt = new Date('2026-11-23T12:01:00Z');
    expect(registrationTimeProblems({ receivedAt: registeredAt, registeredAt }, now)).toEqual([]);
  });

  it('refuses a report received after its registration', () => {
    expect(
      registrationTimeProblems({ receivedAt: new Date('2026-11-23T11:00:00Z'), registeredAt: new Date('2026-11-23T10:00:00Z') }, now),
    ).toEqual([{ field: 'receivedAt', reason: 'receivedAt must not be after registeredAt' }]);
  });
});
