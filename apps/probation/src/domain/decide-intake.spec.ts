import type { AmendCase, OpenCase } from './commands';
import { decide } from './decide';
import { allocated, attended, context, daysAfterSentence, ended, givenCase, opened, openedCommunityWork, OFFICER, run, SENTENCED_AT, supervised, systemContext, violation } from './probation-pack.fixtures';
import { Intake } from './intake';
import { newProbationCase } from './stream-state';
import { entry } from './entries';

const intake = (overrides: Partial<Intake> = {}): Intake => ({
  sourceStepId: 'step-1',
  caseType: 'probation',
  personId: 'p-1',
  termMonths: 12,
  startsOn: '2026-03-01',
  endsOn: '2027-03-01',
  obligations: ['reporting'],
  ...overrides,
});
const open = (overrides: Partial<Intake> = {}): OpenCase => ({ type: 'open', occurredAt: SENTENCED_AT, intake: intake(overrides) });
const fresh = () => newProbationCase({ caseId: 'c', region: 'KG-A' });

describe('open', () => {
  it('appends `opened` with the intake', () => {
    expect(decide(fresh(), open(), systemContext())).toEqual({
      ok: true,
      entries: [entry('opened', SENTENCED_AT, { sourceStepId: 'step-1', caseType: 'probation', termMonths: 12, startsOn: '2026-03-01', endsOn: '2027-03-01', obligations: ['reporting'] })],
    });
  });

  it('orders the hours of a community-work case', () => {
    const decision = decide(fresh(), open({ caseType: 'community_work', communityWorkHours: 60 }), systemContext());
    expect(decision).toMatchObject({ ok: true, entries: [{ details: { caseType: 'community_work', communityWorkHours: 60 } }] });
  });

  it.each([
    [{ caseType: 'house_arrest' }, 'unknown-code', 'intake.caseType'],
    [{ obligations: ['reporting', 'singing'] }, 'unknown-code', 'intake.obligations.1'],
    [{ obligations: ['reporting', 'reporting'] }, 'invalid-command', 'intake.obligations'],
    [{ termMonths: 0 }, 'invalid-command', 'intake.termMonths'],
    [{ startsOn: '2026-02-30' }, 'invalid-command', 'intake.startsOn'],
    [{ endsOn: '2027-03-02' }, 'invalid-command', 'intake.endsOn'],
    [{ caseType: 'community_work' }, 'invalid-command', 'intake.communityWorkHours'],
    [{ communityWorkHours: 10 }, 'wrong-case-type', 'intake.communityWorkHours'],
    [{ startsOn: '9999-06-01', endsOn: '9999-12-01' }, 'invalid-command', 'intake.termMonths'],
  ])('refuses an intake with %j', (overrides, code, field) => {
    expect(decide(fresh(), open(overrides), systemContext())).toMatchObject({ ok: false, refusal: { code, field } });
  });
});

describe('amend', () => {
  const amend = (supervision: Partial<AmendCase['supervision']> = {}, sourceStepId = 'step-1'): AmendCase => ({
    type: 'amend',
    occurredAt: daysAfterSentence(10),
    sourceStepId,
    correctionStepId: 'corr-1',
    supervision: { personId: 'p-2', termMonths: 6, startsOn: '2026-03-01', endsOn: '2026-09-01', caseType: 'probation', obligations: ['reporting', 'curfew'], ...supervision },
  });
  const details = { sourceStepId: 'step-1', correctionStepId: 'corr-1', termMonths: 6, startsOn: '2026-03-01', endsOn: '2026-09-01', personId: 'p-2', caseType: 'probation', obligations: ['reporting', 'curfew'] };

  it('moves the term and names the person, and says the court\'s other terms as they stand', () => {
    expect(decide(supervised(), amend(), systemContext())).toEqual({ ok: true, entries: [entry('amended', daysAfterSentence(10), details)] });
  });

  it.each([
    ['the case type', { caseType: 'conditional' }],
    ['the obligations', { obligations: ['treatment'] }],
  ])('changes %s alone', (_, changed) => {
    const same = { personId: 'p-1', termMonths: 12 };
    const state = { ...supervised(), personId: 'p-1' };
    expect(decide(state, amend({ ...same, ...changed }), systemContext())).toMatchObject({ ok: true, entries: [{ entryType: 'amended', details: { ...changed, termMonths: 12, endsOn: '2027-03-01' } }] });
  });

  describe('of community work', () => {
    const working = (worked: number) => givenCase([openedCommunityWork(40), allocated(), attended(), entry('community_work_logged', daysAfterSentence(6), { workedOn: '2026-03-07', hours: worked })]);
    const hours = (communityWorkHours: number) => amend({ personId: null, termMonths: 6, caseType: 'community_work', obligations: ['community_work'], communityWorkHours });

    it('changes the hours ordered and keeps the hours worked', () => {
      const after = run(working(8), hours(60), systemContext());
      expect(after.communityWork).toEqual({ ordered: 60, worked: 8 });
      expect(after.status).toBe('active');
    });

    it('accepts an order lowered below the hours worked: the work is done, and the round completes the case', () => {
      const after = run(working(8), hours(5), systemContext());
      expect(after.communityWork).toEqual({ ordered: 5, worked: 8 });
      expect(decide(after, { type: 'completeAtTermEnd', occurredAt: daysAfterSentence(12) }, systemContext())).toMatchObject({ ok: true, entries: [{ entryType: 'ended', details: { end: 'completed' } }] });
    });

    it('ends the community work when the corrected decision orders none', () => {
      const after = run(working(8), amend({ personId: null, termMonths: 6 }), systemContext());
      expect(after).toMatchObject({ caseType: 'probation', obligations: ['reporting', 'curfew'], communityWork: null });
    });

    it('refuses what changes nothing, hours included (409)', () => {
      expect(decide({ ...working(8), personId: null }, hours(40), systemContext())).toMatchObject({ ok: false, refusal: { status: 409, code: 'already-done' } });
    });
  });

  it('keeps the months a court added', () => {
    const extended = entry('court_decided', daysAfterSentence(9), { submissionId: 's', request: 'extension', granted: true, extensionMonths: 2, endsOn: '2027-05-01' });
    const state = supervised(violation('v-1', daysAfterSentence(8), '2026-03-08'), entry('court_submitted', daysAfterSentence(8), { submissionId: 's', request: 'extension', violationId: 'v-1' }), extended);
    expect(decide(state, amend(), systemContext())).toMatchObject({ ok: true, entries: [{ details: { termMonths: 6, endsOn: '2026-11-01' } }] });
  });

  it('applies to an ended case too', () => {
    expect(decide(supervised(ended('deceased')), amend(), systemContext())).toMatchObject({ ok: true });
  });

  it('refuses what changes nothing (409)', () => {
    const same = givenCase([opened(), allocated()]);
    expect(decide({ ...same, personId: 'p' }, amend({ personId: 'p', termMonths: 12 }), systemContext())).toMatchObject({ ok: false, refusal: { status: 409, code: 'already-done' } });
    expect(decide({ ...same, personId: 'p' }, amend({ personId: 'p', termMonths: 12, obligations: ['curfew', 'reporting'] }), systemContext())).toMatchObject({ ok: false, refusal: { code: 'already-done' } });
  });

  it.each([
    [amend({}, 'step-9'), 'sourceStepId'],
    [amend({ termMonths: 601 }), 'supervision.termMonths'],
    [amend({ startsOn: '01.03.2026' }), 'supervision.startsOn'],
    [amend({ startsOn: '9999-06-01', termMonths: 12 }), 'supervision.termMonths'],
    [amend({ caseType: 'fine' }), 'supervision.caseType'],
    [amend({ obligations: ['flying'] }), 'supervision.obligations.0'],
    [amend({ obligations: ['curfew', 'curfew'] }), 'supervision.obligations'],
    [amend({ caseType: 'community_work' }), 'supervision.communityWorkHours'],
  ])('refuses a correction that does not fit (%#)', (command, field) => {
    expect(decide(supervised(), command, systemContext())).toMatchObject({ ok: false, refusal: { field } });
  });

  it('refuses hours ordered on a case that orders no community work', () => {
    expect(decide(supervised(), amend({ communityWorkHours: 10 }), systemContext())).toMatchObject({ ok: false, refusal: { code: 'wrong-case-type', field: 'supervision.communityWorkHours' } });
  });
});

describe('annul', () => {
  it('appends `annulled` with its ground', () => {
    const command = { type: 'annul' as const, occurredAt: daysAfterSentence(10), sourceStepId: 'step-1', correctionStepId: 'corr-1', ground: 'sentence_no_longer_probation' as const };
    expect(decide(supervised(), command, systemContext())).toEqual({
      ok: true,
      entries: [entry('annulled', daysAfterSentence(10), { sourceStepId: 'step-1', correctionStepId: 'corr-1', ground: 'sentence_no_longer_probation' })],
    });
    expect(decide(supervised(), { ...command, sourceStepId: 'other' }, systemContext())).toMatchObject({ ok: false, refusal: { field: 'sourceStepId' } });
  });
});

describe('allocate', () => {
  const allocate = (kind: 'initial' | 'reallocation' | 'transfer', office = 'PR-A-01', officerId = 'officer-a2') => ({ type: 'allocate' as const, occurredAt: daysAfterSentence(3), kind, office, officerId });
  const openedOnly = () => givenCase([opened()]);

  it('first allocates to an office and an officer, with the office region', () => {
    expect(decide(openedOnly(), allocate('initial', 'PR-A-02'), context({ actor: { sub: 'boss', roles: ['admin'] } }))).toEqual({
      ok: true,
      entries: [entry('allocated', daysAfterSentence(3), { office: 'PR-A-02', officerId: 'officer-a2', kind: 'initial', region: 'KG-A' })],
    });
  });

  it('lets an officer allocate an unallocated case only to their own office', () => {
    expect(decide(openedOnly(), allocate('initial', 'PR-A-02'), context({ actor: OFFICER }))).toMatchObject({ ok: false, refusal: { status: 403, code: 'other-office', field: 'office' } });
    expect(decide(openedOnly(), allocate('initial', 'PR-A-01'), context({ actor: OFFICER }))).toMatchObject({ ok: true });
  });

  it('reallocates within the office and transfers to another, into its region', () => {
    expect(decide(supervised(), allocate('reallocation'), context())).toMatchObject({ ok: true, entries: [{ details: { kind: 'reallocation', region: 'KG-A' } }] });
    expect(decide(supervised(), allocate('transfer', 'PR-B-01'), context())).toMatchObject({ ok: true, entries: [{ details: { kind: 'transfer', office: 'PR-B-01', region: 'KG-B' } }] });
  });

  it.each([
    ['an unknown office', openedOnly, allocate('initial', 'PR-Z-99'), 'unknown-code', 'office'],
    ['an empty officer', openedOnly, allocate('initial', 'PR-A-01', ''), 'invalid-command', 'officerId'],
    ['an initial allocation twice', supervised, allocate('initial'), 'already-done', 'kind'],
    ['a reallocation before any allocation', openedOnly, allocate('reallocation'), 'missing-prerequisite', 'kind'],
    ['a transfer before any allocation', openedOnly, allocate('transfer', 'PR-B-01'), 'missing-prerequisite', 'kind'],
    ['a reallocation to another office', supervised, allocate('reallocation', 'PR-B-01'), 'invalid-command', 'office'],
    ['a reallocation to the same officer', supervised, allocate('reallocation', 'PR-A-01', 'officer-a1'), 'already-done', 'officerId'],
    ['a transfer to the same office', supervised, allocate('transfer', 'PR-A-01'), 'invalid-command', 'office'],
    ['an unknown kind', supervised, { ...allocate('transfer'), kind: 'loan' as never }, 'invalid-command', 'kind'],
  ])('refuses %s', (_, given, command, code, field) => {
    expect(decide(given(), command, context({ actor: { sub: 'boss', roles: ['admin'] } }))).toMatchObject({ ok: false, refusal: { code, field } });
  });
});
