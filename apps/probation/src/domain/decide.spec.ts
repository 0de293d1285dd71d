import type { CaseCommand, ReportCommand } from './commands';
import { CASE_COMMANDS, decide, REPORT_COMMANDS } from './decide';
import {
  absconded, allocated, annulled, context, daysAfterSentence, ended, givenCase, givenReport, NOW, opened, OTHER_OFFICER, requested, run, SENTENCED_AT, supervised,
  systemContext, violation,
} from './probation-pack.fixtures';
import { newProbationCase } from './stream-state';

const AT = daysAfterSentence(30);

/** One well-formed command of every type of a case, for tables that try each. */
const ONE_OF_EACH: { [T in CaseCommand['type']]: Extract<CaseCommand, { type: T }> } = {
  open: { type: 'open', occurredAt: SENTENCED_AT, intake: { sourceStepId: 'step-1', caseType: 'probation', personId: null, termMonths: 12, startsOn: '2026-03-01', endsOn: '2027-03-01', obligations: [] } },
  amend: { type: 'amend', occurredAt: AT, sourceStepId: 'step-1', correctionStepId: 'corr-2', supervision: { personId: null, termMonths: 18, startsOn: '2026-03-01', endsOn: '2027-09-01', caseType: 'probation', obligations: [] } },
  annul: { type: 'annul', occurredAt: AT, sourceStepId: 'step-1', correctionStepId: 'corr-2', ground: 'sentence_annulled' },
  allocate: { type: 'allocate', occurredAt: AT, kind: 'reallocation', office: 'PR-A-01', officerId: 'officer-a2' },
  setPlan: { type: 'setPlan', occurredAt: AT, items: [{ obligation: 'reporting', everyDays: 14 }] },
  scheduleContact: { type: 'scheduleContact', occurredAt: AT, contactId: 'c-9', contactKind: 'phone', scheduledFor: daysAfterSentence(40) },
  recordContact: { type: 'recordContact', occurredAt: AT, contactKind: 'phone', outcome: 'attended' },
  logCommunityWork: { type: 'logCommunityWork', occurredAt: AT, workedOn: '2026-03-30', hours: 4 },
  recordAssessment: { type: 'recordAssessment', occurredAt: AT, instrument: 'needs', instrumentVersion: 1, purpose: 'intake', answers: { housing: 'stable', work: 'some' } },
  recordViolation: { type: 'recordViolation', occurredAt: AT, violationId: 'v-9', obligation: 'curfew', violationType: 'curfew_breach', occurredOn: '2026-03-29' },
  respondToViolation: { type: 'respondToViolation', occurredAt: AT, violationId: 'v-1', response: 'warning' },
  submitToCourt: { type: 'submitToCourt', occurredAt: AT, submissionId: 's-9', request: 'revocation', violationId: 'v-1' },
  recordCourtDecision: { type: 'recordCourtDecision', occurredAt: AT, submissionId: 's-1', granted: false },
  recordAbsconding: { type: 'recordAbsconding', occurredAt: AT, since: '2026-03-28' },
  recordFound: { type: 'recordFound', occurredAt: AT, on: '2026-03-30' },
  recordDeath: { type: 'recordDeath', occurredAt: AT, diedOn: '2026-03-30' },
  completeAtTermEnd: { type: 'completeAtTermEnd', occurredAt: NOW.toISOString() },
  breachDeadline: { type: 'breachDeadline', occurredAt: NOW.toISOString(), rule: 'first_meeting', dueOn: '2026-03-11' },
};

const SYSTEM = new Set(['open', 'amend', 'annul', 'completeAtTermEnd', 'breachDeadline']);
const contextFor = (type: string) => (SYSTEM.has(type) ? systemContext() : context());

describe('decide, what every command of a case passes first', () => {
  it('has a rule for every command, and the table tries each', () => {
    expect(Object.keys(ONE_OF_EACH).sort()).toEqual([...CASE_COMMANDS].sort());
  });

  it.each([...SYSTEM])('refuses %s from anyone but the system (403)', (type) => {
    expect(decide(supervised(), ONE_OF_EACH[type as CaseCommand['type']], context())).toEqual({ ok: false, refusal: expect.objectContaining({ status: 403, code: 'system-only' }) });
  });

  it.each(CASE_COMMANDS)('refuses %s dated in the future, naming occurredAt', (type) => {
    const command = { ...ONE_OF_EACH[type], occurredAt: new Date(NOW.getTime() + 60_000).toISOString() };
    expect(decide(supervised(), command, contextFor(type))).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'future-date', field: 'occurredAt' }) });
  });

  it.each(['yesterday', '2026-03-30', '', '+020000-01-01T00:00:00Z'])('refuses occurredAt %p', (occurredAt) => {
    expect(decide(supervised(), { ...ONE_OF_EACH.recordContact, occurredAt }, context())).toMatchObject({ ok: false, refusal: { code: 'invalid-command', field: 'occurredAt' } });
  });

  it.each(CASE_COMMANDS.filter((type) => type !== 'open'))('refuses %s before the case is opened', (type) => {
    expect(decide(newProbationCase({ caseId: 'c', region: 'KG-A' }), ONE_OF_EACH[type], contextFor(type))).toMatchObject({ ok: false, refusal: { code: 'missing-prerequisite' } });
  });

  it('refuses opening a case twice (409)', () => {
    expect(decide(supervised(), ONE_OF_EACH.open, systemContext())).toMatchObject({ ok: false, refusal: { status: 409, code: 'already-done' } });
  });

  it.each(CASE_COMMANDS.filter((type) => !['open', 'allocate', 'amend', 'annul', 'recordCourtDecision', 'recordFound', 'recordDeath', 'completeAtTermEnd', 'breachDeadline'].includes(type)))(
    'refuses %s before the case is allocated',
    (type) => {
      expect(decide(givenCase([opened()]), ONE_OF_EACH[type], context())).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'missing-prerequisite', reason: expect.stringMatching(/not allocated/) }) });
    },
  );

  it.each(['completed', 'terminated_early', 'revoked', 'deceased'] as const)('after the case ended %s refuses everything but a correction (409)', (end) => {
    const state = supervised(violation(), ended(end));
    for (const type of CASE_COMMANDS) {
      const decision = decide(state, ONE_OF_EACH[type], contextFor(type));
      if (type === 'amend' || type === 'annul') expect([type, decision.ok]).toEqual([type, true]);
      else expect([type, decision]).toEqual([type, { ok: false, refusal: expect.objectContaining({ status: 409, code: type === 'open' ? 'already-done' : 'stream-ended' }) }]);
    }
  });

  it('after an annulment refuses everything, corrections too', () => {
    const state = supervised(annulled());
    for (const type of CASE_COMMANDS) {
      expect([type, decide(state, ONE_OF_EACH[type], contextFor(type))]).toEqual([type, { ok: false, refusal: expect.objectContaining({ status: 409 }) }]);
    }
  });

  it.each(CASE_COMMANDS.filter((type) => !SYSTEM.has(type)))('refuses %s by an officer of another office (403)', (type) => {
    expect(decide(supervised(violation()), ONE_OF_EACH[type], context({ actor: OTHER_OFFICER }))).toEqual({ ok: false, refusal: expect.objectContaining({ status: 403, code: 'other-office' }) });
  });

  it('lets an actor with no office (a supervisor) act on any office', () => {
    expect(decide(supervised(), ONE_OF_EACH.recordContact, context({ actor: { sub: 'boss', roles: ['admin'] } }))).toMatchObject({ ok: true });
  });

  it('refuses a command dated before the case was opened', () => {
    expect(decide(supervised(), { ...ONE_OF_EACH.recordContact, occurredAt: '2026-02-01T00:00:00Z' }, context())).toMatchObject({ ok: false, refusal: { code: 'occurred-too-early', field: 'occurredAt' } });
  });

  it.each(['setPlan', 'scheduleContact', 'recordContact', 'recordAssessment'] as const)('refuses %s while the person is absconding', (type) => {
    expect(decide(supervised(absconded()), ONE_OF_EACH[type], context())).toMatchObject({ ok: false, refusal: { code: 'wrong-status' } });
  });

  it.each(['allocate', 'recordViolation', 'recordFound', 'recordDeath'] as const)('takes %s while the person is absconding', (type) => {
    expect(decide(supervised(absconded()), ONE_OF_EACH[type], context())).toMatchObject({ ok: true });
  });

  it('refuses a command of a report on a case', () => {
    const command: ReportCommand = { type: 'withdrawReport', occurredAt: AT };
    expect(decide(supervised(), command, context())).toMatchObject({ ok: false, refusal: { code: 'invalid-command', field: 'type' } });
  });

  it('refuses a command of a case on a report', () => {
    expect(decide(givenReport([requested()]), ONE_OF_EACH.recordContact, context())).toMatchObject({ ok: false, refusal: { code: 'invalid-command', field: 'type' } });
    expect(REPORT_COMMANDS).toContain('breachDeadline');
  });
});

describe('a probation case from the sentence to its completion', () => {
  it('is opened, allocated, planned, met, assessed, violated, extended by the court, worked through and completed', () => {
    const at = (days: number) => daysAfterSentence(days);
    const ctx = (days: number) => context({ now: new Date(Date.parse(at(days)) + 60_000) });
    const sys = (days: number) => systemContext({ now: new Date(Date.parse(at(days)) + 60_000) });
    let state = givenCase([]);
    state = run(state, { ...ONE_OF_EACH.open, intake: { ...ONE_OF_EACH.open.intake, personId: 'p', obligations: ['reporting', 'curfew'] } }, sys(0));
    state = run(state, { type: 'allocate', occurredAt: at(1), kind: 'initial', office: 'PR-A-01', officerId: 'officer-a1' }, ctx(1));
    state = run(state, { type: 'setPlan', occurredAt: at(2), items: [{ obligation: 'reporting', everyDays: 14 }, { obligation: 'curfew' }] }, ctx(2));
    state = run(state, { type: 'scheduleContact', occurredAt: at(2), contactId: 'c-1', contactKind: 'office_appointment', scheduledFor: at(5) }, ctx(2));
    state = run(state, { type: 'recordContact', occurredAt: at(5), contactId: 'c-1', contactKind: 'office_appointment', outcome: 'attended' }, ctx(5));
    state = run(state, { ...ONE_OF_EACH.recordAssessment, occurredAt: at(6) }, ctx(6));
    state = run(state, { type: 'recordViolation', occurredAt: at(40), violationId: 'v-1', obligation: 'curfew', violationType: 'curfew_breach', occurredOn: '2026-04-09', evidence: 'police report' }, ctx(40));
    state = run(state, { type: 'respondToViolation', occurredAt: at(41), violationId: 'v-1', response: 'warning' }, ctx(41));
    state = run(state, { type: 'submitToCourt', occurredAt: at(42), submissionId: 's-1', request: 'extension', violationId: 'v-1' }, ctx(42));
    expect(decide(state, { type: 'completeAtTermEnd', occurredAt: at(400) }, sys(400))).toMatchObject({ ok: false, refusal: { code: 'wrong-status' } });
    state = run(state, { type: 'recordCourtDecision', occurredAt: at(60), submissionId: 's-1', granted: true, extensionMonths: 3 }, ctx(60));
    expect(state).toMatchObject({ endsOn: '2027-06-01', status: 'active' });
    expect(decide(state, { type: 'completeAtTermEnd', occurredAt: at(400) }, sys(400))).toMatchObject({ ok: false, refusal: { code: 'term-not-over' } });
    state = run(state, { type: 'completeAtTermEnd', occurredAt: '2027-06-01T00:00:00Z' }, systemContext({ now: new Date('2027-06-01T00:00:00Z') }));
    expect(state).toMatchObject({ status: 'completed', ended: { end: 'completed', endedOn: '2027-06-01' }, version: 12 });
    expect(state.violations['v-1'].responses).toEqual(['warning', 'court_extension']);
    expect(state.deadlines.map(({ rule, metAt, stoppedAt }) => [rule, Boolean(metAt), Boolean(stoppedAt)])).toEqual([
      ['first_meeting', true, false],
      ['term_end', true, false],
      ['reassessment', false, true],
    ]);
  });

  it('keeps allocated entries self-contained: a transfer names the new region', () => {
    const decision = decide(supervised(), { type: 'allocate', occurredAt: AT, kind: 'transfer', office: 'PR-B-01', officerId: 'officer-b1' }, context());
    expect(decision).toEqual({ ok: true, entries: [{ entryType: 'allocated', occurredAt: AT, details: { office: 'PR-B-01', officerId: 'officer-b1', kind: 'transfer', region: 'KG-B' } }] });
  });

  it('takes an initial allocation before any other work', () => {
    expect(decide(givenCase([opened()]), { type: 'allocate', occurredAt: AT, kind: 'initial', office: 'PR-A-01', officerId: 'o' }, context())).toMatchObject({ ok: true });
    expect(givenCase([opened(), allocated()]).office).toBe('PR-A-01');
  });
});
