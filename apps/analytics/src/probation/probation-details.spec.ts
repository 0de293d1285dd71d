import { probationDetailsProblem } from './probation-details';

describe('the probation details analytics reads', () => {
  it('takes the details of each entry type as the contract types them', () => {
    expect(probationDetailsProblem('opened', { caseType: 'probation', startsOn: '2026-02-01', endsOn: '2027-02-01', termMonths: 12, obligations: [] })).toBeUndefined();
    expect(probationDetailsProblem('opened', { caseType: 'community_work', startsOn: '2026-02-01', communityWorkHours: 120 })).toBeUndefined();
    expect(probationDetailsProblem('amended', { startsOn: '2026-02-01' })).toBeUndefined();
    expect(probationDetailsProblem('amended', { startsOn: '2026-02-01', caseType: 'community_work', obligations: [], communityWorkHours: 80 })).toBeUndefined();
    expect(probationDetailsProblem('ended', { end: 'revoked', endedOn: '2026-12-31' })).toBeUndefined();
    expect(probationDetailsProblem('report_submitted', { recommendation: 'probation', dueOn: '2026-03-01', onTime: false })).toBeUndefined();
    // Entry types whose details analytics does not read are not checked.
    expect(probationDetailsProblem('plan_set', {})).toBeUndefined();
  });

  it.each([
    ['opened', { caseType: 'probation', startsOn: '2026-02-30' }, 'details.startsOn must be a date YYYY-MM-DD'],
    ['opened', { caseType: 'probation', startsOn: '2026-02-01', communityWorkHours: -1 }, 'details.communityWorkHours'],
    ['amended', { startsOn: 'tomorrow' }, 'details.startsOn'],
    ['amended', { startsOn: '2026-02-01', caseType: '' }, 'details.caseType must be a code'],
    ['amended', { startsOn: '2026-02-01', caseType: 'community_work', communityWorkHours: 'many' }, 'details.communityWorkHours'],
    ['allocated', { office: 'PR-1' }, 'details.officerId must be an id'],
    ['community_work_logged', { workedOn: '2026-03-02', hours: '4' }, 'details.hours'],
    ['ended', { end: 'escaped', endedOn: '2026-03-02' }, 'details.end must be completed, terminated_early, revoked, deceased'],
    ['report_submitted', { onTime: 'yes' }, 'details.onTime must be true or false'],
  ])('refuses a %s entry whose details it cannot count (%j)', (entryType, details, problem) => {
    expect(probationDetailsProblem(entryType, details)).toContain(problem);
  });
});
