import { assertCaseOpen, registrationTimeProblems } from './case-rules';

describe('registrationTimeProblems', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const times = (receivedAt: string, registeredAt: string, offenceCommittedAt?: string) => ({
    receivedAt: new Date(receivedAt),
    registeredAt: new Date(registeredAt),
    offenceCommittedAt: offenceCommittedAt === undefined ? undefined : new Date(offenceCommittedAt),
  });

  it('accepts an offence committed before a report received before it was registered', () => {
    expect(registrationTimeProblems(times('2026-11-22T09:00:00Z', '2026-11-23T10:00:00Z', '2026-11-21T22:00:00Z'), now)).toEqual([]);
  });

  it('refuses a registration in the future beyond clock skew', () => {
    expect(registrationTimeProblems(times('2026-11-23T11:00:00Z', '2026-11-23T12:05:00Z'), now)).toEqual([
      { field: 'registeredAt', reason: 'registeredAt must not be in the future' },
    ]);
  });

  it('refuses a receipt in the future, which is also after the registration', () => {
    expect(registrationTimeProblems(times('2026-11-23T12:05:00Z', '2026-11-23T11:00:00Z'), now)).toEqual([
      { field: 'receivedAt', reason: 'receivedAt must not be in the future' },
      { field: 'receivedAt', reason: 'receivedAt must not be after registeredAt' },
    ]);
  });

  it('tolerates a client clock slightly ahead', () => {
    expect(registrationTimeProblems(times('2026-11-23T12:01:00Z', '2026-11-23T12:01:00Z'), now)).toEqual([]);
  });

  it('refuses a report received after its registration', () => {
    expect(registrationTimeProblems(times('2026-11-23T11:00:00Z', '2026-11-23T10:00:00Z'), now)).toEqual([
      { field: 'receivedAt', reason: 'receivedAt must not be after registeredAt' },
    ]);
  });

  it('refuses an offence committed after the report was received', () => {
    expect(registrationTimeProblems(times('2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z', '2026-11-23T09:30:00Z'), now)).toEqual([
      { field: 'offenceCommittedAt', reason: 'offenceCommittedAt must not be after receivedAt' },
    ]);
  });

  it('refuses an offence committed in the future', () => {
    expect(registrationTimeProblems(times('2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z', '2027-01-01T00:00:00Z'), now)).toEqual([
      { field: 'offenceCommittedAt', reason: 'offenceCommittedAt must not be in the future' },
      { field: 'offenceCommittedAt', reason: 'offenceCommittedAt must not be after receivedAt' },
    ]);
  });
});

describe('assertCaseOpen', () => {
  it.each(['registered', 'under_investigation', 'suspended', 'in_court'] as const)('lets a %s case change', (status) => {
    expect(() => assertCaseOpen(status, 'transferred')).not.toThrow();
  });

  it.each(['closed', 'joined'] as const)('refuses changing a %s case with a rule violation', (status) => {
    expect(() => assertCaseOpen(status, 'transferred')).toThrow(`a ${status} case cannot be transferred`);
  });
});
