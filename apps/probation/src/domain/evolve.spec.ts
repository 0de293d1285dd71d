import { PROBATION_ENTRY_TYPES } from '@icjims/contracts';
import { entry, publishedDetails } from './entries';
import { CASE_ENTRY_TYPES, evolve, REPORT_ENTRY_TYPES } from './evolve';
import {
  absconded, allocated, assessed, attended, drafted, ended, givenCase, givenReport, opened, openedCommunityWork, reportAssigned, requested, scheduled, submitted, violation,
} from './probation-pack.fixtures';

describe('evolve, a probation case', () => {
  it('knows every entry type of the contract in one stream or the other', () => {
    expect(new Set([...CASE_ENTRY_TYPES, ...REPORT_ENTRY_TYPES])).toEqual(new Set(PROBATION_ENTRY_TYPES));
  });

  it('opens the case with its term, obligations and version 1', () => {
    expect(givenCase([opened()])).toMatchObject({
      version: 1,
      status: 'active',
      sourceStepId: 'step-1',
      caseType: 'probation',
      termMonths: 12,
      startsOn: '2026-03-01',
      endsOn: '2027-03-01',
      obligations: ['reporting', 'curfew'],
      communityWork: null,
      office: null,
    });
  });

  it('orders the hours of a community-work case and counts the hours worked', () => {
    const state = givenCase([openedCommunityWork(40), allocated(), entry('community_work_logged', '2026-03-05T10:00:00Z', { workedOn: '2026-03-05', hours: 8 })]);
    expect(state.communityWork).toEqual({ ordered: 40, worked: 8 });
  });

  it('follows allocation and transfer, the region with the office', () => {
    const state = givenCase([opened(), allocated(), allocated({ office: 'PR-B-01', officerId: 'officer-b1', kind: 'transfer', region: 'KG-B' })]);
    expect(state).toMatchObject({ office: 'PR-B-01', officerId: 'officer-b1', region: 'KG-B', version: 3 });
  });

  it('records a scheduled contact and its outcome, and the first meeting once', () => {
    const state = givenCase([opened(), allocated(), scheduled('c-1'), attended(undefined, 'c-1'), attended('2026-03-10T04:00:00.000Z')]);
    expect(state.contacts['c-1']).toMatchObject({ contactKind: 'office_appointment', outcome: 'attended' });
    expect(state.firstMeetingAt).toBe('2026-03-06T04:00:00.000Z');
    expect(state.lastAttendedAt).toBe('2026-03-10T04:00:00.000Z');
    expect(state.contactsRecorded).toBe(2);
  });

  it('does not count a missed contact as the first meeting', () => {
    const missed = entry('contact_recorded', '2026-03-06T04:00:00.000Z', { contactKind: 'phone', outcome: 'missed', excused: true, missedReason: 'illness' });
    expect(givenCase([opened(), allocated(), missed]).firstMeetingAt).toBeNull();
  });

  it('keeps the last assessment and when the next is due', () => {
    expect(givenCase([opened(), allocated(), assessed()]).lastAssessment).toMatchObject({ instrument: 'needs', band: 'low', nextDueOn: '2026-09-07' });
  });

  it('keeps violations with their responses and submissions until decided', () => {
    const state = givenCase([opened(), allocated(), violation(), ...submitted()]);
    expect(state.violations['v-1'].responses).toEqual(['court_extension']);
    expect(state.submissions['s-1']).toMatchObject({ request: 'extension', violationId: 'v-1' });
    expect(state.submissions['s-1'].decision).toBeUndefined();
  });

  it('moves the end of the term by a granted extension and remembers the months', () => {
    const decided = entry('court_decided', '2026-04-01T04:00:00Z', { submissionId: 's-1', request: 'extension', granted: true, extensionMonths: 3, endsOn: '2027-06-01' });
    const state = givenCase([opened(), allocated(), violation(), ...submitted(), decided]);
    expect(state).toMatchObject({ endsOn: '2027-06-01', extensionMonths: 3 });
    expect(state.submissions['s-1'].decision).toEqual({ granted: true, decidedAt: '2026-04-01T04:00:00Z' });
  });

  it('goes absconded and back to active when found', () => {
    const gone = givenCase([opened(), allocated(), absconded()]);
    expect(gone).toMatchObject({ status: 'absconded', abscondedSince: '2026-03-25' });
    expect(givenCase([opened(), allocated(), absconded(), entry('found', '2026-04-01T04:00:00Z', { on: '2026-04-01' })])).toMatchObject({ status: 'active', abscondedSince: null });
  });

  it.each(['completed', 'terminated_early', 'revoked', 'deceased'] as const)('ends %s', (end) => {
    expect(givenCase([opened(), ended(end)])).toMatchObject({ status: end, ended: { end, endedOn: '2026-03-31' } });
  });

  it('amends the term and the person, and annuls', () => {
    const amended = entry('amended', '2026-03-10T04:00:00Z', { sourceStepId: 'step-1', correctionStepId: 'c', termMonths: 6, startsOn: '2026-03-01', endsOn: '2026-09-01', personId: 'p-2' });
    expect(givenCase([opened(), amended])).toMatchObject({ termMonths: 6, endsOn: '2026-09-01', personId: 'p-2', caseType: 'probation', obligations: ['reporting', 'curfew'] });
    const annulled = entry('annulled', '2026-03-10T04:00:00Z', { sourceStepId: 'step-1', correctionStepId: 'c', ground: 'sentence_no_longer_probation' });
    expect(givenCase([opened(), annulled])).toMatchObject({ status: 'annulled', annulment: { correctionStepId: 'c', ground: 'sentence_no_longer_probation' } });
  });

  it('takes the case type, obligations and hours of an amendment that carries them; the hours worked stay', () => {
    const logged = entry('community_work_logged', '2026-03-05T04:00:00Z', { workedOn: '2026-03-05', hours: 8 });
    const amended = (more: object) => entry('amended', '2026-03-10T04:00:00Z', { sourceStepId: 'step-1', correctionStepId: 'c', termMonths: 6, startsOn: '2026-03-01', endsOn: '2026-09-01', ...more });
    const toHours = amended({ caseType: 'community_work', obligations: ['community_work'], communityWorkHours: 6 });
    expect(givenCase([openedCommunityWork(40), logged, toHours])).toMatchObject({ caseType: 'community_work', obligations: ['community_work'], communityWork: { ordered: 6, worked: 8 } });
    expect(givenCase([openedCommunityWork(40), logged, amended({ caseType: 'conditional', obligations: [] })])).toMatchObject({ caseType: 'conditional', obligations: [], communityWork: null });
    expect(givenCase([opened(), amended({ caseType: 'community_work', obligations: ['community_work'], communityWorkHours: 20 })])).toMatchObject({ communityWork: { ordered: 20, worked: 0 } });
  });

  it('refuses to fold an entry of a report into a case', () => {
    expect(() => evolve(givenCase([opened()]), requested())).toThrow(TypeError);
  });

  it('keeps a state that survives JSON unchanged', () => {
    const state = givenCase([opened(), allocated(), scheduled(), attended(), assessed(), violation(), ...submitted(), absconded()]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('evolve, a pre-sentence report', () => {
  it('goes requested → assigned → drafting → submitted', () => {
    expect(givenReport([requested()])).toMatchObject({ status: 'requested', requestedBy: 'court', dueOn: '2026-04-20', version: 1 });
    expect(givenReport([requested(), reportAssigned()])).toMatchObject({ status: 'assigned', office: 'PR-A-01' });
    const drafting = givenReport([requested(), reportAssigned(), drafted('risk_and_needs'), drafted('risk_and_needs')]);
    expect(drafting).toMatchObject({ status: 'drafting', sections: ['risk_and_needs'] });
    const done = givenReport([requested(), reportAssigned(), drafted('risk_and_needs'), entry('report_submitted', '2026-04-10T04:00:00Z', { recommendation: 'supervision_suitable', dueOn: '2026-04-20', onTime: true })]);
    expect(done).toMatchObject({ status: 'submitted', recommendation: 'supervision_suitable', submitted: { onTime: true } });
  });

  it('stays drafting when reassigned, and withdraws', () => {
    const reassigned = entry('allocated', '2026-04-05T04:00:00Z', { office: 'PR-A-01', officerId: 'officer-2', kind: 'reallocation', region: 'KG-A' });
    expect(givenReport([requested(), reportAssigned(), drafted('risk_and_needs'), reassigned])).toMatchObject({ status: 'drafting', officerId: 'officer-2' });
    expect(givenReport([requested(), entry('report_withdrawn', '2026-04-05T04:00:00Z', { sourceStepId: 'step-r' })]).status).toBe('withdrawn');
  });
});

describe('publishedDetails', () => {
  it('drops the journal-only free text and answers', () => {
    expect(publishedDetails(entry('violation_recorded', 'x', { violationId: 'v', obligation: 'o', violationType: 't', occurredOn: 'd', evidence: 'seen at the bar' }))).toEqual({
      violationId: 'v',
      obligation: 'o',
      violationType: 't',
      occurredOn: 'd',
    });
    expect(publishedDetails(drafted('risk_and_needs'))).toEqual({ section: 'risk_and_needs' });
    expect(publishedDetails(entry('report_section_drafted', 'x', { section: 's', text: 'long text' }))).toEqual({ section: 's' });
    expect(publishedDetails(entry('assessment_recorded', 'x', { instrument: 'needs', instrumentVersion: 1, purpose: 'intake', score: 2, band: 'medium', answers: { a: 'b' } }))).not.toHaveProperty('answers');
    expect(publishedDetails(opened())).toEqual(opened().details);
  });
});
