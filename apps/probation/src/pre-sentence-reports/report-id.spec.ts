import { reportIdOf } from './pre-sentence-report-intake';
import { mayReach } from './stream-access';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('reportIdOf: a report’s id from its request step', () => {
  it('is a UUID (version 8, RFC variant), the same for the same step and another for another step', () => {
    const step = '0b7f3c1e-5d2a-4c8e-9f10-2a3b4c5d6e7f';
    expect(reportIdOf(step)).toMatch(UUID);
    expect(reportIdOf(step)).toBe(reportIdOf(step));
    expect(reportIdOf('5e6f7a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b')).not.toBe(reportIdOf(step));
    expect(reportIdOf(step)).not.toBe(step);
  });
});

describe('mayReach: which streams a caller reaches', () => {
  const report = { region: 'KG-GB', office: 'PR-KG-GB-LENINSKY' };
  const unassigned = { region: 'KG-GB', office: null };
  it.each([
    ['a national caller, anything', { sub: 'a', roles: ['admin' as const] }, report, true],
    ['a regional caller, their region', { sub: 'a', roles: ['admin' as const], region: 'KG-GB' }, report, true],
    ['a regional caller, another region', { sub: 'a', roles: ['admin' as const], region: 'KG-C' }, report, false],
    ['an office-bound caller, their office', { sub: 'a', roles: ['probation_officer' as const], region: 'KG-GB', office: 'PR-KG-GB-LENINSKY' }, report, true],
    ['an office-bound caller, another office', { sub: 'a', roles: ['probation_officer' as const], region: 'KG-GB', office: 'PR-KG-GB-OKTYABRSKY' }, report, false],
    ['an office-bound caller, one of the region not yet assigned', { sub: 'a', roles: ['probation_officer' as const], region: 'KG-GB', office: 'PR-KG-GB-OKTYABRSKY' }, unassigned, true],
  ])('%s', (_, principal, stream, reaches) => {
    expect(mayReach(principal, stream)).toBe(reaches);
  });
});
