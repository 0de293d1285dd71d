import { isRestricted, mayConsult, restrictionProblems } from './restriction-rules';

const NOW = new Date('2026-12-01T12:00:00Z');
const restricted = (until: string, subs: string[] = [], roles: string[] = []) => ({ restrictedUntil: new Date(until), restrictedToSubs: subs, restrictedToRoles: roles });
const unrestricted = { restrictedUntil: null, restrictedToSubs: [], restrictedToRoles: [] };

describe('restriction rules', () => {
  it('holds a restriction until its date, and not from then on', () => {
    expect(isRestricted(restricted('2026-12-01T12:00:01Z'), NOW)).toBe(true);
    expect(isRestricted(restricted('2026-12-01T12:00:00Z'), NOW)).toBe(false);
    expect(isRestricted(unrestricted, NOW)).toBe(false);
  });

  it.each([
    ['anyone, when the record is not restricted', unrestricted, { sub: 'x', roles: ['investigator'] }, true],
    ['a user named by sub', restricted('2027-01-01T00:00:00Z', ['officer-7']), { sub: 'officer-7', roles: ['investigator'] }, true],
    ['a holder of a role named', restricted('2027-01-01T00:00:00Z', [], ['prosecutor']), { sub: 'x', roles: ['investigator', 'prosecutor'] }, true],
    ['someone else, even an admin', restricted('2027-01-01T00:00:00Z', ['officer-7'], ['prosecutor']), { sub: 'x', roles: ['admin'] }, false],
    ['anyone once the restriction has lapsed', restricted('2026-11-30T00:00:00Z', ['officer-7']), { sub: 'x', roles: ['investigator'] }, true],
  ] as const)('lets %s consult the record', (_scenario, record, caller, expected) => {
    expect(mayConsult({ ...record, restrictedToSubs: [...record.restrictedToSubs], restrictedToRoles: [...record.restrictedToRoles] }, { sub: caller.sub, roles: [...caller.roles] }, NOW)).toBe(expected);
  });

  it('wants someone named and a date in the future', () => {
    expect(restrictionProblems({ until: '2026-12-01T11:59:59Z' }, NOW)).toEqual([
      { field: 'subs', reason: 'name at least one user in subs or one role in roles who may still see the record' },
      { field: 'until', reason: 'until must be in the future' },
    ]);
    expect(restrictionProblems({ subs: [], roles: ['prosecutor'], until: '2027-01-01T00:00:00Z' }, NOW)).toEqual([]);
  });
});
